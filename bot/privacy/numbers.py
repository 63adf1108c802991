"""Identity, card and account numbers: the structured maskers and their free-text detectors.

Resident and foreigner registration numbers keep only the birth date (900101-*******), cards
only the last 4 digits (****-****-****-3456), bank accounts only the bank and the last 4
digits (국민 ******1234). Passport, driver-licence and customs numbers are replaced by their
type. The masks have a fixed shape, so they reveal no length either.
"""

import re
from collections.abc import Iterator

from bot.privacy.contacts import looks_like_phone
from bot.privacy.digits import normalize_for_matching
from bot.privacy.spans import Line, Span

PASSPORT_MASK = "[여권번호]"
DRIVER_LICENSE_MASK = "[운전면허번호]"
CUSTOMS_CODE_MASK = "[개인통관고유부호]"

# How far before a number (in characters, on the same line) a label may stand.
_LABEL_WINDOW = 24

_RRN = re.compile(
    r"(?<![0-9A-Za-z*])(?P<birth>[0-9]{6})(?P<sep>[ ]?-[ ]?|[ ]?)(?P<back>[1-8][0-9]{6})(?![0-9*])"
)
# A registration number already masked elsewhere down to the gender digit (900101-1******).
# It is masked again, because this standard shows the birth date only.
_PARTLY_MASKED_RRN = re.compile(
    r"(?<![0-9A-Za-z*])(?P<birth>[0-9]{6})[ ]?-[ ]?[1-8]\*{6}(?![0-9*])"
)
_RRN_LABEL = re.compile(r"주민|외국인|등록\s?번호|생년월일|rrn|resident", re.IGNORECASE)
# Every registration-number label contains one of these, a cheaper test than the pattern.
_RRN_LABEL_KEYWORDS = ("주민", "외국인", "등록", "생년월일", "rrn", "resident")
# The two halves written apart after a label (앞자리 900101 뒷자리 1234567, 900101에 1234567).
# The gap has no digits, so it cannot join two unrelated numbers across a third.
_SPLIT_RRN = re.compile(
    r"(?<![0-9A-Za-z*])(?P<birth>[0-9]{6})(?![0-9])[^0-9\n]{1,12}?"
    r"(?<![0-9A-Za-z*])(?P<back>[1-8][0-9]{6})(?![0-9*])"
)
# The back half alone, after a label that names it (주민번호 뒷자리 1234567).
_RRN_BACK_HALF = re.compile(
    r"(?:뒷\s?자리|뒷\s?번호|뒤\s?7\s?자리|뒤\s?번호)\s?(?:[:：=]|은|는|이|가)?\s?"
    r"(?P<back>[1-8][0-9]{6})(?![0-9*])"
)
_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

_CARD = re.compile(
    r"(?<![0-9A-Za-z*])"
    r"(?:[0-9]{4}[ .\-]?[0-9]{4}[ .\-]?[0-9]{4}[ .\-]?[0-9]{4}"
    r"|[0-9]{4}[ \-]?[0-9]{6}[ \-]?[0-9]{4,5})"
    r"(?![0-9*])"
)
_CARD_WORD = re.compile(r"카드|card|신용|체크|비자|visa|마스터|master|amex|아멕스", re.IGNORECASE)

# Bank names and account words mark a number as an account on their own (strong). Refund
# words do so only for numbers that are not phone numbers (weak), because buyers often ask
# for a call about a refund.
_BANK_WORD = re.compile(
    r"은행|뱅크|국민|신한|농협|우체국|카뱅|케뱅|새마을|금고|신협|수협|SC제일|씨티|IBK|KB|NH|"
    r"계좌|account",
    re.IGNORECASE,
)
# Bank names that are also everyday words or city names (우리 아이, 하나 더, 부산광역시) count
# only directly before the number.
_SHORT_BANK_NAME = r"(?:우리|하나|기업|산업|제일|토스|카카오|부산|대구|광주|제주|경남|전북)"
_SHORT_BANK_NAME_BEFORE = re.compile(_SHORT_BANK_NAME + r"\s?[:：]?\s?$")
_REFUND_WORD = re.compile(r"환불|입금|송금|이체|예금주|refund", re.IGNORECASE)
# The last group must not be continued by a decimal, thousands or time separator, so the
# leading digits of a price (39,900원) or a time (14:30) never complete an account number.
_ACCOUNT = re.compile(
    r"(?<![0-9A-Za-z*\-])[0-9]{2,16}(?:[ \-][0-9]{1,8}){0,4}(?![0-9*]|[,.:][0-9])"
)
# A date (2026-12-04, 2026 12 04) at the start of a candidate makes it a date, not an account.
_LEADING_DATE = re.compile(
    r"(?:19|20)[0-9]{2}(?P<sep>[ \-])(?:0?[1-9]|1[0-2])(?P=sep)(?:0?[1-9]|[12][0-9]|3[01])(?![0-9])"
)
# A phone-shaped account is taken as an account only when the bank word is this close.
_ADJACENT_GAP = 6

