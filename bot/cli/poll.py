"""`cs-bot poll --once`: run one poll cycle for every vendor and kind, then send the outbox."""

import argparse
import asyncio
import sys
from dataclasses import dataclass

from bot.config_errors import ConfigError
from bot.deps import open_deps
from bot.logs import configure_logging
from bot.services.polling import PollSummary
from bot.settings import Settings, load_settings
from bot.storage import DataKeyError, OutboxState


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "poll",
        help="poll Coupang once and post what changed",
        description=(
            "Poll every configured vendor and item kind once, post new items and updates to "
            "Slack, and print one summary line per vendor and kind and one for the outbox. "
            "Exits 1 if any poll did not succeed (failed, paused, or skipped because another "
            "process holds the lease) or any Slack call was left pending or failed."
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
    try:
        summaries, report = asyncio.run(poll_once(settings))
    except DataKeyError as exc:
        print(ConfigError([f"environment: CS_BOT_DATA_KEY: {exc}"]), file=sys.stderr)
        return 2
    for summary in summaries:
        print(summary.describe())
    print(report.describe())
    polls_ok = all(summary.outcome == "ok" for summary in summaries)
    return 0 if polls_ok and report.complete else 1


@dataclass(frozen=True)
class OutboxReport:
    """Slack work of one `poll --once` run: entries sent, left pending and failed."""

    sent: int
    pending: int
    failed: int

    @property
    def complete(self) -> bool:
        """Whether every Slack call was sent, with none left pending or failed."""
        return self.pending == 0 and self.failed == 0

    def describe(self) -> str:
        """Return the summary line of the outbox."""
        text = (
            f"outbox: {self.sent} Slack call(s) sent, {self.pending} left pending, "
            f"{self.failed} failed"
        )
        if self.pending:
            text += "; pending calls are retried by the next `cs-bot poll --once` or `cs-bot run`"
        return text


async def poll_once(settings: Settings) -> tuple[list[PollSummary], OutboxReport]:
    """Poll every vendor and kind once, send the outbox, and return summaries and the report.

    `sent` and `failed` count the entries that reached those states during this run.
    `pending` counts every entry still waiting, including ones from earlier runs.
    """
    async with open_deps(settings) as deps:
        before = await deps.outbox.count_by_state()
        summaries = await deps.poller.poll_all_once()
        await deps.outbox.reconcile()
        await deps.outbox.drain()
        after = await deps.outbox.count_by_state()
    report = OutboxReport(
        sent=after[OutboxState.DONE] - before[OutboxState.DONE],
        pending=after[OutboxState.PENDING] + after[OutboxState.IN_FLIGHT],
        failed=after[OutboxState.FAILED] - before[OutboxState.FAILED],
    )
    return summaries, report
