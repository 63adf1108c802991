"""`cs-bot demo`: run the bot against a local Coupang sandbox and Slack stand-in, then print Slack.

The demo starts both servers in this process, runs the real bot service (HTTP mode on a free
loopback port, outbox worker, health endpoints) with a temporary SQLite database, and runs its
registered poll jobs for a few cycles while the sandbox clock moves on: new items arrive, an
inquiry is answered in WING, a return is withdrawn, and an unanswered call-center request
expires. SLA reminders go to the threads of due items. Staff then reply, confirm and approve
through signed Slack requests, and one approval by an agent is rejected. The daily digest is
posted with its chart, and the demo prints it with the chart's path and then each channel as
text. No account or network is needed.
"""

import argparse
import asyncio
import io
import logging
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import aiohttp

from bot.cli.digest import write_digests
from bot.demo_interactions import add_demo_people, play_interactions
from bot.deps import Deps, open_deps
from bot.local_env import LocalEnvironment, run_local_environment
from bot.logs import configure_logging
from bot.scheduler import build_scheduler
from bot.service import BotService
from bot.settings import SlackMode
from bot.slackstub import render_transcript
from coupang.sandbox import SandboxState

log = logging.getLogger(__name__)

# Slack allows about 1 post per second per channel. The stand-in and the demo allow 5 per
# second, so that the demo finishes in seconds.
DEMO_POSTS_PER_SECOND = 5.0
DEMO_SEED = 7
# One new item every 3 hours of sandbox time keeps the transcript short.
DEMO_ARRIVAL_INTERVAL = timedelta(hours=3)
STEP_TIMEOUT_SECONDS = 30.0


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "demo",
        help="run the bot against a local sandbox and print the Slack channels",
        description=(
            "Start a local Coupang sandbox and Slack stand-in, run the bot against them for "
            "a few poll cycles while items arrive and change, and print every channel."
        ),
    )
    parser.add_argument(
        "--keep",
        metavar="DIR",
        type=Path,
        default=None,
        help="keep the database, key file and configuration in DIR instead of a temporary folder",
    )
    parser.add_argument(
        "--output-dir",
        metavar="DIR",
        type=Path,
        default=Path("demo-output"),
        help="folder for the digest text and chart the demo writes (default: ./demo-output)",
    )
    parser.add_argument(
        "--language",
        choices=("ko", "en"),
        default="ko",
        help="language of the Slack messages (default: ko)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    configure_logging(level="WARNING")
    output_dir: Path = args.output_dir
    if args.keep is not None:
        transcript = asyncio.run(run_demo(args.keep, language=args.language, output_dir=output_dir))
    else:
        with tempfile.TemporaryDirectory(prefix="cs-bot-demo-") as workdir:
            transcript = asyncio.run(
                run_demo(Path(workdir), language=args.language, output_dir=output_dir)
            )
    sys.stdout.write(transcript)
    return 0


async def run_demo(workdir: Path, *, language: str = "ko", output_dir: Path | None = None) -> str:
    """Run the demo scenario in `workdir` and return the transcript of every channel.

    The digest's text and chart go to `output_dir` (default `workdir`), which outlives a
    temporary `workdir` so the printed chart path stays valid.
    """
    state = SandboxState(seed=DEMO_SEED, arrival_interval=DEMO_ARRIVAL_INTERVAL)
    async with run_local_environment(
        workdir,
        sandbox_state=state,
        language=language,
        slack_posts_per_second=DEMO_POSTS_PER_SECOND,
    ) as env:
        settings = add_demo_people(env)
        async with open_deps(
            settings,
            clock=state.clock.now,
            channel_interval=1 / DEMO_POSTS_PER_SECOND,
        ) as deps:
            service = BotService(deps, mode=SlackMode.HTTP, host="127.0.0.1", port=0)
            await service.start()
            try:
                steps = await _run_scenario(env, deps, service, output_dir or workdir)
            finally:
                await service.stop()
        zone = ZoneInfo(env.settings.time_zone)
        return "\n".join(steps) + "\n\n" + render_transcript(env.slack, tz=zone)


async def _run_scenario(
    env: LocalEnvironment, deps: Deps, service: BotService, output_dir: Path
) -> list[str]:
    state = env.sandbox.state
    steps = [f"cs-bot demo: bot service on http://127.0.0.1:{service.port}"]

    steps.append("1. First poll: the sandbox's open items are posted once each.")
    await _poll_cycle(deps)

    inquiry = next(i for i in state.store.product_inquiries.values() if not i.comments)
    state.answer_product_inquiry(inquiry.inquiry_id, "안녕하세요, 내일 출고됩니다.")
    receipt = next(r for r in state.store.returns.values() if _withdrawable(r))
    state.withdraw_return(receipt.receipt_id)
    state.advance_clock(DEMO_ARRIVAL_INTERVAL)
    steps.append(
        f"2. Three hours later: inquiry {inquiry.inquiry_id} answered in WING, return "
        f"{receipt.receipt_id} withdrawn, a new item arrived."
    )
    await _poll_cycle(deps)

    steps.append("3. A second poll with no changes: nothing is posted again.")
    await _poll_cycle(deps)

    state.advance_clock(timedelta(hours=24))
    steps.append("4. A day later: unanswered call-center requests expired and new items arrived.")
    await _poll_cycle(deps)

    steps.append(
        "4b. The SLA reminder job re-reads each due item from Coupang and posts its reminder "
        "or overdue mark in the item's thread."
    )
    await deps.reminders.run_job()
    async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
        await deps.outbox.wait_until_sent()

    vendor = state.vendor()
    vendor.allowed_ips = frozenset({"192.0.2.1"})
    steps.append(
        "5. The key's IP allow-list no longer has this server: Coupang answers 403, polling "
        "pauses and one alert goes to the ops channel, however many polls follow."
    )
    await _poll_cycle(deps)
    await _poll_cycle(deps)

    vendor.allowed_ips = None
    state.advance_clock(timedelta(minutes=5))
    steps.append("6. The allow-list is fixed: the next poll's probe succeeds and polling resumes.")
    await _poll_cycle(deps)

    steps += await play_interactions(env, deps, f"http://127.0.0.1:{service.port}")
    steps += await _digest(deps, output_dir)

    steps.append(f"Health: {await _health(service.port)}")
    return steps


async def _poll_cycle(deps: Deps) -> None:
    """Run every registered poll job once, as the scheduler would, then wait for Slack."""
    scheduler = build_scheduler(deps)
    for job in scheduler.get_jobs():
        if job.id.startswith("poll:"):
            await job.func(*job.args)
    async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
        await deps.outbox.wait_until_sent()


async def _digest(deps: Deps, output_dir: Path) -> list[str]:
    """Post the daily digest with its chart, and return its text and the chart's path."""
    steps = ["8. The daily digest job posts the digest and uploads its 14-day chart."]
    for channel in deps.digest.channels():
        await deps.digest.append(channel)
    async with asyncio.timeout(STEP_TIMEOUT_SECONDS):
        await deps.outbox.wait_until_sent()
    reports = await deps.digest.build_reports()
    output = io.StringIO()
    write_digests(reports, output_dir, output)
    steps.append(output.getvalue().rstrip("\n"))
    return steps


async def _health(port: int) -> str:
    async with aiohttp.ClientSession() as session:
        results = []
        for path in ("/healthz", "/readyz"):
            async with session.get(f"http://127.0.0.1:{port}{path}") as response:
                results.append(f"GET {path} → {response.status}")
    return ", ".join(results)


def _withdrawable(receipt: object) -> bool:
    status = getattr(receipt, "receipt_status", None)
    return getattr(receipt, "withdrawn_at", None) is None and status == "RETURNS_UNCHECKED"
