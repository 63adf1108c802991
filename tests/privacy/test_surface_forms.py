"""Surface forms that buyers type and that `mask_text` must still recognize or keep.

Phones split into unusual groups, names before a phone or with spaced syllables, buildings
named by letters, registration numbers split by words, and dates near a refund word. All
names, numbers and addresses below are synthetic.
"""

import pytest

from bot.privacy import mask_name, mask_record, mask_text

# (text, expected output): the exact masked line.
EXACT_CASES = [
    # Phones in uncommon groupings, links and spelled-out forms.
    ("wa.me/821023456789", "wa.me/010-****-6789"),
    ("연락처 010-23-45-6789", "연락처 010-****-6789"),
    ("연락처 0 10-2345-6789", "연락처 010-****-6789"),
    ("연락처 010 23 45 67 89", "연락처 010-****-6789"),
    ("연락처 0 1 0 2 3 4 5 6 7 8 9 로", "연락처 010-****-6789 로"),
    ("공일공에 이삼사오에 육칠팔구로 연락", "010-****-6789로 연락"),
    ("(+82) 10-2345-6789", "010-****-6789"),
    ("+82 10 23 45 67 89", "010-****-6789"),
    ("주문번호 010-23-45-6789", "주문번호 010-****-6789"),
    ("환불 010-23-45-6789 로 연락", "환불 010-****-6789 로 연락"),
    # Names right before a phone number, with only a space between them.
    ("홍길동 010-2345-6789", "홍*동 010-****-6789"),
    ("연락처 홍길동 010-2345-6789", "연락처 홍*동 010-****-6789"),
    ("받는사람 연락처: 김민준 010-2345-6789", "받는사람 연락처: 김*준 010-****-6789"),
    # Common words before a phone or account number are not names.
    ("기사님 010-2345-6789", "기사님 010-****-6789"),
    ("문자 010-2345-6789", "문자 010-****-6789"),
    ("안심번호 050412345678", "안심번호 0504-****-5678"),
    ("환불은 국민 050-010-000000 으로", "환불은 국민 ******0000 으로"),
    # Names written with spaces between syllables.
    ("김 민 준 고객님 주문 건", "김*준 고객님 주문 건"),
    ("문의하신 김 민준 고객님", "문의하신 김*준 고객님"),
    ("김 민 준님 안녕하세요", "김*준님 안녕하세요"),
    ("김 민 준 씨 댁", "김*준 씨 댁"),
    ("수령인 김 민 준", "수령인 김*준"),
    ("홍 길 동 010-2345-6789", "홍*동 010-****-6789"),
    # Registration numbers split into halves by words.
    ("주민번호 앞자리 900101 뒷자리 1234567", "주민번호 앞자리 900101 뒷자리 *******"),
    ("주민번호는 900101에 1234567입니다", "주민번호는 900101에 *******입니다"),
    ("주민번호 뒷자리 1234567", "주민번호 뒷자리 *******"),
    # Buildings named by letters, floors, and building names without a known suffix.
    ("서울 강남구 테헤란로 123 A동 1203호", "서울 강남구 테헤란로 ***"),
    (
        "경기도 수원시 영통구 광교중앙로 145 (하동) A동 1201호",
        "경기도 수원시 영통구 광교중앙로 ***",
    ),
    ("판교역로 123 에이치스퀘어 N동 7층", "판교역로 ***"),
    ("B동 1203호로 보내주세요", "***동 ***호로 보내주세요"),
    # Accounts near a refund word still masked after a date.
    ("입금 2026-12-04 110-123-456789", "입금 2026-12-04 ******6789"),
]


@pytest.mark.parametrize(("text", "expected"), EXACT_CASES)
def test_surface_form_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


# Text that must come back unchanged although it looks like the forms above.
UNCHANGED_CASES = [
    "입금 2026-12-04 39,900원",
    "입금 2026-12-04 14:30",
    "입금 2026 12 04 확인",
    "번호 01 02 03 04 05 중 선택",
    "02 03 04 05 06",
    "0.5 010 2345",
    "대표번호 1588-1234",
    "문화로 3개 1층 103호",
    "택배로 2개 보냈어요 3층",
    "문자 010-****-6789",
    "홍길동 2개 주문",
    "이 분 고객님",
]


@pytest.mark.parametrize("text", UNCHANGED_CASES)
def test_look_alike_kept(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("(주)가나상사 홍길동", "(주)가나상사 홍*동"),
        ("㈜가나상사 김민준", "㈜가나상사 김*준"),
        ("주식회사 가나상사 홍길동", "주식회사 가나상사 홍*동"),
        ("(주)가나상사", "(주)가**사"),
    ],
)
def test_mask_name_after_company(name: str, expected: str) -> None:
    masked = mask_name(name)

    assert masked == expected
    assert mask_name(masked) == masked


def test_mask_record_cancel_reason_forms() -> None:
    record = {
        "receiptId": 365937,
        "cancelReason": "연락처 홍길동 010-23-45-6789, 서울 강남구 테헤란로 123 A동 1203호",
    }

    masked = mask_record("return_request", record)

    assert masked["cancelReason"] == "연락처 홍*동 010-****-6789, 서울 강남구 테헤란로 ***"
    assert masked["receiptId"] == 365937
