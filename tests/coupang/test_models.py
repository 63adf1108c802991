"""Response models: every Coupang doc sample parses, timestamps normalize, reprs hide PII."""

import json
import traceback
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from coupang.client import CoupangClient, ExchangeInvoice
from coupang.errors import CoupangError, CoupangResponseError
from coupang.fields import parse_coupang_date, parse_coupang_datetime, parse_money
from coupang.models import (
    CallCenterInquiry,
    CallCenterInquiryPage,
    ExchangeDeliveryStatus,
    ExchangeRejectCode,
    ExchangeRequest,
    ExchangeStatus,
    InquiryStatus,
    OnlineInquiry,
    OnlineInquiryPage,
    OrderSheet,
    OrderStatus,
    ReceiptStatus,
    ResultData,
    ReturnInvoice,
    ReturnRequest,
    ReturnShippingCenter,
    ReturnStatusFilter,
    ReturnWithdrawal,
    SellerProduct,
)
from coupang.responses import DataShape, check_envelope, extract_data, parse_model
from tests.coupang.fake_coupang import FIXTURES, FakeCoupang, fixture_reply

ClientCall = Callable[[CoupangClient], Awaitable[Any]]
KST_DAY = (date(2025, 1, 1), date(2025, 1, 7))
UTC_WINDOW = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))

# The client call whose response each doc sample is.
RESPONSE_CALLS: dict[str, ClientCall] = {
    "call-center-inquiries.confirm": lambda c: c.confirm_call_center_inquiry(1, "wing-user"),
    "call-center-inquiries.get": lambda c: c.get_call_center_inquiry(258799946),
    "call-center-inquiries.list": lambda c: c.list_call_center_inquiries(*KST_DAY),
    "call-center-inquiries.reply": lambda c: c.reply_to_call_center_inquiry(
        1007837444, "안녕하세요\n확인 부탁드립니다.", "wing-user", 1023208324
    ),
    "exchange-requests.invoices": lambda c: c.upload_exchange_invoices(
        100000170, [ExchangeInvoice(197277127, "CJGLS", "123456431")]
    ),
    "exchange-requests.list": lambda c: c.list_exchange_requests(*UTC_WINDOW),
    "exchange-requests.receive-confirmation": lambda c: c.confirm_exchange_receipt(40362),
    "exchange-requests.rejection": lambda c: c.reject_exchange_request(
        100000070, ExchangeRejectCode.SOLDOUT
    ),
    "online-inquiries.list": lambda c: c.list_online_inquiries(*KST_DAY),
    "online-inquiries.reply": lambda c: c.reply_to_online_inquiry(846, "답변입니다", "wing-user"),
    "ordersheets.by-order-id": lambda c: c.get_order_sheets(500000596),
    "return-invoice.register": lambda c: c.register_return_invoice(
        101606005,
        delivery_type="EXCHANGE",
        delivery_company_code="KDEXP",
        invoice_number="201805291435",
        reg_number="1234568",
    ),
    "return-requests.approval": lambda c: c.approve_return_request(363585, 1),
    "return-requests.get": lambda c: c.get_return_request(365937),
    "return-requests.list-timeframe": lambda c: c.list_return_requests_in_timeframe(
        ReturnStatusFilter.RETURNS_UNCHECKED, *UTC_WINDOW[:1], UTC_WINDOW[0] + timedelta(hours=10)
    ),
    "return-requests.list": lambda c: c.list_return_requests(
        ReturnStatusFilter.RETURNS_UNCHECKED, *KST_DAY
    ),
    "return-requests.receive-confirmation": lambda c: c.confirm_return_receipt(363585),
    "return-withdraw.by-ids": lambda c: c.get_return_withdrawals([87033689]),
    "return-withdraw.by-period": lambda c: c.list_return_withdrawals(*KST_DAY),
}

# Keys that the doc's request sample and the client's body legitimately differ in. The
# rejection sample predates the field table, which requires vendorId and drops userId.
REQUEST_KEY_EXCEPTIONS = {"exchange-requests.rejection": ({"userId"}, {"vendorId"})}


def sample_names(suffix: str) -> list[str]:
    if not FIXTURES.is_dir():
        return ["<doc samples missing>"]
    return sorted(path.name.removesuffix(suffix) for path in FIXTURES.glob(f"*{suffix}"))


def skip_if_missing(name: str) -> None:
    if name == "<doc samples missing>":
        pytest.skip(f"Coupang doc samples not found at {FIXTURES}")