_PASSPORT_LABEL = re.compile(r"여권|passport", re.IGNORECASE)
_PASSPORT = re.compile(
    r"(?<![0-9A-Za-z*])(?P<number>[A-Za-z][0-9]{8}|[A-Za-z][0-9]{3}[A-Za-z][0-9]{4})(?![0-9A-Za-z])"
)
# Korean passports begin with M, S, R, O or D, so other letters need the label.
_PASSPORT_TYPE_LETTERS = frozenset("MSROD")

_LICENSE_REGION = "서울|부산|경기|강원|충북|충남|전북|전남|경북|경남|제주|대구|인천|광주|대전|울산"
_DRIVER_LICENSE = re.compile(
    rf"(?<![0-9A-Za-z*])(?:[0-9]{{2}}|(?P<region>{_LICENSE_REGION})\s?)(?P<sep>(?(region)|[ \-]?))"
    r"[0-9]{2}(?P<sep2>[ \-]?)[0-9]{6}(?P=sep2)[0-9]{2}(?![0-9*])"
)
# The last two groups of every licence number, searched first because the test is cheap.
_LICENSE_TAIL = re.compile(r"[0-9]{6}[ \-]?[0-9]{2}(?![0-9])")
_LICENSE_LABEL = re.compile(r"면허|license|licence", re.IGNORECASE)
_CUSTOMS_CODE = re.compile(r"(?<![0-9A-Za-z*])[Pp][0-9]{12}(?![0-9])")


def _digits_and_stars(value: str) -> str:
    return "".join(char for char in normalize_for_matching(value) if char in "0123456789*")


def mask_rrn(value: str) -> str:
    """Mask a resident or foreigner registration number to its birth date: 900101-*******."""
    digits = _digits_and_stars(value)
    birth = digits[:6] if len(digits) >= 6 and "*" not in digits[:6] else "******"
    return f"{birth}-*******"


def mask_card_number(value: str) -> str:
    """Mask a card number to its last 4 digits: ****-****-****-3456."""
    digits = _digits_and_stars(value)
    last = digits[-4:] if len(digits) >= 4 else "****"
    return f"****-****-****-{last}"


def mask_bank_account(number: str, bank: str | None = None) -> str:
    """Mask an account number to its last 4 digits, after the bank name if given."""
    digits = _digits_and_stars(number)
    last = digits[-4:] if len(digits) >= 4 else "****"
    masked = f"******{last}"
    bank = (bank or "").strip()
    return f"{bank} {masked}" if bank else masked


def mask_passport(value: str) -> str:
    """Replace a passport number with its type."""
    return PASSPORT_MASK if value.strip() else value


def mask_driver_license(value: str) -> str:
    """Replace a driver-licence number with its type."""
    return DRIVER_LICENSE_MASK if value.strip() else value


def mask_customs_code(value: str) -> str:
    """Replace a personal customs clearance code (개인통관고유부호) with its type."""
    return CUSTOMS_CODE_MASK if value.strip() else value


def is_valid_birth_date(six_digits: str) -> bool:
    """Return whether YYMMDD is a calendar date in some century (29 February allowed)."""
    month, day = int(six_digits[2:4]), int(six_digits[4:6])
    days_in_month = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return 1 <= month <= 12 and 1 <= day <= days_in_month[month - 1]


def has_rrn_checksum(thirteen_digits: str) -> bool:
    """Return whether the check digit of a registration number is valid.

    Numbers assigned after the October 2020 change of the numbering scheme need not carry a
    valid check digit, so this only accepts an unlabelled run of 13 digits and never rejects
    a hyphenated one.
    """
    total = sum(
        int(digit) * weight
        for digit, weight in zip(thirteen_digits[:12], _RRN_WEIGHTS, strict=True)
    )
    return (11 - total % 11) % 10 == int(thirteen_digits[12])


def _is_unlabelled_rrn(digits: str) -> bool:
    # Korean product barcodes (EAN-13 with the 880 prefix) are also 13 digits.
    is_korean_barcode = digits.startswith("880") and _has_ean13_checksum(digits)
    return has_rrn_checksum(digits) and not is_korean_barcode


def _has_ean13_checksum(digits: str) -> bool:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(digits[:12]))
    return (10 - total % 10) % 10 == int(digits[12])


