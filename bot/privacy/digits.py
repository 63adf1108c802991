"""Normalization of the digit and separator forms buyers type, for pattern matching.

`normalize_for_matching` maps every character to exactly one character, so an offset found in
the normalized copy is also the offset of the same value in the original text.
"""

import re
import unicodedata

# Dashes, the Hangul letter ㅡ (easy to type in place of a hyphen on Korean keyboards), and
# non-breaking, full-width and zero-width spaces.
_SEPARATOR_TABLE = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u3161": "-",
        "\uff0d": "-",
        "\u00a0": " ",
        "\u3000": " ",
        # Zero-width characters, which can hide a number from a pattern without showing.
        "\u200b": " ",
        "\u200c": " ",
        "\u200d": " ",
        "\u2060": " ",
        "\ufeff": " ",
    }
)
# Full-width ASCII (U+FF01..U+FF5E) maps to ASCII one character for one character.
_FULL_WIDTH_TABLE = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
_TRANSLATION = {**_FULL_WIDTH_TABLE, **_SEPARATOR_TABLE}
# str.translate is slow on long text, so it runs only on lines that contain such a character.
_TRANSLATABLE = re.compile("[" + re.escape("".join(map(chr, _TRANSLATION))) + "]")

# Sino-Korean digit syllables as buyers spell out phone numbers (공일공 / 영일영 for 010).
KOREAN_DIGITS = {
    "공": "0",
    "영": "0",
    "일": "1",
    "이": "2",
    "삼": "3",
    "사": "4",
    "오": "5",
    "육": "6",
    "륙": "6",
    "칠": "7",
    "팔": "8",
    "구": "9",
}
_SYLLABLE = "[" + "".join(KOREAN_DIGITS) + "]"
# Groups of digit syllables separated by spaces, hyphens or dots. A sequence is read as digits
# when one group has three or more syllables or all groups together have seven or more, as in
# 공이 삼사오 육칠팔구 (02-345-6789). Shorter sequences are ordinary words (이사, 오일, 사이).
_KOREAN_DIGIT_RUN = re.compile(f"{_SYLLABLE}+(?:[ .\\-]{{1,3}}{_SYLLABLE}+)*")
_NON_ASCII_DIGIT = re.compile(r"(?![0-9])\d")


def _ascii_digit(match: re.Match[str]) -> str:
    return str(unicodedata.decimal(match.group(), 0))


def _korean_digit_run(match: re.Match[str]) -> str:
    run = match.group()
    groups = re.findall(_SYLLABLE + "+", run)
    if max(len(group) for group in groups) < 3 and sum(len(group) for group in groups) < 7:
        return run
    return "".join(KOREAN_DIGITS.get(char, char) for char in run)


def normalize_for_matching(text: str, *, spelled_digits: bool = True) -> str:
    """Return `text` with Unicode digits, full-width forms and dashes mapped to ASCII.

    With `spelled_digits`, spelled-out Korean digits (공일공) also become ASCII digits.
    Name and address matching pass False, because names such as 이영일 are made of digit
    syllables. The result has the same length as `text`, character for character.
    """
    if text.isascii():
        return text
    if _TRANSLATABLE.search(text):
        text = text.translate(_TRANSLATION)
    if _NON_ASCII_DIGIT.search(text):
        text = _NON_ASCII_DIGIT.sub(_ascii_digit, text)
    if spelled_digits:
        text = spell_out_digits(text)
    return text


def spell_out_digits(text: str) -> str:
    """Return `text` with spelled-out Korean digits (공일공) as ASCII digits, same length."""
    if text.isascii():
        return text
    return _KOREAN_DIGIT_RUN.sub(_korean_digit_run, text)


def digits_only(text: str) -> str:
    """Return the ASCII digits of `text` after normalization, in order."""
    return "".join(char for char in normalize_for_matching(text) if "0" <= char <= "9")
