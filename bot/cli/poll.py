"""`cs-bot poll --once`: run one poll cycle for every vendor and kind, then send the outbox."""

import argparse
import asyncio
import sys

from bot.config_errors import ConfigError
from bot.deps import open_deps
from bot.logs import configure_logging
from bot.services.polling import PollSummary
from bot.settings import Settings, load_settings


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "poll",
        help="poll Coupang once and post what changed",
        description=(
            "Poll every configured vendor and item kind once, post new items and updates to "
            "Slack, and print one summary line per vendor and kind. Exits 1 if any poll did not "
            "succeed (failed, paused, or skipped because another process holds the lease)."
        ),
    )
    parser.add_argument(
        "--once",
        action="store_true",
        required=True,
        help="run one cycle and exit (the only mode; `cs-bot run` polls on schedule)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    configure_logging(level="WARNING")
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    summaries, sent = asyncio.run(poll_once(settings))
    for summary in summaries:
        print(summary.describe())
    print(f"outbox: {sent} Slack call(s) processed")
    return 0 if all(summary.outcome == "ok" for summary in summaries) else 1


async def poll_once(settings: Settings) -> tuple[list[PollSummary], int]:
    """Poll every vendor and kind once, send the outbox, and return summaries and sends."""
    async with open_deps(settings) as deps:
        summaries = await deps.poller.poll_all_once()
        await deps.outbox.reconcile()
        sent = await deps.outbox.drain()
    return summaries, sent
