"""A date after 입금 stays readable, with the price or time that follows it.

After 입금 the bank-account detector took a date, the space and the next number as one
account number, so "입금 2026-12-04 14:30" became "입금 ******0414:30". This hides no
personal data, but staff lose the date and the time.
"""

import pytest

from bot.privacy import mask_text

KEPT = [
    "입금 2026-12-04 39,900원",
    "입금 2026-12-04 14:30",
]


@pytest.mark.parametrize("text", KEPT, ids=["date-then-price", "date-then-time"])
def test_mask_text_keeps_date_after_refund_word(text: str) -> None:
    masked = mask_text(text)

    assert masked == text