@pytest.mark.parametrize("name", sample_names(".response.json"))
async def test_doc_response_sample_parses(
    client: CoupangClient, fake: FakeCoupang, name: str
) -> None:
    skip_if_missing(name)
    assert name in RESPONSE_CALLS, f"no client call is mapped to the sample {name}"
    fake.queue(fixture_reply(f"{name}.response.json"))

    result = await RESPONSE_CALLS[name](client)

    assert len(fake.requests) == 1
    assert fake.requests[0].signature_valid
    if isinstance(result, list):
        assert result
    elif hasattr(result, "items"):
        assert result.items
    elif hasattr(result, "content"):
        assert result.content


@pytest.mark.parametrize("name", sample_names(".request.json"))
async def test_request_body_matches_doc_sample(
    client: CoupangClient, fake: FakeCoupang, name: str
) -> None:
    skip_if_missing(name)
    documented = json.loads((FIXTURES / f"{name}.request.json").read_text("utf-8"))
    fake.queue(fixture_reply(f"{name}.response.json"))

    await RESPONSE_CALLS[name](client)

    sent = fake.requests[0].json()
    documented_item = documented[0] if isinstance(documented, list) else documented
    sent_item = sent[0] if isinstance(sent, list) else sent
    assert isinstance(sent, list) == isinstance(documented, list)
    assert isinstance(sent_item, dict)
    only_in_doc, only_sent = REQUEST_KEY_EXCEPTIONS.get(name, (set(), set()))
    assert set(documented_item) - only_in_doc == set(sent_item) - only_sent


async def test_call_center_sample_fields(client: CoupangClient, fake: FakeCoupang) -> None:
    if not FIXTURES.is_dir():
        pytest.skip(f"Coupang doc samples not found at {FIXTURES}")
    fake.queue(fixture_reply("call-center-inquiries.get.response.json"))

    inquiry = await client.get_call_center_inquiry(258799946)

    assert inquiry.inquiry_status is InquiryStatus.PROGRESS
    assert inquiry.vendor_item_ids == [75235680736]
    assert inquiry.reply_parent_answer_id == 21128942421017
    # -08:00 in the sample: 14:17:13 there is 22:17:13 UTC.
    assert inquiry.inquiry_at == datetime(2025, 1, 15, 22, 17, 13, 973885, tzinfo=UTC)
    assert inquiry.answer_deadline == datetime(2025, 1, 16, 22, 17, 13, 973885, tzinfo=UTC)
    assert inquiry.can_reply
    assert inquiry.sale_ended_at == date(2099, 12, 29)


async def test_exchange_sample_fields(client: CoupangClient, fake: FakeCoupang) -> None:
    if not FIXTURES.is_dir():
        pytest.skip(f"Coupang doc samples not found at {FIXTURES}")
    fake.queue(fixture_reply("exchange-requests.list.response.json"))

    page = await client.list_exchange_requests(*UTC_WINDOW)

    first = page.items[0]
    assert first.exchange_status is ExchangeStatus.PROGRESS
    assert first.collect_status == "Collecting"
    assert first.delivery_status is ExchangeDeliveryStatus.BEFORE_DIRECTION
    assert first.order_delivery_status_code is OrderStatus.FINAL_DELIVERY
    assert first.items[0].original_shipment_box_id == 519998364
    assert first.address is not None
    assert first.created_at == datetime(2018, 3, 5, 1, 54, 41, tzinfo=UTC)
    assert first.replacement_shipment_box_ids == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-15T14:17:13.973885-08:00", datetime(2025, 1, 15, 22, 17, 13, 973885, UTC)),
        ("2025-01-15T14:17:13.973885+09:00", datetime(2025, 1, 15, 5, 17, 13, 973885, UTC)),
        ("2025-01-15T14:17:13Z", datetime(2025, 1, 15, 14, 17, 13, tzinfo=UTC)),
        ("2025-01-15T14:17:13.1+0900", datetime(2025, 1, 15, 5, 17, 13, 100000, UTC)),
        ("2025-01-15T14:17:13.123456789+09:00", datetime(2025, 1, 15, 5, 17, 13, 123456, UTC)),
        ("2015-05-27 09:38:32", datetime(2015, 5, 27, 0, 38, 32, tzinfo=UTC)),
        ("2018-03-05T10:54:41", datetime(2018, 3, 5, 1, 54, 41, tzinfo=UTC)),
        ("2024-11-01T00:00", datetime(2024, 10, 31, 15, 0, tzinfo=UTC)),
        ("", None),
        (None, None),
    ],
)
def test_timestamp_shapes_normalize_to_utc(text: str | None, expected: datetime | None) -> None:
    parsed = parse_coupang_datetime(text)

    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is UTC


