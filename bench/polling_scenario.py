"""One run of the poll-cycle benchmark: seed the sandbox, then time the poller and the outbox.

The bot's objects come from `open_deps`, as in `cs-bot demo`. Only the Coupang clients and the
poller that uses them are built here again, with a `TimedLimiter` in place of the transport's
own limiter of the same rate, so the time calls wait for the rate limit can be reported.
"""

import asyncio
import time
import tracemalloc
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TypeVar

from aiolimiter import AsyncLimiter
from sqlalchemy import func, select, text

from bot.deps import Deps, open_deps
from bot.local_env import LocalEnvironment, run_local_environment
from bot.services.polling import Poller, PollSummary
from bot.storage.tables import Item, ItemKind
from coupang.client import CoupangClient
from coupang.credentials import VendorCredentials
from coupang.sandbox import SandboxState
from coupang.transport import RetryPolicy

# Items are created over the last 20 hours, inside the poll's 48-hour lookback and before
# the sandbox closes unanswered call-center transfers after 24 hours.
SEED_SPREAD = timedelta(hours=20)
CHANGED_SHARE = 0.1
SEED = 5
# The sandbox rejects calls above the configured rate with 429. Without retries such a call
# fails its poll at once, instead of after a 30 s backoff, so it shows in the outcomes.
NO_RETRY = RetryPolicy(max_attempts=1)
DRAIN_TIMEOUT_SECONDS = 600.0

T = TypeVar("T")


class TimedLimiter(AsyncLimiter):
    """The transport's limiter (a bucket of one, spacing calls `1 / rate` apart), timed.

    `wait_seconds` adds up how long callers waited for capacity, and `acquired` counts calls.
    """

    def __init__(self, rate_per_second: float) -> None:
        super().__init__(1, 1 / rate_per_second)
        self.wait_seconds = 0.0
        self.acquired = 0

    async def acquire(self, amount: float = 1) -> None:
        started = time.perf_counter()
        await super().acquire(amount)
        self.wait_seconds += time.perf_counter() - started
        self.acquired += 1


@dataclass(frozen=True)
class PhaseResult:
    """Measurements of one phase: a poll cycle of every kind, or an outbox drain."""

    name: str
    items: int
    seconds: float
    limiter_wait_seconds: float
    coupang_calls: int
    max_calls_in_one_second: int

    @property
    def items_per_second(self) -> float:
        return self.items / self.seconds if self.seconds > 0 else 0.0

    @property
    def items_per_second_without_limiter(self) -> float:
        own_work = self.seconds - self.limiter_wait_seconds
        return self.items / own_work if own_work > 0 else 0.0


@dataclass
class ScenarioResult:
    """Figures of one run; `problems` lists every count that differed from the expected one."""

    database: str
    items: int
    rate_per_second: float
    phases: list[PhaseResult] = field(default_factory=list)
    database_bytes: int = 0
    busiest_channel_posts: int = 0
    peak_traced_mib: float | None = None
    problems: list[str] = field(default_factory=list)

    def phase(self, name: str) -> PhaseResult:
        return next(phase for phase in self.phases if phase.name == name)

    def expect(self, description: str, actual: int, expected: int) -> None:
        if actual != expected:
            self.problems.append(f"{description}: {actual}, expected {expected}")


class Meter:
    """Time phases and count the Coupang calls the sandbox received during each one."""

    def __init__(self, state: SandboxState, vendor_id: str, limiter: TimedLimiter) -> None:
        self._state = state
        self._vendor_id = vendor_id
        self._limiter = limiter

    async def measure(
        self, name: str, items: int, work: Callable[[], Awaitable[object]]
    ) -> PhaseResult:
        calls_before = Counter(self._state.calls_per_second(self._vendor_id))
        wait_before = self._limiter.wait_seconds
        started = time.perf_counter()
        await work()
        elapsed = time.perf_counter() - started
        calls = Counter(self._state.calls_per_second(self._vendor_id))
        calls.subtract(calls_before)
        per_second = [count for count in calls.values() if count > 0]
        return PhaseResult(
            name=name,
            items=items,
            seconds=elapsed,
            limiter_wait_seconds=self._limiter.wait_seconds - wait_before,
            coupang_calls=sum(per_second),
            max_calls_in_one_second=max(per_second, default=0),
        )


