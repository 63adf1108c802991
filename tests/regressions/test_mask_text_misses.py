"""Personal data that `mask_text` left readable in free text. Every value is synthetic.

Each case names the fragment that must not survive masking: the middle digits of a phone
number, the back half of a registration number, a full name or an apartment unit.
"""

import pytest

from bot.privacy import mask_text

LEAKS = [
    # A name right before a phone number, separated by a space, as buyers usually write it.
    ("홍길동 010-2345-6789", "홍길동"),
    ("연락처 홍길동 010-2345-6789", "홍길동"),
    ("받는사람 연락처: 김민준 010-2345-6789", "김민준"),
    # The country code in brackets, as some phones format it.
    ("(+82) 10-2345-6789", "2345"),
    # A registration number split into its front and back halves by words.
    ("주민번호 앞자리 900101 뒷자리 1234567", "1234567"),
    ("주민번호는 900101에 1234567입니다", "1234567"),
    # An apartment unit in a building named by a letter, after a masked address.
    ("서울 강남구 테헤란로 123 A동 1203호", "1203"),
    ("경기도 수원시 영통구 광교중앙로 145 (하동) A동 1201호", "1201"),
]

CASE_IDS = [
    "name-space-phone",
    "label-name-space-phone",
    "label-colon-name-phone",
    "country-code-brackets",
    "rrn-halves-with-words",
    "rrn-halves-with-particles",
    "letter-building-unit",
    "letter-building-unit-after-dong",
]


@pytest.mark.parametrize(("text", "fragment"), LEAKS, ids=CASE_IDS)
def test_mask_text_hides_fragment(text: str, fragment: str) -> None:
    masked = mask_text(text)

    assert fragment not in masked, masked