@pytest.mark.parametrize(
    "text", ["2025-01-15", "15/01/2025 10:00", "2025-13-01T00:00", "now", "2025-01-15T25:00"]
)
def test_timestamp_rejects_other_shapes(text: str) -> None:
    with pytest.raises(ValueError):
        parse_coupang_datetime(text)


def test_date_parses_plain_dates() -> None:
    assert parse_coupang_date("2023-07-24") == date(2023, 7, 24)
    assert parse_coupang_date("") is None
    with pytest.raises(ValueError):
        parse_coupang_date("2023-07-24T00:00")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2500, Decimal(2500)),
        (-2500, Decimal(-2500)),
        ("14000", Decimal(14000)),
        (1.5, Decimal("1.5")),
        ({"currencyCode": "KRW", "units": 1500, "nanos": 500000000}, Decimal("1500.5")),
        ({"currencyCode": "KRW", "units": "-3000", "nanos": 0}, Decimal(-3000)),
        ({"currencyCode": "KRW", "units": 0}, Decimal(0)),
        (None, None),
        ("", None),
    ],
)
def test_money_parses_number_and_object(value: object, expected: Decimal | None) -> None:
    assert parse_money(value) == expected


@pytest.mark.parametrize("value", [True, "abc", "NaN", [1], {"units": "x"}])
def test_money_rejects_non_numbers(value: object) -> None:
    with pytest.raises(ValueError):
        parse_money(value)


def test_eighteen_digit_box_id_stays_exact() -> None:
    sheet = OrderSheet.model_validate({"shipmentBoxId": 123456789012345678})

    assert sheet.shipment_box_id == 123456789012345678


def test_money_object_in_return_request() -> None:
    payload = {
        "receiptId": 1,
        "returnShippingCharge": {"currencyCode": "KRW", "units": -2500, "nanos": 0},
        "enclosePrice": 0,
    }

    request = ReturnRequest.model_validate(payload)

    assert request.return_shipping_charge == Decimal(-2500)
    assert request.enclose_price == Decimal(0)


def test_unknown_status_is_kept_as_text() -> None:
    request = ReturnRequest.model_validate({"receiptId": 1, "receiptStatus": "NEW_STATUS"})
    known = ReturnRequest.model_validate({"receiptId": 1, "receiptStatus": "RETURNS_UNCHECKED"})

    assert request.receipt_status == "NEW_STATUS"
    assert known.receipt_status is ReceiptStatus.RETURNS_UNCHECKED


def test_models_accept_snake_case_names() -> None:
    inquiry = OnlineInquiry(inquiry_id=5, content="질문")

    assert inquiry.inquiry_id == 5
    assert not inquiry.answered


def test_online_inquiry_answered_when_commented() -> None:
    inquiry = OnlineInquiry.model_validate(
        {"inquiryId": 1, "commentDtoList": [{"inquiryCommentId": 2, "content": "답변"}]}
    )
    unanswered = OnlineInquiry.model_validate({"inquiryId": 1, "commentDtoList": None})

    assert inquiry.answered
    assert not unanswered.answered
    assert unanswered.order_ids == []


def _reply(answer_id: int, status: str | None, need: bool, at: str) -> dict[str, Any]:
    return {
        "answerId": answer_id,
        "partnerTransferStatus": status,
        "needAnswer": need,
        "answerType": "csAgent",
        "replyAt": at,
    }


def test_open_answer_request_is_latest_request() -> None:
    inquiry = CallCenterInquiry.model_validate(
        {
            "inquiryId": 9,
            "inquiryStatus": "progress",
            "vendorItemId": 3285906659,
            "replies": [
                _reply(100, "answered", False, "2025-01-14T09:00:00+09:00"),
                _reply(200, "requestAnswer", True, "2025-01-15T10:00:00+09:00"),
                {"answerId": 300, "answerType": "vendor", "parentAnswerId": ""},
            ],
        }
    )

    assert inquiry.vendor_item_ids == [3285906659]
    assert inquiry.reply_parent_answer_id == 200
    assert inquiry.answer_deadline == datetime(2025, 1, 16, 1, 0, tzinfo=UTC)
    assert inquiry.replies[2].parent_answer_id is None
    assert inquiry.can_reply


def test_closed_call_center_case_cannot_reply() -> None:
    no_request = CallCenterInquiry.model_validate(
        {"inquiryId": 9, "inquiryStatus": "progress", "replies": [_reply(1, "none", False, "")]}
    )
    complete = CallCenterInquiry.model_validate(
        {"inquiryId": 9, "inquiryStatus": "complete", "replies": [_reply(1, None, True, "")]}
    )

    assert no_request.open_answer_request is None
    assert no_request.answer_deadline is None
    assert not no_request.can_reply
    assert complete.open_answer_request is not None
    assert complete.answer_deadline is None
    assert not complete.can_reply