def passes_luhn(digits: str) -> bool:
    """Return whether a digit string passes the Luhn check used by card numbers."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        digit = int(char)
        if position % 2 == 1:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _label_before(pattern: re.Pattern[str], text: str, start: int) -> bool:
    return pattern.search(text, max(0, start - _LABEL_WINDOW), start) is not None


def find_rrns(line: Line) -> Iterator[Span]:
    text = line.numeric
    for match in _RRN.finditer(text):
        birth, back = match.group("birth"), match.group("back")
        if not is_valid_birth_date(birth):
            continue
        separated = match.group("sep") != ""
        labelled = _label_before(_RRN_LABEL, text, match.start())
        if not (separated or labelled or _is_unlabelled_rrn(birth + back)):
            continue
        yield Span(match.start(), match.end(), mask_rrn(birth))
    for match in _PARTLY_MASKED_RRN.finditer(text):
        if is_valid_birth_date(match.group("birth")):
            yield Span(match.start(), match.end(), mask_rrn(match.group("birth")))
    if line.contains_any(_RRN_LABEL_KEYWORDS):
        yield from _find_split_rrns(text)


def _find_split_rrns(text: str) -> Iterator[Span]:
    """Find the back half of a registration number written apart from its birth date.

    Only the back half is replaced, so the line shows the birth date as the joined form does.
    """
    for match in _SPLIT_RRN.finditer(text):
        if is_valid_birth_date(match.group("birth")) and _label_before(
            _RRN_LABEL, text, match.start()
        ):
            yield Span(match.start("back"), match.end("back"), "*******")
    for match in _RRN_BACK_HALF.finditer(text):
        if _label_before(_RRN_LABEL, text, match.start()):
            yield Span(match.start("back"), match.end("back"), "*******")


def find_cards(line: Line) -> Iterator[Span]:
    text = line.numeric
    for match in _CARD.finditer(text):
        digits = "".join(char for char in match.group() if char.isdigit())
        near_card_word = _CARD_WORD.search(
            text, max(0, match.start() - _LABEL_WINDOW), match.end() + 8
        )
        if passes_luhn(digits) or near_card_word:
            yield Span(match.start(), match.end(), mask_card_number(digits))


def _account_spans(line: Line, trigger: re.Pattern[str], *, strong: bool) -> Iterator[Span]:
    text = line.numeric
    if trigger.search(text) is None and not (strong and re.search(_SHORT_BANK_NAME, text)):
        return
    position = 0
    while match := _ACCOUNT.search(text, position):
        position = match.end()
        number = match.group().rstrip(" ")
        date = _LEADING_DATE.match(number)
        if date:
            # The search resumes after the date, where an account number may still follow.
            position = match.start() + date.end()
            continue
        digit_count = len(number) - number.count(" ") - number.count("-")
        if not 10 <= digit_count <= 16:
            continue
        # Near a refund word only, a run of digits without separators is more likely an order
        # id (환불 2088995790328) than an account.
        if not strong and digit_count == len(number):
            continue
        before = trigger.search(text, max(0, match.start() - _LABEL_WINDOW), match.start())
        after = trigger.search(text, match.end(), match.end() + 8)
        if strong and before is None:
            before = _SHORT_BANK_NAME_BEFORE.search(text, max(0, match.start() - 8), match.start())
        if before is None and after is None:
            continue
        if looks_like_phone(number):
            gap = match.start() - before.end() if before else _ADJACENT_GAP + 1
            if not strong or gap > _ADJACENT_GAP:
                continue
        end = match.start() + len(number)
        yield Span(match.start(), end, mask_bank_account(number))


def find_bank_accounts(line: Line) -> Iterator[Span]:
    """Find account numbers near a bank name or an account word."""
    return _account_spans(line, _BANK_WORD, strong=True)


def find_refund_accounts(line: Line) -> Iterator[Span]:
    """Find account numbers near a refund word, leaving phone numbers to the phone detector."""
    return _account_spans(line, _REFUND_WORD, strong=False)


def find_passports(line: Line) -> Iterator[Span]:
    text = line.words
    for match in _PASSPORT.finditer(text):
        number = match.group("number")
        labelled = _label_before(_PASSPORT_LABEL, text, match.start())
        if labelled or number[0] in _PASSPORT_TYPE_LETTERS:
            yield Span(match.start(), match.end(), PASSPORT_MASK)


def find_driver_licenses(line: Line) -> Iterator[Span]:
    text = line.words
    if _LICENSE_TAIL.search(text) is None:
        return
    for match in _DRIVER_LICENSE.finditer(text):
        if match.group("sep2") == "-" or _label_before(_LICENSE_LABEL, text, match.start()):
            yield Span(match.start(), match.end(), DRIVER_LICENSE_MASK)


def find_customs_codes(line: Line) -> Iterator[Span]:
    for match in _CUSTOMS_CODE.finditer(line.words):
        yield Span(match.start(), match.end(), CUSTOMS_CODE_MASK)
