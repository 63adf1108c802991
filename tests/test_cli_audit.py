"""`cs-bot audit export` writes access records in the requested window and records itself."""

import argparse
import asyncio
import csv
import json
import stat
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli.audit import COLUMNS, register, run_export
from bot.storage import (
    AccessEntry,
    append_access_record,
    create_engine,
    create_sessionmaker,
    export_access_records,
    migrate,
)

# 2026-03-01 00:00 in Asia/Seoul is 2026-02-28 15:00 UTC.
BEFORE_WINDOW = datetime(2026, 2, 28, 14, 59, tzinfo=UTC)
WINDOW_START = datetime(2026, 2, 28, 15, 0, tzinfo=UTC)
INSIDE_WINDOW = datetime(2026, 3, 5, 3, 0, tzinfo=UTC)


async def _seed(url: str) -> None:
    engine = create_engine(url)
    try:
        await migrate(engine)
        async with create_sessionmaker(engine).begin() as session:
            for number, occurred_at in enumerate((BEFORE_WINDOW, WINDOW_START, INSIDE_WINDOW)):
                entry = AccessEntry(
                    occurred_at=occurred_at,
                    slack_user_id="U0MANAGER",
                    slack_team_id="T0TEAM",
                    vendor_id="A00012345",
                    item_kind="return_request",
                    coupang_id=700_000_000 + number,
                    action="approve_return",
                    result="ok",
                    reference_id=f"ref-{number}",
                )
                await append_access_record(session, entry)
    finally:
        await engine.dispose()


async def _actions_since(url: str, since: datetime) -> list[str]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return [r.entry.action async for r in export_access_records(session, since=since)]
    finally:
        await engine.dispose()


def build_parser() -> argparse.ArgumentParser:
    """Build a parser with only the audit command, as `bot.cli.build_parser` registers it."""
    parser = argparse.ArgumentParser(prog="cs-bot")
    register(parser.add_subparsers(dest="command", required=True))
    return parser


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path / 'audit.db'}"
    asyncio.run(_seed(url))
    return url


def _run(database_url: str, *argv: str) -> int:
    args = build_parser().parse_args(["audit", "export", *argv])
    return int(run_export(args, {"DATABASE_URL": database_url, "CS_BOT_TIMEZONE": "Asia/Seoul"}))


def test_export_jsonl_window(database_url: str, tmp_path: Path) -> None:
    output = tmp_path / "records.jsonl"

    code = _run(database_url, "--since", "2026-03-01", "--format", "jsonl", "--output", str(output))

    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert code == 0
    assert [row["reference_id"] for row in rows] == ["ref-1", "ref-2"]
    assert rows[0]["occurred_at"] == "2026-02-28T15:00:00+00:00"
    assert rows[0]["coupang_id"] == 700_000_001
    assert stat.S_IMODE(output.stat().st_mode) == 0o600


def test_export_csv_until(database_url: str, tmp_path: Path) -> None:
    output = tmp_path / "records.csv"

    code = _run(
        database_url, "--since", "2026-02-01", "--until", "2026-03-01", "--output", str(output)
    )

    with output.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert code == 0
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 2
    assert rows[1][COLUMNS.index("reference_id")] == "ref-0"
    assert rows[1][COLUMNS.index("affected_rows")] == ""


def test_export_is_recorded(database_url: str, tmp_path: Path) -> None:
    _run(database_url, "--since", "2026-03-01", "--output", str(tmp_path / "a.csv"))
    actions = asyncio.run(_actions_since(database_url, INSIDE_WINDOW))
    assert actions[-1] == "audit_export"


def test_existing_output_not_overwritten(database_url: str, tmp_path: Path) -> None:
    output = tmp_path / "keep.csv"
    output.write_text("keep", encoding="utf-8")

    code = _run(database_url, "--since", "2026-03-01", "--output", str(output))

    assert code == 1
    assert output.read_text(encoding="utf-8") == "keep"


def test_unmigrated_database_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"

    code = _run(url, "--since", "2026-03-01")

    assert code == 1
    assert "reading access records failed" in capsys.readouterr().err


def test_invalid_day_rejected(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["audit", "export", "--since", "03/01/2026"])
    assert "expected YYYY-MM-DD" in capsys.readouterr().err


def test_until_before_since_rejected(database_url: str) -> None:
    assert _run(database_url, "--since", "2026-03-01", "--until", "2026-03-01") == 2
