"""Properties of the engine over generated input: it never raises, it is idempotent, it keeps
the line structure, and a value masks the same way as a field and inside free text."""

import string
from collections.abc import Callable

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.privacy import (
    mask_address,
    mask_bank_account,
    mask_card_number,
    mask_email,
    mask_name,
    mask_phone,
    mask_rrn,
    mask_text,
)
from bot.privacy.numbers import passes_luhn

# Characters the detectors react to, mixed in heavily so that generated text hits them.
_INTERESTING = (
    string.digits
    + "-. ()+*#@/:,\n\r"
    + "０１２３４５６７８９－ㅡ"
    + "공일이삼사오육칠팔구영"
    + "김이박최홍길동민수남궁황보님씨은는호층로길구시도"
    + "abcxyzABC"
)
_WORDS = [
    "수령인 ",
    "예금주 ",
    "고객님",
    "님",
    " 씨",
    "연락처 ",
    "주민번호 ",
    "카드 ",
    "국민은행 ",
    "환불 ",
    "여권 ",
    "면허 ",
    "현관 비번 ",
    "서울 강남구 ",
    "테헤란로 ",
    "역삼동 ",
    "동 ",
    "호 ",
    "주문번호 ",
    "+82 ",
    "010",
    "1588-",
    "@example.com",
    "***",
]
text_strategy = st.lists(
    st.one_of(
        st.text(alphabet=_INTERESTING, max_size=12), st.sampled_from(_WORDS), st.text(max_size=4)
    ),
    max_size=20,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(text_strategy)
@example("수령인 남궁민수 010-1234-5678")
@example("수령인 여권 수령인 주민번호 ")
@example("수령인 서울 강남구 고객님")
@example("현관 비번 0100000000")
@example("00@example.com@example.com")
@example("11-12-345678-90+82 10 1234 5678")
@example("공0길0A0길 0")
@example("공0길0공0길 0")
@example("현관 비번 000:000")
@example("메모: 출입번호 *5343. 부재시 0505")
@example("\u2028\x0b\x0c\x1c\x85")
@example("\ud800 010-1234-5678")
@example("홍길동 010 23 45 67 89 김 민 준 고객님")
@example("주민번호 900101 뒷자리 1234567 0 1 0 2 3 4 5 6 7 8 9")
@example("입금 2026-12-04 110-123-456789 wa.me/821023456789")
@example("판교역로 123 에이치스퀘어 N동 7층 A동 1203호")
def test_mask_text_never_raises_and_is_idempotent(text: str) -> None:
    masked = mask_text(text)

    assert mask_text(masked) == masked


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_mask_text_keeps_line_breaks(text: str) -> None:
    masked = mask_text(text)

    assert masked.count("\n") == text.count("\n")
    assert masked.count("\r") == text.count("\r")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_mask_text_any_unicode(text: str) -> None:
    masked = mask_text(text)

    assert isinstance(masked, str)
    assert mask_text(masked) == masked


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=string.digits, min_size=count, max_size=count)


_KOREAN_DIGITS = dict(zip("0123456789", "공일이삼사오육칠팔구", strict=True))
_FULL_WIDTH = dict(zip("0123456789", "０１２３４５６７８９", strict=True))


@st.composite
def phone_surfaces(draw: st.DrawFn) -> str:
    """Draw a Korean phone number in one of the surface forms buyers type."""
    area = draw(
        st.sampled_from(["010", "011", "016", "019", "02", "031", "051", "064", "070", "0504"])
    )
    middle = draw(_digits(draw(st.sampled_from([3, 4]))))
    last = draw(_digits(4))
    separator = draw(st.sampled_from(["-", ".", " ", "", "ㅡ", " - "]))
    form = draw(st.sampled_from(["plain", "brackets", "+82", "full-width", "spelled"]))
    if form == "brackets":
        return f"({area}){middle}-{last}"
    if form == "+82":
        return f"+82 {area[1:]}{separator}{middle}{separator}{last}"
    if form == "full-width":
        digits = f"{area}-{middle}-{last}"
        return "".join(_FULL_WIDTH.get(char, "－") for char in digits)
    if form == "spelled":
        groups = (area, middle, last)
        return " ".join("".join(_KOREAN_DIGITS[char] for char in group) for group in groups)
    return f"{area}{separator}{middle}{separator}{last}"


@settings(max_examples=300, deadline=None)
@given(phone_surfaces(), st.sampled_from(["연락처 {} 입니다", "{}로 연락", "번호:{}", "{}"]))
def test_phone_masks_the_same_in_text(phone: str, template: str) -> None:
    masked_text = mask_text(template.format(phone))

    assert mask_phone(phone) in masked_text
    assert phone[-4:] not in masked_text or phone[-4:] in mask_phone(phone)


@settings(max_examples=200, deadline=None)
@given(phone_surfaces())
def test_phone_surfaces_reveal_the_same_parts(phone: str) -> None:
    digits = "".join(char for char in mask_phone(phone) if char.isdigit())

    assert mask_phone(phone).count("*") in (3, 4)
    assert digits.endswith(mask_phone(phone)[-4:])


