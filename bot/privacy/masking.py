"""The masking engine: `mask_text` for free text, and the structured maskers it shares.

Everything the bot shows or logs passes through here. A value masks the same way as a
structured field and inside free text, so no two views reveal different parts of it.
"""

import re
from collections.abc import Callable, Iterable, Iterator

from bot.privacy.addresses import (
    find_addresses,
    find_apartment_units,
    find_door_codes,
    mask_address,
    mask_address_detail,
    mask_door_code,
    mask_zip_code,
)
from bot.privacy.contacts import (
    find_emails,
    find_phones,
    looks_like_phone,
    mask_email,
    mask_phone,
)
from bot.privacy.names import (
    find_honorific_names,
    find_labelled_names,
    find_names_before_phones,
    find_self_introductions,
    mask_name,
)
from bot.privacy.numbers import (
    find_bank_accounts,
    find_cards,
    find_customs_codes,
    find_driver_licenses,
    find_passports,
    find_refund_accounts,
    find_rrns,
    mask_bank_account,
    mask_card_number,
    mask_customs_code,
    mask_driver_license,
    mask_passport,
    mask_rrn,
)
from bot.privacy.spans import Line, Span, apply_spans

__all__ = [
    "mask_address",
    "mask_address_detail",
    "mask_bank_account",
    "mask_card_number",
    "mask_customs_code",
    "mask_door_code",
    "mask_driver_license",
    "mask_email",
    "mask_name",
    "mask_passport",
    "mask_phone",
    "mask_rrn",
    "mask_text",
    "mask_zip_code",
]

Detector = Callable[[Line], Iterable[Span]]

# Numbers after these labels are ids that staff need in full (orders, receipts, invoices,
# shipment boxes, business registration), so the detectors below must not take them.
_ID_LABEL = re.compile(
    r"(?:주문|접수|반품|교환|문의|상담|송장|운송장|반송장|배송|묶음배송|상품|옵션|출고|취소|"
    r"사업자(?:등록)?|통신판매업?(?:신고)?)\s?(?:번호|no\.?|id)"
    r"|주문(?:\s?건)?|(?:운송장|반송장|송장|트래킹|tracking)(?:\s?번호)?"
    r"|order\s?(?:id|no\.?|number)|orderId|receiptId|inquiryId|shipmentBoxId|exchangeId"
    r"|invoice\s?(?:no\.?|number)|바코드|상품\s?코드|sku|ean|gtin|isbn",
    re.IGNORECASE,
)
_ID_VALUE = re.compile(r"(?:[:：=#]|은|는|이|가)?\s?(?P<id>[0-9][0-9\-]{3,30}[0-9])(?![0-9])")

# Lines that contain none of these cannot hold anything the detectors find.
_MAYBE_PERSONAL = re.compile(r"[0-9@]|[^\x00-\x7f]|name", re.IGNORECASE)
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)?")


# Every id label contains one of these, so a line without them skips the label pattern.
_ID_KEYWORDS = tuple(
    "번호 no id number 주문 송장 트래킹 tracking 바코드 코드 sku ean gtin isbn".split()
)


def _find_protected_ids(line: Line) -> Iterator[Span]:
    if not line.contains_any(_ID_KEYWORDS):
        return
    text = line.numeric
    for label in _ID_LABEL.finditer(text):
        value = _ID_VALUE.match(text, label.end())
        # A phone number after a label (주문 010-…로 연락) is still a phone number.
        if value and not looks_like_phone(value.group("id")):
            yield Span(value.start("id"), value.end("id"), None)


# Earlier detectors win where matches overlap: protected ids first, then the most specific
# number shapes, and names last because they depend on the least certain evidence. Each
# detector runs only on lines with enough digits for its shortest match, and detectors that
# need Hangul skip ASCII lines, which keeps ordinary log lines cheap.
_DETECTORS: tuple[tuple[int, bool, Detector], ...] = (
    # (minimum digits, needs non-ASCII text, detector)
    (4, False, _find_protected_ids),
    (7, False, find_rrns),
    (10, False, find_driver_licenses),
    (14, False, find_cards),
    (12, False, find_customs_codes),
    (10, False, find_bank_accounts),
    (9, False, find_phones),
    (10, False, find_refund_accounts),
    (0, False, find_emails),
    (7, False, find_passports),
    (1, False, find_door_codes),
    (1, True, find_addresses),
    (2, True, find_apartment_units),
    (1, True, find_names_before_phones),
    (0, False, find_labelled_names),
    (0, True, find_honorific_names),
    (0, True, find_self_introductions),
)


def mask_text(text: str) -> str:
    """Mask every piece of personal data the engine recognizes in free text.

    Line breaks and the words around each value are kept, and masking masked text changes
    nothing (property tests check both). Errors are not raised: a line that fails to mask for
    an unforeseen reason has all its digits replaced instead.
    """
    if not isinstance(text, str):
        text = str(text)
    if not _MAYBE_PERSONAL.search(text):
        return text
    return "".join(_mask_line(line) for line in _LINE.findall(text))


def _mask_line(line: str) -> str:
    if not line or not _MAYBE_PERSONAL.search(line):
        return line
    try:
        view = Line(line)
        digit_count = view.digit_count
        ascii_only = line.isascii()
        groups = (
            detector(view)
            for min_digits, needs_non_ascii, detector in _DETECTORS
            if digit_count >= min_digits and not (needs_non_ascii and ascii_only)
        )
        return apply_spans(line, groups)
    except Exception:  # The engine must never raise on user text.
        # NOTE: no known input reaches this fallback. It hides digits but not names.
        return re.sub(r"\d", "*", line)
