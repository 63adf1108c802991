"""Recall and keep rate on the labelled development set of synthetic buyer messages.

Each row lists secrets that must not survive masking and substrings (prices, dates, sizes,
model codes, order ids, company numbers) that must. Both rates must be at least 0.99.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from bot.privacy import mask_text

DEV_SET = Path(__file__).parents[2] / ".." / "shared" / "eval" / "masking-dev.jsonl"
MIN_RATE = 0.99


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    if not DEV_SET.is_file():
        pytest.skip(f"labelled development set not found at {DEV_SET}")
    with DEV_SET.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def _secrets_gone(row: dict[str, Any], masked: str) -> bool:
    return all(secret not in masked for pii in row["pii"] for secret in pii["secrets"])


def _kept(row: dict[str, Any], masked: str) -> bool:
    return all(keep in masked for keep in row["keep"])


def test_dev_set_recall(rows: list[dict[str, Any]]) -> None:
    missed = [row["id"] for row in rows if not _secrets_gone(row, mask_text(row["text"]))]

    recall = 1 - len(missed) / len(rows)

    assert recall >= MIN_RATE, f"recall {recall:.4f}; rows with a surviving secret: {missed}"


def test_dev_set_keep_rate(rows: list[dict[str, Any]]) -> None:
    damaged = [row["id"] for row in rows if not _kept(row, mask_text(row["text"]))]

    keep_rate = 1 - len(damaged) / len(rows)

    assert keep_rate >= MIN_RATE, f"keep rate {keep_rate:.4f}; rows with a lost keep: {damaged}"


def test_dev_set_masking_is_idempotent(rows: list[dict[str, Any]]) -> None:
    changed = [
        row["id"] for row in rows if mask_text(mask_text(row["text"])) != mask_text(row["text"])
    ]

    assert changed == []