_SURNAMES = st.sampled_from(
    ["김", "이", "박", "최", "정", "홍", "우", "맹", "남궁", "황보", "제갈", "선우"]
)
_GIVEN = st.text(alphabet="민수영희지훈서연준호은채가람", min_size=1, max_size=2)


@settings(max_examples=300, deadline=None)
@given(
    _SURNAMES,
    _GIVEN,
    st.sampled_from(["수령인 {}", "예금주: {}", "받는 분 {}", "{}님", "{} 고객님"]),
)
def test_name_masks_the_same_in_text(surname: str, given: str, template: str) -> None:
    name = surname + given

    masked_text = mask_text(template.format(name))

    assert mask_name(name) in masked_text
    assert name not in masked_text


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=string.ascii_lowercase + string.digits + "._", min_size=3, max_size=20),
    st.sampled_from(["example.com", "mail.example.co.kr", "example.net"]),
)
def test_email_masks_the_same_in_text(local: str, domain: str) -> None:
    email = f"a{local}@{domain}"

    assert mask_email(email) in mask_text(f"메일 {email} 로 부탁")


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=28),
    st.sampled_from("12345678"),
    _digits(6),
)
def test_rrn_masks_the_same_in_text(
    year: int, month: int, day: int, gender: str, rest: str
) -> None:
    rrn = f"{year:02d}{month:02d}{day:02d}-{gender}{rest}"

    masked_text = mask_text(f"주민번호 {rrn} 입니다")

    assert mask_rrn(rrn) in masked_text
    assert rest not in masked_text


_STRUCTURED_MASKERS = [
    mask_name,
    mask_phone,
    mask_email,
    mask_address,
    mask_rrn,
    mask_card_number,
    mask_bank_account,
]


@pytest.mark.parametrize("masker", _STRUCTURED_MASKERS, ids=lambda masker: masker.__name__)
@settings(max_examples=150, deadline=None)
@given(text=st.one_of(text_strategy, st.text(max_size=40)))
@example(text="(주)가나상사 홍길동")
@example(text="(주)")
@example(text="/ㅡ0")
def test_structured_maskers_are_idempotent(masker: Callable[[str], str], text: str) -> None:
    masked = masker(text)

    assert masker(masked) == masked


@st.composite
def luhn_cards(draw: st.DrawFn) -> str:
    """Draw a Luhn-valid 16-digit card number with one separator style."""
    body = draw(_digits(15))
    check = next(digit for digit in string.digits if passes_luhn(body + digit))
    digits = body + check
    separator = draw(st.sampled_from(["-", " ", "", "."]))
    return separator.join(digits[index : index + 4] for index in range(0, 16, 4))


@settings(max_examples=200, deadline=None)
@given(luhn_cards(), st.sampled_from(["결제 {} 확인", "{}", "번호 {} 입니다"]))
def test_card_masks_the_same_in_text(card: str, template: str) -> None:
    masked_text = mask_text(template.format(card))

    assert mask_card_number(card) in masked_text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["국민", "신한은행", "카카오뱅크", "우체국", "농협"]),
    st.sampled_from([(3, 3, 6), (3, 2, 6), (6, 2, 6), (4, 2, 7), (3, 4, 6)]),
    st.data(),
)
def test_account_masks_the_same_in_text(
    bank: str, layout: tuple[int, int, int], data: st.DataObject
) -> None:
    groups = [data.draw(_digits(size)) for size in layout]
    number = "-".join(groups)

    masked_text = mask_text(f"환불은 {bank} {number} 으로")

    assert mask_bank_account(number, bank) in masked_text


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["서울특별시 강남구", "경기도 성남시 분당구", "부산 해운대구", "제주시"]),
    st.sampled_from(["테헤란로", "판교역로", "해운대로", "연동 ", "역삼동 "]),
    st.integers(min_value=1, max_value=9999),
    st.sampled_from(["", "-12", "-3"]),
)
def test_address_masks_the_same_in_text(region: str, area: str, number: int, sub: str) -> None:
    address = f"{region} {area.strip()} {number}{sub}"

    masked_text = mask_text(f"주소 {address} 로 보내주세요")

    assert mask_address(address) in masked_text
    assert f"{number}{sub}" not in masked_text.split(area.strip())[-1]


@pytest.mark.parametrize(
    "text",
    [
        "0" * 50_000,
        "가" * 50_000,
        "010-" * 12_500,
        "수령인 " * 10_000,
        "a@a." * 12_500,
        "1-" * 25_000,
        "공일 " * 15_000,
        "홍길동님" * 12_500,
        "서울 강남구 " * 7_000,
        "#1" * 25_000,
        "(0" * 25_000,
    ],
)
def test_adversarial_shapes_complete(text: str) -> None:
    masked = mask_text(text)

    assert mask_text(masked) == masked


def test_huge_text_is_masked() -> None:
    line = "수령인 홍길동 010-1234-5678 주문번호 2088995790328 가격 360,000원\n"
    text = line * 20_000 + "9" * 200_000

    masked = mask_text(text)

    assert masked.count("010-****-5678") == 20_000
    assert "홍길동" not in masked
