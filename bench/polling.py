"""Poll-cycle benchmark: speed, memory and Coupang call budget of the bot's main loop.

Run with `python -m bench.polling [--items N ...]`. Each run starts the Coupang sandbox and the
Slack stand-in on loopback (as `cs-bot demo` does), seeds N open items split evenly over the
four item kinds, and drives the real poller and outbox worker through five phases:

1. first poll cycle of every kind: fetch, mask, store, append outbox entries;
2. outbox drain of the new posts to the Slack stand-in;
3. second poll cycle with no changes (the steady-state cost);
4. poll cycle after 10% of the items of each kind changed;
5. outbox drain of the resulting card updates and thread notes.

Storage is SQLite in a temporary folder, and PostgreSQL in a fresh database when the server at
CS_BOT_TEST_POSTGRES_URL is reachable. The Coupang client runs at the configured rate with a
limiter that adds up how long calls waited for it, so the output separates the time the rate
limit accounts for from the bot's own work.
"""

import argparse
import asyncio
import os
import platform
import resource
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine

from bench.polling_scenario import PhaseResult, ScenarioResult, run_scenario
from bot.config import MIN_POLL_INTERVAL_SECONDS

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
DEFAULT_ITEMS = (500, 2000)
# The stand-in and the outbox allow this many posts per second per channel, so the drain
# figures show the bot's own cost. Slack's real pace is about 1 post per second per channel.
DEFAULT_POSTS_PER_SECOND = 500.0
SLACK_POSTS_PER_SECOND = 1.0
# Targets the output checks. The bot's own work in a steady-state cycle gets a third of the
# shortest poll interval the configuration accepts.
STEADY_STATE_OWN_WORK_SECONDS = MIN_POLL_INTERVAL_SECONDS / 3
PEAK_MEMORY_MIB = 200.0


@dataclass
class Report:
    """Lines to print, and the targets that were checked with their outcome."""

    lines: list[str] = field(default_factory=list)
    targets: list[tuple[str, bool]] = field(default_factory=list)

    def check(self, description: str, met: bool) -> None:
        self.targets.append((description, met))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.polling", description=__doc__)
    parser.add_argument(
        "--items",
        type=int,
        nargs="+",
        default=list(DEFAULT_ITEMS),
        metavar="N",
        help="total open items to seed, split evenly over the four kinds; one run per value "
        f"(default: {' '.join(str(n) for n in DEFAULT_ITEMS)})",
    )
    parser.add_argument(
        "--posts-per-second",
        type=float,
        default=DEFAULT_POSTS_PER_SECOND,
        help="Slack stand-in and outbox pace, in posts per second per channel "
        f"(default {DEFAULT_POSTS_PER_SECOND:g}; Slack's own is about 1)",
    )
    parser.add_argument(
        "--database",
        choices=("sqlite", "postgres", "both"),
        default="both",
        help="storage to run on; PostgreSQL runs are skipped with a message when the server "
        "is unreachable (default both)",
    )
    parser.add_argument(
        "--no-memory-pass",
        action="store_true",
        help="skip the extra run of the largest N under tracemalloc, which measures the "
        "Python heap peak but slows the run down",
    )
    args = parser.parse_args(argv)
    if any(n < 4 for n in args.items):
        parser.error(f"--items needs at least 4 items (one per kind), got {args.items}")
    if args.posts_per_second <= 0:
        parser.error(f"--posts-per-second must be positive, got {args.posts_per_second}")
    return args