def seed_open_items(state: SandboxState, vendor_id: str, per_kind: int) -> None:
    """Add `per_kind` open items of each kind, created evenly over the last `SEED_SPREAD`."""
    now = state.clock.now()
    factory = state.factory
    for index in range(per_kind):
        created = now - SEED_SPREAD * (index + 1) / (per_kind + 1)
        factory.product_inquiry(vendor_id, created, answered=False)
        factory.call_center_inquiry(vendor_id, created, needs_answer=True)
        factory.return_request(vendor_id, created, status="RETURNS_UNCHECKED")
        factory.exchange_request(vendor_id, created, status="RECEIPT")


def change_items(state: SandboxState, share: float) -> int:
    """Change `share` of each kind's items as WING users and buyers would; return the count.

    Product and call-center inquiries are answered in WING, returns are withdrawn by the
    buyer, and exchanges are cancelled by the buyer.
    """
    store = state.store
    changed = 0
    for inquiry in _every_nth(list(store.product_inquiries.values()), share):
        state.answer_product_inquiry(inquiry.inquiry_id, "안녕하세요, 내일 출고됩니다.")
        changed += 1
    for case in _every_nth(list(store.call_center_inquiries.values()), share):
        state.answer_call_center_inquiry(case.inquiry_id, "확인 후 회수 접수했습니다.")
        changed += 1
    for receipt in _every_nth(list(store.returns.values()), share):
        state.withdraw_return(receipt.receipt_id)
        changed += 1
    now = state.clock.now()
    for exchange in _every_nth(list(store.exchanges.values()), share):
        exchange.exchange_status = "CANCEL"
        exchange.modified_at = now
        changed += 1
    return changed


def _every_nth(records: list[T], share: float) -> list[T]:
    step = max(1, round(1 / share))
    return records[::step]


def build_timed_poller(deps: Deps, limiter: TimedLimiter) -> Poller:
    """Build the poller as `open_deps` does, with clients that use `limiter`."""
    settings = deps.settings
    clients = {
        vendor.id: CoupangClient(
            deps.http,
            VendorCredentials(
                vendor_id=vendor.id, access_key=vendor.access_key, secret_key=vendor.secret_key
            ),
            base_url=settings.coupang_base_url,
            rate_per_second=vendor.rate_per_second,
            clock=deps.clock,
            retry_policy=NO_RETRY,
            limiter=limiter,
        )
        for vendor in settings.vendors
    }
    return Poller(
        settings=settings,
        sessions=deps.sessions,
        cipher=deps.cipher,
        clients=clients,
        metrics=deps.metrics,
        health=deps.health,
        clock=deps.clock,
        instance_id=deps.instance_id,
    )


async def database_bytes(deps: Deps) -> int:
    """Return the database's size: pg_database_size, or SQLite's page count times page size.

    SQLite's page count includes pages still in the WAL file, so it is the logical size
    whether or not a checkpoint has run.
    """
    if deps.engine.dialect.name == "postgresql":
        query = "SELECT pg_database_size(current_database())"
    else:
        query = "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()"
    async with deps.engine.connect() as connection:
        size = await connection.scalar(text(query))
    return int(size or 0)


async def drain_outbox(deps: Deps) -> None:
    """Send every outbox entry, also those a 429 rescheduled, within the drain timeout."""
    async with asyncio.timeout(DRAIN_TIMEOUT_SECONDS):
        while await deps.outbox.count_unsent(due_only=False):
            if not await deps.outbox.drain(max_batches=1_000):
                await asyncio.sleep(0.05)


