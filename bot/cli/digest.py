"""`cs-bot digest --print`: write each digest channel's digest to the terminal and to files."""

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from bot.config_errors import ConfigError
from bot.deps import open_deps, utc_now
from bot.logs import configure_logging
from bot.services.digest_job import DigestReport
from bot.settings import Settings, load_settings


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "digest",
        help="print the daily digest and write its chart",
        description=(
            "Compute the daily digest of every vendor's digest channel from stored items, print "
            "its text and write the text and the 14-day chart (PNG) to files. Nothing is sent "
            "to Slack."
        ),
    )
    parser.add_argument(
        "--print",
        dest="print_digest",
        action="store_true",
        required=True,
        help="print the digest (the only mode; the scheduler posts it in Slack)",
    )
    parser.add_argument(
        "--output-dir",
        type=Path,
        default=None,
        help="directory for the text and chart files (default: CS_BOT_DATA_DIR)",
    )
    parser.add_argument(
        "--at",
        type=_aware_datetime,
        default=None,
        help="compute the digest as of this ISO 8601 time with its offset, such as "
        "2026-12-04T09:00+09:00 (default: now)",
    )
    parser.set_defaults(handler=run)


def _aware_datetime(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid ISO 8601 time: {value!r}") from None
    if moment.utcoffset() is None:
        raise argparse.ArgumentTypeError(f"missing UTC offset in {value!r}; add one, e.g. +09:00")
    return moment


def run(args: argparse.Namespace) -> int:
    configure_logging(level="WARNING")
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    output_dir = args.output_dir or settings.storage.data_dir
    reports = asyncio.run(build_digests(settings, at=args.at))
    write_digests(reports, output_dir, sys.stdout)
    return 0


async def build_digests(settings: Settings, *, at: datetime | None = None) -> list[DigestReport]:
    """Compute the digest of every digest channel as of `at` (default now) from storage."""
    clock = utc_now if at is None else (lambda: at.astimezone(UTC))
    async with open_deps(settings, clock=clock) as deps:
        return await deps.digest.build_reports()


def write_digests(reports: list[DigestReport], output_dir: Path, out: TextIO) -> list[Path]:
    """Write each digest's text to `out`, and its text and chart to `output_dir`.

    Returns the written paths. The text has passed `mask_text`, like the Slack post.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for report in reports:
        stem = f"cs-digest-{report.channel}-{report.day}"
        text_path = output_dir / f"{stem}.txt"
        chart_path = output_dir / f"{stem}.png"
        text_path.write_text(report.text + "\n", encoding="utf-8")
        chart_path.write_bytes(report.chart_png)
        print(f"# {report.channel}", file=out)
        print(report.text, file=out)
        print(f"chart: {chart_path}", file=out)
        print(f"text: {text_path}", file=out)
        written += [text_path, chart_path]
    return written
