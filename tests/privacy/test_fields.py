"""`mask_record` keeps only allow-listed fields of raw Coupang records and masks each one."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.privacy import ALLOW_LISTS, mask_record

FIXTURES = Path(__file__).parents[2] / ".." / "shared" / "fixtures" / "coupang-docs"

# A synthetic return request with planted personal data in every sensitive field.
RETURN_REQUEST: dict[str, Any] = {
    "receiptId": 365937,
    "orderId": 2088995790328,
    "receiptStatus": "RETURNS_UNCHECKED",
    "createdAt": "2026-03-25T13:05:30",
    "requesterName": "홍길동",
    "requesterPhoneNumber": "0504-1925-4122",
    "requesterRealPhoneNumber": "010-9876-5432",
    "requesterAddress": "서울특별시 송파구 송파대로 570 (신천동)",
    "requesterAddressDetail": "꿈마을아파트 101동 1203호",
    "requesterZipCode": "05510",
    "cancelReason": "수령인 김영희 010-2222-3333 으로 연락 주세요",
    "cancelCountSum": 1,
    "enclosePrice": {"currencyCode": "KRW", "units": 0, "nanos": 0, "note": "x"},
    "returnItems": [
        {"vendorItemId": 3000001893, "vendorItemName": "캠핑 의자 AB-7700", "secret": "x"},
        "not an object",
    ],
    "returnDeliveryDtos": [{"deliveryCompanyCode": "CJGLS", "deliveryInvoiceNo": "201807261200"}],
    "futureField": "010-1111-2222",
}


def test_return_request_masks_each_field() -> None:
    masked = mask_record("return_request", RETURN_REQUEST)

    assert masked["receiptId"] == 365937
    assert masked["orderId"] == 2088995790328
    assert masked["receiptStatus"] == "RETURNS_UNCHECKED"
    assert masked["requesterName"] == "홍*동"
    assert masked["requesterPhoneNumber"] == "0504-****-4122"
    assert masked["requesterAddress"] == "서울특별시 송파구 송파대로 ***"
    assert masked["requesterAddressDetail"] == "***"
    assert masked["requesterZipCode"] == "055**"
    assert masked["cancelReason"] == "수령인 김*희 010-****-3333 으로 연락 주세요"
    assert masked["cancelCountSum"] == 1
    assert masked["returnDeliveryDtos"][0]["deliveryInvoiceNo"] == "201807261200"


def test_return_request_drops_unlisted_fields() -> None:
    masked = mask_record("return_request", RETURN_REQUEST)

    assert "requesterRealPhoneNumber" not in masked
    assert "futureField" not in masked
    assert masked["enclosePrice"] == {"currencyCode": "KRW", "units": 0, "nanos": 0}
    assert masked["returnItems"] == [
        {"vendorItemId": 3000001893, "vendorItemName": "캠핑 의자 AB-7700"}
    ]


def test_mask_record_leaves_input_unchanged() -> None:
    original = copy.deepcopy(RETURN_REQUEST)

    mask_record("return_request", RETURN_REQUEST)

    assert original == RETURN_REQUEST


def test_order_sheet_never_shows_customs_or_real_numbers() -> None:
    record = {
        "orderId": 500000596,
        "orderer": {"name": "김문근", "email": "mgkim77@example.com", "ordererNumber": "010-1"},
        "receiver": {
            "name": "JOHN SMITH",
            "safeNumber": "0501-111-2222",
            "receiverNumber": "010-5555-6666",
            "addr1": "경기도 화성시 동탄면 동탄대로9길 20",
            "addr2": "Lh26단지 101동",
            "postCode": "18488",
        },
        "overseaShippingInfoDto": {
            "personalCustomsClearanceCode": "P123456789012",
            "ordererSsn": "900101-1234567",
            "ordererPhoneNumber": "010-7777-8888",
        },
        "parcelPrintMessage": "공동현관 비밀번호 #1234#",
    }

    masked = mask_record("order_sheet", record)

    assert "overseaShippingInfoDto" not in masked
    assert masked["orderer"] == {"name": "김*근", "email": "mg*****@example.com"}
    assert masked["receiver"] == {
        "name": "JO** SM***",
        "safeNumber": "0501-***-2222",
        "addr1": "경기도 화성시 동탄면 동탄대로9길 ***",
        "addr2": "***",
        "postCode": "184**",
    }
    assert masked["parcelPrintMessage"] == "공동현관 비밀번호 [출입번호]"


def test_call_center_inquiry_masks_replies() -> None:
    record = {
        "inquiryId": 1015668177,
        "vendorItemId": [3285906659],
        "buyerPhone": "+82 10-1234-5678",
        "replies": [
            {
                "answerId": 1027082307,
                "receptionistName": "상담사 김철수",
                "receptionist": "agent01",
                "content": "◼고객명/연락처: <<홍길동/010-1234-5678>>",
            }
        ],
    }

    masked = mask_record("call_center_inquiry", record)

    assert masked["vendorItemId"] == [3285906659]
    assert masked["buyerPhone"] == "010-****-5678"
    assert masked["replies"] == [
        {"answerId": 1027082307, "content": "◼고객명/연락처: <<홍*동/010-****-5678>>"}
    ]


def test_unexpected_shapes_are_dropped() -> None:
    record = {"inquiryId": {"nested": "010-1234-5678"}, "content": ["연락처 010-1234-5678", 3, {}]}

    masked = mask_record("online_inquiry", record)

    assert "inquiryId" not in masked
    assert masked["content"] == ["연락처 010-****-5678", 3]


def test_unknown_kind_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown record kind 'refund'"):
        mask_record("refund", {})


@pytest.mark.parametrize(
    ("kind", "fixture", "path"),
    [
        ("online_inquiry", "online-inquiries.list.response.json", ("data", "content")),
        ("call_center_inquiry", "call-center-inquiries.list.response.json", ("data", "content")),
        ("return_request", "return-requests.get.response.json", ("data",)),
        ("return_request", "return-requests.list.response.json", ("data",)),
        ("exchange_request", "exchange-requests.list.response.json", ("data",)),
        ("order_sheet", "ordersheets.by-order-id.response.json", ("data",)),
    ],
)
def test_coupang_doc_samples_mask(kind: str, fixture: str, path: tuple[str, ...]) -> None:
    sample = FIXTURES / fixture
    if not sample.is_file():
        pytest.skip(f"Coupang doc sample not found at {sample}")
    body: Any = json.loads(sample.read_text(encoding="utf-8"))
    for key in path:
        body = body[key]
    records = body if isinstance(body, list) else [body]

    masked = [mask_record(kind, record) for record in records]

    assert masked
    for original, result in zip(records, masked, strict=True):
        assert set(result) <= set(ALLOW_LISTS[kind])
        assert set(result) <= set(original)
        serialized = json.dumps(result, ensure_ascii=False)
        for secret in ("김문근", "이인용", "김혜은", "임송이", "570", "05510", "+1(555)444"):
            assert secret not in serialized


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(ALLOW_LISTS)), st.data())
def test_mask_record_accepts_any_json(kind: str, data: st.DataObject) -> None:
    fields = st.sampled_from(sorted(ALLOW_LISTS[kind]))
    record = data.draw(st.dictionaries(fields | st.text(max_size=8), _JSON, max_size=8))

    masked = mask_record(kind, record)

    assert set(masked) <= set(ALLOW_LISTS[kind])
    assert mask_record(kind, masked) == masked
