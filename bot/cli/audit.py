"""`cs-bot audit export`: write access records to CSV or JSON Lines for the periodic review."""

import argparse
import asyncio
import csv
import getpass
import json
import os
import sys
from collections.abc import Mapping
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from sqlalchemy.exc import SQLAlchemyError

from bot.config_errors import ConfigError
from bot.settings import (
    StorageSettings,
    load_environment,
    load_storage_settings,
    read_environment,
)
from bot.storage import (
    READ_ONLY,
    AccessEntry,
    StoredAccessRecord,
    append_access_record,
    create_engine,
    create_sessionmaker,
    export_access_records,
)

EXPORT_ACTION = "audit_export"
COLUMNS = (
    "id",
    "occurred_at",
    "slack_user_id",
    "slack_team_id",
    "vendor_id",
    "item_kind",
    "coupang_id",
    "action",
    "result",
    "reference_id",
    "affected_rows",
)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser("audit", help="work with the access records (접속기록)")
    actions = parser.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export",
        help="export access records",
        description=(
            "Export access records from the database named by DATABASE_URL (default: the SQLite "
            "file in CS_BOT_DATA_DIR). Days are read in CS_BOT_TIMEZONE (default Asia/Seoul), and "
            "times are written in UTC. The export itself is recorded as an access record."
        ),
    )
    export.add_argument(
        "--since", required=True, type=parse_day, help="first day to include, YYYY-MM-DD"
    )
    export.add_argument(
        "--until", type=parse_day, default=None, help="first day to leave out, YYYY-MM-DD"
    )
    export.add_argument(
        "--format", choices=("csv", "jsonl"), default="csv", help="output format (default: csv)"
    )
    export.add_argument(
        "--output",
        type=Path,
        default=None,
        help="new file to write, created with mode 0600 (default: standard output)",
    )
    export.set_defaults(handler=handle_export)


def parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid day {value!r}: expected YYYY-MM-DD, e.g. 2026-03-01"
        ) from None


def handle_export(args: argparse.Namespace) -> int:
    return run_export(args, read_environment())


def run_export(args: argparse.Namespace, environ: Mapping[str, str]) -> int:
    """Run the export with settings from `environ` and return the process exit code."""
    try:
        env = load_environment(environ)
        storage = load_storage_settings(environ)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    zone = ZoneInfo(env.time_zone)
    since = datetime.combine(args.since, time(), tzinfo=zone)
    until = None if args.until is None else datetime.combine(args.until, time(), tzinfo=zone)
    if until is not None and until <= since:
        print("error: --until must be a later day than --since", file=sys.stderr)
        return 2

    try:
        output = _open_output(args.output)
    except FileExistsError:
        print(f"error: {args.output} already exists. Choose a new file name", file=sys.stderr)
        return 1
    try:
        count = asyncio.run(_export(storage, output, args.format, since, until))
    except SQLAlchemyError as exc:
        print(
            f"error: reading access records failed ({type(exc).__name__}). Check DATABASE_URL "
            "and that the bot has started once so that the schema exists",
            file=sys.stderr,
        )
        return 1
    finally:
        if output is not sys.stdout:
            output.close()
    print(f"exported {count} access records", file=sys.stderr)
    return 0


def _open_output(path: Path | None) -> TextIO:
    if path is None:
        return sys.stdout
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "w", encoding="utf-8", newline="")


async def _export(
    storage: StorageSettings,
    output: TextIO,
    output_format: str,
    since: datetime,
    until: datetime | None,
) -> int:
    engine = create_engine(storage.database_url.get_secret_value())
    sessions = create_sessionmaker(engine)
    count = 0
    try:
        async with sessions() as session:
            await session.connection(execution_options=READ_ONLY)
            writer = csv.writer(output) if output_format == "csv" else None
            if writer is not None:
                writer.writerow(COLUMNS)
            async for record in export_access_records(session, since=since, until=until):
                row = _row_of(record)
                if writer is not None:
                    writer.writerow(["" if value is None else value for value in row.values()])
                else:
                    output.write(json.dumps(row, ensure_ascii=False) + "\n")
                count += 1
        async with sessions.begin() as session:
            await append_access_record(session, _export_record(count, since))
    finally:
        await engine.dispose()
    return count


def _row_of(record: StoredAccessRecord) -> dict[str, str | int | None]:
    entry = record.entry
    return {
        "id": record.id,
        "occurred_at": entry.occurred_at.isoformat(),
        "slack_user_id": entry.slack_user_id,
        "slack_team_id": entry.slack_team_id,
        "vendor_id": entry.vendor_id,
        "item_kind": entry.item_kind,
        "coupang_id": entry.coupang_id,
        "action": entry.action,
        "result": entry.result,
        "reference_id": entry.reference_id,
        "affected_rows": entry.affected_rows,
    }


def _export_record(count: int, since: datetime) -> AccessEntry:
    # No Slack user runs this command, so the record names the local account.
    try:
        operator = getpass.getuser()
    except OSError:
        operator = "unknown"
    return AccessEntry(
        occurred_at=datetime.now(UTC),
        slack_user_id=f"cli:{operator}",
        action=EXPORT_ACTION,
        result="ok",
        reference_id=f"since:{since.date().isoformat()}",
        affected_rows=count,
    )
