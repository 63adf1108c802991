"""Phone numbers and e-mail addresses: the structured maskers and their free-text detectors.

Korean numbers are shown as the first group and the last four digits, with the middle group
replaced by one `*` per digit: 010-****-5678, 0504-****-5678, 02-***-5678. Every surface form
(hyphens, dots, spaces, none, brackets, +82, full-width or spelled-out digits) masks to that
same canonical form, so no two views of one number differ.
"""

import re
from collections.abc import Iterator

from bot.privacy.digits import normalize_for_matching
from bot.privacy.spans import Line, Span

# National prefixes after the leading 0: mobile 01x, Seoul 2, the regional 0[3-6]x codes,
# 070 internet phones and 050x safe numbers (안심번호). 080 and 060 are business numbers, and
# 15xx/16xx/18xx representative numbers have no leading 0, so neither matches.
_AREA = r"(?:1[016789]|2|[3-6][1-5]|70|50[0-9])"
_SEP = r"[ \t.\-~_/]{0,3}"
_PHONE = re.compile(
    rf"""
    (?:
        (?:\([ ]?(?=\+|00))?
        (?:(?<![+*])\+|(?<![0-9A-Za-z+*])00)[ ]?82\)?[ .\-]{{0,2}}(?:\(0\)[ .\-]{{0,2}})?\(?0?
      | (?<![0-9A-Za-z+*])(?:\((?=0[0-9]{{1,3}}\)))?0
    )
    {_AREA}\)?{_SEP}[0-9]{{3,4}}{_SEP}[0-9]{{4}}
    (?![0-9*])
    """,
    re.VERBOSE,
)
_INTERNATIONAL_KOREA = re.compile(r"^\s*\(?\s*(?:\+|00)\s*82\)?")
# Digits split into other groups (010-23-45-6789, 0 10-2345-6789, one digit at a time) or
# joined by a particle when spelled out (공일공에 이삼사오에 육칠팔구). A run is taken only when
# its digits, up to the end of some group, form a whole Korean number (see _valid_national).
_LOOSE_SEP = r"(?:[ \t.\-~_/]{1,3}|[ ]?(?:에|요|이요)[ ]?)"
# Each branch starts with a literal and checks what precedes it afterwards, so the regex
# engine can skip ahead to a "+", "0" or "8" instead of testing every position.
_LOOSE_PHONE = re.compile(
    # +82 or 0082, or 82 right after wa.me/ (WhatsApp links have no plus sign).
    r"(?:\+(?<![0-9A-Za-z+*]\+)[ ]?82[ ]?\)?[0-9]"
    r"|00(?<![0-9A-Za-z+*]00)[ ]?82[ ]?\)?[0-9]"
    r"|82(?<=wa\.me/82)[0-9]|82(?<=WA\.ME/82)[0-9]"
    r"|0(?<![0-9A-Za-z+*.,:\-]0))"
    rf"(?:{_LOOSE_SEP}?[0-9]){{6,13}}(?![0-9*])"
)
_COUNTRY_PREFIX = re.compile(r"(?:\+[ ]?|00[ ]?)?82[ ]?\)?")
# National prefixes and the digit counts of whole numbers with them. The digit after the
# prefix is never 0, which keeps lists of small numbers (01 02 03 04 05) out.
_NATIONAL_NUMBERS = (
    re.compile(r"010[1-9][0-9]{7}"),
    re.compile(r"01[16789][1-9][0-9]{6,7}"),
    re.compile(r"02[1-9][0-9]{6,7}"),
    re.compile(r"0[3-6][1-5][1-9][0-9]{6,7}"),
    re.compile(r"070[1-9][0-9]{7}"),
    re.compile(r"050[0-9][1-9][0-9]{6,7}"),
)
_PHONE_CHARS = frozenset("0123456789*")

_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-*@])"
    r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
    r"@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}\.){1,8}[A-Za-z]{2,24}"
    r"(?![A-Za-z0-9@*])"
)


def mask_phone(value: str) -> str:
    """Mask a phone number as its first group, `*` per middle digit, and the last 4 digits.

    Korean numbers come out in the canonical hyphenated national form (+82 10… becomes
    010-****-….). Other values keep their first group, separators and last 4 digits.
    Already masked values come back unchanged.
    """
    normalized = normalize_for_matching(value).strip()
    if not normalized:
        return value
    national = _national_digits(normalized)
    if national is not None:
        masked = _mask_national(national)
        if masked is not None:
            return masked
    return _mask_phone_generic(normalized)