async def run_scenario(
    workdir: Path,
    items: int,
    posts_per_second: float,
    database_url: str | None,
    *,
    trace_memory: bool = False,
) -> ScenarioResult:
    """Seed `items` open items (a quarter per kind) and measure the five phases.

    `database_url` None means SQLite in `workdir`. With `trace_memory` the run is traced by
    tracemalloc from before the sandbox is seeded, and the result carries the peak.
    """
    state = SandboxState(
        seed=SEED,
        arrival_interval=None,
        seed_items=False,
        rate_limit_per_second=None,
    )
    if trace_memory:
        tracemalloc.start()
    try:
        async with run_local_environment(
            workdir,
            sandbox_state=state,
            database_url=database_url,
            slack_posts_per_second=posts_per_second,
        ) as env:
            result = await _run_phases(env, items, posts_per_second)
        if trace_memory:
            result.peak_traced_mib = tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        if trace_memory:
            tracemalloc.stop()
    return result


async def _run_phases(env: LocalEnvironment, items: int, posts_per_second: float) -> ScenarioResult:
    state = env.sandbox.state
    vendor = env.settings.vendors[0]
    # The sandbox rejects calls above the configured rate, as Coupang does above its limit.
    state.rate_limit_per_second = int(vendor.rate_per_second)
    per_kind = items // 4
    seed_open_items(state, vendor.id, per_kind)
    async with open_deps(
        env.settings, clock=state.clock.now, channel_interval=1 / posts_per_second
    ) as deps:
        limiter = TimedLimiter(vendor.rate_per_second)
        poller = build_timed_poller(deps, limiter)
        meter = Meter(state, vendor.id, limiter)
        result = ScenarioResult(
            database=deps.engine.dialect.name,
            items=per_kind * 4,
            rate_per_second=vendor.rate_per_second,
        )
        empty_bytes = await database_bytes(deps)

        summaries: list[PollSummary] = []

        async def poll_cycle() -> None:
            summaries.clear()
            summaries.extend(await poller.poll_all_once())

        result.phases.append(await meter.measure("first poll", result.items, poll_cycle))
        _expect_outcomes(result, summaries, new=result.items, changed=0)
        result.phases.append(
            await meter.measure("drain posts", result.items, lambda: drain_outbox(deps))
        )
        posts = env.slack.calls("chat.postMessage")
        result.expect("posts after the first drain", len(posts), result.items)
        channel_posts = Counter(str(call.args.get("channel")) for call in posts)
        result.busiest_channel_posts = max(channel_posts.values(), default=0)

        result.phases.append(await meter.measure("steady-state poll", result.items, poll_cycle))
        _expect_outcomes(result, summaries, new=0, changed=0)

        changed = change_items(state, CHANGED_SHARE)
        result.phases.append(
            await meter.measure("poll after 10% changed", result.items, poll_cycle)
        )
        _expect_outcomes(result, summaries, new=0, changed=changed)
        updates_before = len(env.slack.calls())
        result.phases.append(
            await meter.measure("drain updates", changed, lambda: drain_outbox(deps))
        )
        # Every change here moves the item to a new status: one card update, one thread note.
        result.expect(
            "Slack calls for the changes", len(env.slack.calls()) - updates_before, 2 * changed
        )

        result.database_bytes = await database_bytes(deps) - empty_bytes
        await _check_totals(result, deps, state, limiter)
    return result


async def _check_totals(
    result: ScenarioResult, deps: Deps, state: SandboxState, limiter: TimedLimiter
) -> None:
    async with deps.sessions.begin() as session:
        stored = await session.scalar(select(func.count()).select_from(Item))
    result.expect("stored items", int(stored or 0), result.items)
    received = sum(state.calls_per_second(deps.settings.vendors[0].id).values())
    result.expect(
        "calls through the limiter, against calls the sandbox received",
        limiter.acquired,
        received,
    )


def _expect_outcomes(
    result: ScenarioResult, summaries: list[PollSummary], *, new: int, changed: int
) -> None:
    phase = len(result.phases)
    bad = [f"{s.kind.value} {s.outcome} ({s.error})" for s in summaries if s.outcome != "ok"]
    if bad:
        result.problems.append(f"phase {phase}: polls not ok: {', '.join(bad)}")
    result.expect(f"phase {phase}: polls", len(summaries), len(ItemKind))
    result.expect(f"phase {phase}: new items", sum(s.counts.new for s in summaries), new)
    result.expect(
        f"phase {phase}: changed items", sum(s.counts.changed for s in summaries), changed
    )