CANARY = {"name": "홍길동테스트", "phone": "010-9876-5432", "address": "서울시 테스트구 가짜로 1"}


def test_reprs_leave_out_personal_fields() -> None:
    models = [
        ReturnRequest.model_validate(
            {
                "receiptId": 1,
                "requesterName": CANARY["name"],
                "requesterPhoneNumber": CANARY["phone"],
                "requesterAddress": CANARY["address"],
                "cancelReason": CANARY["phone"],
            }
        ),
        ExchangeRequest.model_validate(
            {
                "exchangeId": 1,
                "reasonEtcDetail": CANARY["phone"],
                "exchangeAddressDtoV1": {"returnCustomerName": CANARY["name"]},
                "collectInformationsDto": {"customerAddress": CANARY["address"]},
            }
        ),
        OrderSheet.model_validate(
            {
                "shipmentBoxId": 1,
                "orderer": {"name": CANARY["name"], "safeNumber": CANARY["phone"]},
                "receiver": {"name": CANARY["name"], "addr1": CANARY["address"]},
            }
        ),
        CallCenterInquiry.model_validate(
            {
                "inquiryId": 1,
                "buyerPhone": CANARY["phone"],
                "replies": [{"answerId": 1, "content": CANARY["name"]}],
            }
        ),
        OnlineInquiry.model_validate(
            {
                "inquiryId": 1,
                "content": CANARY["phone"],
                "commentDtoList": [{"inquiryCommentId": 1, "content": CANARY["name"]}],
            }
        ),
    ]

    for model in models:
        for value in CANARY.values():
            assert value not in repr(model), type(model).__name__
            assert value not in str(model), type(model).__name__


def test_parse_error_traceback_hides_input() -> None:
    payload = {"receiptId": 1, "returnItems": f"{CANARY['name']} {CANARY['phone']}"}

    with pytest.raises(CoupangResponseError) as caught:
        parse_model(ReturnRequest, payload, operation="op", vendor_id="A1")

    rendered = "".join(traceback.format_exception(caught.value))
    assert caught.value.__cause__ is None
    assert "returnItems" in rendered
    assert CANARY["name"] not in rendered
    assert CANARY["phone"] not in rendered


def test_invalid_item_raises_response_error() -> None:
    with pytest.raises(CoupangResponseError, match="receiptId") as caught:
        parse_model(ReturnRequest, {"receiptId": "not-a-number"}, operation="op", vendor_id="A1")

    assert "not-a-number" not in str(caught.value)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
FIELD_NAMES = [
    "receiptId",
    "inquiryId",
    "exchangeId",
    "shipmentBoxId",
    "cancelId",
    "sellerProductId",
    "createdAt",
    "inquiryAt",
    "replyAt",
    "replies",
    "commentDtoList",
    "vendorItemId",
    "returnShippingCharge",
    "enclosePrice",
    "orderItems",
    "salesPrice",
    "receiptStatus",
    "exchangeItemDtoV1s",
    "deliveryInvoiceGroupDtos",
    "saleStartedAt",
    "content",
    "pagination",
    "parentAnswerId",
    "orderIds",
    "vendorItemIds",
    "items",
    "resultCode",
]
model_like = st.dictionaries(st.sampled_from(FIELD_NAMES), json_values, max_size=8)
MODELS: list[type[BaseModel]] = [
    OnlineInquiryPage,
    CallCenterInquiryPage,
    CallCenterInquiry,
    ReturnRequest,
    ReturnWithdrawal,
    ReturnInvoice,
    ExchangeRequest,
    OrderSheet,
    SellerProduct,
    ReturnShippingCenter,
    ResultData,
]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=150)
@given(model_type=st.sampled_from(MODELS), value=json_values | model_like)
def test_parsers_raise_only_response_error(model_type: type[BaseModel], value: object) -> None:
    try:
        parse_model(model_type, value, operation="op", vendor_id="A1")
    except CoupangResponseError:
        pass


@settings(max_examples=150)
@given(
    payload=json_values | st.dictionaries(st.sampled_from(["code", "data", "message"]), json_values)
)
def test_envelope_check_raises_only_coupang_errors(payload: object) -> None:
    try:
        envelope = check_envelope(payload, operation="op", vendor_id="A1", status=200)
        extract_data(envelope, DataShape.LIST, operation="op", vendor_id="A1")
    except CoupangError:
        pass