def _mask_national(national: str) -> str | None:
    """Return national-format digits as 010-****-5678, or None if the shape is not Korean."""
    if national.startswith("02"):
        area_length = 2
    elif national.startswith("050"):
        area_length = 4
    else:
        area_length = 3
    area, rest = national[:area_length], national[area_length:]
    if "*" in area or not 7 <= len(rest) <= 8:
        return None
    return f"{area}-{'*' * (len(rest) - 4)}-{rest[-4:]}"


def _valid_national(digits: str) -> bool:
    return any(pattern.fullmatch(digits) for pattern in _NATIONAL_NUMBERS)


def _national_digits(normalized: str) -> str | None:
    """Return the national-format digits (with `*` kept) of a Korean number, else None."""
    international = _INTERNATIONAL_KOREA.match(normalized)
    if international:
        rest = normalized[international.end() :]
        digits = "".join(char for char in rest if char in _PHONE_CHARS)
        if not digits.startswith("0"):
            digits = "0" + digits
    elif normalized.startswith("+"):
        return None
    else:
        digits = "".join(char for char in normalized if char in _PHONE_CHARS)
    if not digits.startswith("0") or not 9 <= len(digits) <= 12:
        return None
    return digits


def _mask_phone_generic(normalized: str) -> str:
    """Keep the first group and the last 4 digit positions of a number in an unknown format."""
    positions = [index for index, char in enumerate(normalized) if char in _PHONE_CHARS]
    if len(positions) < 8:
        return "".join("*" if char in _PHONE_CHARS else char for char in normalized)
    first_group = re.match(r"\+?[0-9*]+", normalized)
    keep_until = first_group.end() if first_group else 0
    if keep_until >= positions[-4]:
        keep_until = 0
    keep = set(positions[-4:])
    return "".join(
        "*" if char in _PHONE_CHARS and index >= keep_until and index not in keep else char
        for index, char in enumerate(normalized)
    )


def mask_email(value: str) -> str:
    """Mask an e-mail address to the first 2 characters of the local part and the domain.

    A local part of 2 characters or fewer keeps only its first character.
    """
    local, at, domain = value.rpartition("@")
    if not at:
        local, domain = value, ""
    keep = 2 if len(local) > 2 else 1
    masked_local = local[:keep] + "*" * (len(local) - keep)
    return f"{masked_local}{at}{domain}"


def find_phones(line: Line) -> Iterator[Span]:
    text = line.numeric
    strict_end = -1
    for match in _PHONE.finditer(text):
        original = line.text[match.start() : match.end()]
        strict_end = match.end()
        yield Span(match.start(), match.end(), mask_phone(original))
    for match in _LOOSE_PHONE.finditer(text):
        # Most loose runs are numbers the strict pattern already took, so skip them early.
        if match.start() < strict_end and _PHONE.match(text, match.start()):
            continue
        span = _loose_phone_span(text, match)
        if span is not None:
            yield span


def _loose_phone_span(text: str, match: re.Match[str]) -> Span | None:
    """Return the longest prefix of a loose digit run, ending at a group end, that is a number."""
    run = match.group()
    country = _COUNTRY_PREFIX.match(run) if run[0] in "+8" or run.startswith("00") else None
    skip = country.end() if country else 0
    digits: list[str] = []
    candidates: list[tuple[int, str]] = []
    for index in range(skip, len(run)):
        if not "0" <= run[index] <= "9":
            continue
        digits.append(run[index])
        if index + 1 == len(run) or not "0" <= run[index + 1] <= "9":
            candidates.append((index + 1, "".join(digits)))

    for end, national in reversed(candidates):
        # After the country code the leading 0 is usually left out (+82 10…).
        if not national.startswith("0"):
            national = "0" + national
        masked = _mask_national(national) if _valid_national(national) else None
        if masked is not None:
            return Span(match.start(), match.start() + end, masked)
    return None


def find_emails(line: Line) -> Iterator[Span]:
    if "@" not in line.words:
        return
    for match in _EMAIL.finditer(line.words):
        original = line.text[match.start() : match.end()]
        yield Span(match.start(), match.end(), mask_email(original))


def looks_like_phone(digits_and_separators: str) -> bool:
    """Return whether the whole value is a Korean phone number in some surface form."""
    text = normalize_for_matching(digits_and_separators.strip())
    if _PHONE.fullmatch(text):
        return True
    loose = _LOOSE_PHONE.match(text)
    span = _loose_phone_span(text, loose) if loose else None
    return span is not None and span.end == len(text)


def phone_starts_at(text: str, position: int) -> bool:
    """Return whether a phone number in a form the detectors take starts at `position`.

    `text` is a line in the normalized form that `Line.numeric` returns.
    """
    if _PHONE.match(text, position):
        return True
    loose = _LOOSE_PHONE.match(text, position)
    return loose is not None and _loose_phone_span(text, loose) is not None
