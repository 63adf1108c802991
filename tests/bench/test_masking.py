"""The masking benchmark runs and reports both engines."""

from pathlib import Path

import pytest

from bench import masking

DEV_SET = Path(__file__).parents[2] / ".." / "shared" / "eval" / "masking-dev.jsonl"


def test_masking_benchmark_reports_rates(capsys: pytest.CaptureFixture[str]) -> None:
    if not DEV_SET.is_file():
        pytest.skip(f"labelled development set not found at {DEV_SET}")

    status = masking.main(["--repeat", "1"])

    output = capsys.readouterr().out
    assert status == 0
    row = next(line for line in output.splitlines() if line.startswith("| cs-bot bot.privacy |"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    assert float(cells[3]) >= 0.99  # recall
    assert float(cells[4]) >= 0.99  # keep rate


def test_rates_count_rows() -> None:
    rows = [
        {"text": "a 010-1234-5678", "pii": [{"secrets": ["1234"]}], "keep": ["a"]},
        {"text": "b 1588-1234", "pii": [{"secrets": ["1588"]}], "keep": ["b"]},
    ]

    recall, keep_rate = masking.rates(rows, lambda text: text.replace("1234", "****"))

    assert recall == 0.5
    assert keep_rate == 1.0
