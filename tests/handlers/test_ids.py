"""Strict parsing of ids typed in `/cs` or sent back in button values and block ids."""

import pytest

from handlers import ids


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", 1),
        ("0042", 42),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("99999999999999999999999", None),
        ("00000000000000000001", None),
        ("0", None),
        ("", None),
        ("²", None),
        ("³⁴", None),
        ("١٢٣", None),
        ("１２", None),
        ("-5", None),
        ("+5", None),
        (" 5", None),
        ("5 ", None),
        ("1_000", None),
        ("12a", None),
    ],
)
def test_parse_id(value: str, expected: int | None) -> None:
    assert ids.parse_id(value) == expected


def test_parse_item_block_id_rejects_odd_digits() -> None:
    assert ids.parse_item_block_id("item:²:actions") is None
    assert ids.parse_item_block_id("item:9223372036854775808:actions") is None
    assert ids.parse_item_block_id("item:7:actions") == (7, "actions")