@asynccontextmanager
async def fresh_postgres_database() -> AsyncIterator[str | None]:
    """Create an empty database on the test server and drop it after; None if unreachable."""
    base = make_url(os.environ.get("CS_BOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    name = f"cs_bot_bench_{uuid.uuid4().hex[:12]}"
    try:
        async with asyncio.timeout(5):
            async with admin.connect() as connection:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        await admin.dispose()
        print(f"PostgreSQL at CS_BOT_TEST_POSTGRES_URL is unreachable ({type(exc).__name__})")
        yield None
        return
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def run_on(
    database: str, items: int, posts_per_second: float, *, trace_memory: bool
) -> ScenarioResult | None:
    """Run one scenario on `database` ("sqlite" or "postgres"); None if PostgreSQL is absent."""
    with tempfile.TemporaryDirectory(prefix="cs-bot-bench-") as workdir:
        if database == "sqlite":
            return await run_scenario(
                Path(workdir), items, posts_per_second, None, trace_memory=trace_memory
            )
        async with fresh_postgres_database() as url:
            if url is None:
                return None
            return await run_scenario(
                Path(workdir), items, posts_per_second, url, trace_memory=trace_memory
            )


def peak_rss_mib() -> float:
    """Return the process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_table(result: ScenarioResult) -> list[str]:
    lines = [
        "| Phase | Items | Time (s) | Limiter wait (s) | Items/s | Items/s without limiter "
        "| Coupang calls | Max calls in 1 s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for phase in result.phases:
        lines.append(
            f"| {phase.name} | {phase.items:,} | {phase.seconds:.2f} | "
            f"{phase.limiter_wait_seconds:.2f} | {phase.items_per_second:,.0f} | "
            f"{phase.items_per_second_without_limiter:,.0f} | {phase.coupang_calls} | "
            f"{phase.max_calls_in_one_second} |"
        )
    return lines


def describe(result: ScenarioResult, rss_mib: float) -> list[str]:
    """Format one scenario's figures as a heading line, a phase table and a summary."""
    lines = [
        f"### {result.database}, {result.items:,} open items "
        f"({result.items // 4:,} per kind), rate {result.rate_per_second:g} calls/s",
        "",
        *phase_table(result),
        "",
        f"- Database size: {result.database_bytes / 2**20:.2f} MiB over the empty schema, "
        f"{result.database_bytes / result.items:,.0f} bytes per item (all tables).",
        f"- Busiest channel: {result.busiest_channel_posts:,} messages; at Slack's pace of "
        f"{SLACK_POSTS_PER_SECOND:g} post/s per channel, the first drain takes at least "
        f"{result.busiest_channel_posts / SLACK_POSTS_PER_SECOND:,.0f} s "
        f"({result.items / result.busiest_channel_posts * SLACK_POSTS_PER_SECOND:.1f} items/s "
        "over all channels).",
        f"- Peak RSS of the process so far: {rss_mib:.0f} MiB.",
    ]
    if result.peak_traced_mib is not None:
        lines.append(f"- Peak Python heap (tracemalloc): {result.peak_traced_mib:.1f} MiB.")
    lines += [f"- CHECK FAILED: {problem}" for problem in result.problems]
    return lines


def check_targets(report: Report, result: ScenarioResult, *, largest: bool) -> None:
    """Record the call-rate target for every run, and the time targets for the largest N."""
    name = f"{result.database} {result.items:,} items"
    max_calls = max(phase.max_calls_in_one_second for phase in result.phases)
    report.check(
        f"{name}: max {max_calls} Coupang calls in any second <= configured "
        f"{result.rate_per_second:g}",
        max_calls <= result.rate_per_second,
    )
    report.check(f"{name}: item counts, posts and poll outcomes as expected", not result.problems)
    if not largest:
        return
    steady = result.phase("steady-state poll")
    own_work = steady.seconds - steady.limiter_wait_seconds
    report.check(
        f"{name}: steady-state cycle without limiter wait {own_work:.2f} s "
        f"<= {STEADY_STATE_OWN_WORK_SECONDS:g} s",
        own_work <= STEADY_STATE_OWN_WORK_SECONDS,
    )
    report.check(
        f"{name}: whole steady-state cycle {steady.seconds:.2f} s "
        f"< shortest poll interval {MIN_POLL_INTERVAL_SECONDS:g} s",
        steady.seconds < MIN_POLL_INTERVAL_SECONDS,
    )


async def run_all(args: argparse.Namespace) -> Report:
    report = Report()
    databases = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    largest = max(args.items)
    for database in databases:
        for items in sorted(args.items):
            result = await run_on(database, items, args.posts_per_second, trace_memory=False)
            if result is None:
                report.lines.append(f"{database}: skipped, the server is unreachable")
                break
            report.lines += [*describe(result, peak_rss_mib()), ""]
            check_targets(report, result, largest=items == largest)

    # Checked before the memory pass, because tracemalloc's own records raise the RSS.
    rss_mib = peak_rss_mib()
    report.check(
        f"peak RSS of all timed runs {rss_mib:.0f} MiB < {PEAK_MEMORY_MIB:g} MiB",
        rss_mib < PEAK_MEMORY_MIB,
    )
    if not args.no_memory_pass:
        # A separate run, because tracemalloc slows every allocation and would skew the times.
        memory = await run_on("sqlite", largest, args.posts_per_second, trace_memory=True)
        assert memory is not None and memory.peak_traced_mib is not None
        report.lines += [
            f"Memory pass (sqlite, {largest:,} items, under tracemalloc): peak Python heap "
            f"{memory.peak_traced_mib:.1f} MiB, including the sandbox and the Slack stand-in.",
            "",
        ]
        report.check(
            f"peak Python heap {memory.peak_traced_mib:.1f} MiB < {PEAK_MEMORY_MIB:g} MiB",
            memory.peak_traced_mib < PEAK_MEMORY_MIB,
        )
    return report


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    print(
        f"Polling benchmark: items {' '.join(str(n) for n in args.items)}, stand-in pace "
        f"{args.posts_per_second:g} posts/s per channel, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    report = asyncio.run(run_all(args))
    print("\n".join(report.lines))
    print("Targets:")
    for description, met in report.targets:
        print(f"- {'met' if met else 'NOT MET'}: {description}")
    return 0 if all(met for _, met in report.targets) else 1


__all__ = ["PhaseResult", "ScenarioResult", "main", "run_scenario"]

if __name__ == "__main__":
    sys.exit(main())
