"""The poller: one serial worker per vendor that reads Coupang and records the Slack work.

A poll of one vendor and kind first takes the vendor's lease in storage, so replicas do not
poll the same vendor. It reads the overlapping window and skips each record whose source
fingerprint matches the stored one. Then, in one transaction per remaining item, it masks and
upserts the item and appends its outbox entries. A 401 or 403 pauses the vendor with one ops
alert, and while paused each tick only runs the credentials probe.
"""

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.health import HealthState
from bot.logs import log_context
from bot.metrics import Metrics
from bot.services import alerts
from bot.services.fetching import (
    FETCHERS,
    MAX_WINDOW,
    FetchCounters,
    Window,
    fetch_withdrawn_receipt_ids,
)
from bot.services.ingest import IngestCounts, Ingester
from bot.services.normalize import ItemStatus, PolledItem
from bot.settings import Settings
from bot.storage import (
    DataCipher,
    acquire_vendor_lease,
    get_vendor_state,
    pause_vendor,
    record_poll_success,
    release_vendor_lease,
    resume_vendor,
)
from bot.storage.tables import ItemKind
from coupang.client import CoupangClient
from coupang.errors import CoupangAuthError, CoupangError, CoupangForbiddenError

log = logging.getLogger(__name__)

# A lease outlives one poll by a wide margin, so a slow poll keeps it, and a crashed
# replica's vendors are taken over after this long.
DEFAULT_LEASE_TTL = timedelta(minutes=10)


@dataclass(frozen=True)
class PollSummary:
    """Outcome of one poll of one vendor and kind."""

    vendor_id: str
    kind: ItemKind
    outcome: str
    counts: IngestCounts
    error: str | None = None

    def describe(self) -> str:
        """Return a one-line summary for the `poll --once` output."""
        text = (
            f"{self.vendor_id} {self.kind.value}: {self.outcome}, seen {self.counts.seen}, "
            f"new {self.counts.new}, changed {self.counts.changed}, "
            f"withdrawn {self.counts.withdrawn}"
        )
        return f"{text} ({self.error})" if self.error else text


class Poller:
    """Poll Coupang for each vendor and record items and Slack work in storage."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        clients: Mapping[str, CoupangClient],
        metrics: Metrics,
        health: HealthState,
        clock: Callable[[], datetime],
        instance_id: str,
        lease_ttl: timedelta = DEFAULT_LEASE_TTL,
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._cipher = cipher
        self._clients = clients
        self._metrics = metrics
        self._health = health
        self._clock = clock
        self._instance_id = instance_id
        self._lease_ttl = lease_ttl
        self._vendor_locks: dict[str, asyncio.Lock] = {}
        self._ingester = Ingester(
            settings=settings,
            sessions=sessions,
            cipher=cipher,
            clients=clients,
            metrics=metrics,
            clock=clock,
        )
        self.running: set[asyncio.Task[object]] = set()

    async def poll_all_once(self) -> list[PollSummary]:
        """Poll every vendor and kind once, in order, and return the summaries."""
        summaries = []
        for vendor in self._settings.vendors:
            for kind in ItemKind:
                summaries.append(await self.poll(vendor.id, kind))
        return summaries

    async def run_poll_job(self, vendor_id: str, kind: ItemKind) -> None:
        """Scheduler entry point: poll, and keep the task visible to graceful shutdown."""
        task = asyncio.current_task()
        if task is not None:
            self.running.add(task)
        try:
            await self.poll(vendor_id, kind)
        except Exception:
            # The scheduler would only log the traceback; this keeps the ids with it.
            log.exception("poll.crashed", extra={"vendor": vendor_id, "kind": kind.value})
        finally:
            if task is not None:
                self.running.discard(task)

    async def release_leases(self) -> None:
        """Give up this process's vendor leases, so another replica can poll at once."""
        for vendor in self._settings.vendors:
            async with self._sessions.begin() as session:
                await release_vendor_lease(session, vendor.id, holder=self._instance_id)

    async def run_heartbeat_job(self) -> None:
        """Scheduler entry point: alert once per quiet period for vendors without a recent poll."""
        try:
            await alerts.alert_quiet_vendors(
                settings=self._settings,
                sessions=self._sessions,
                cipher=self._cipher,
                now=self._clock(),
                started_at=self._health.started_at,
            )
        except Exception:
            log.exception("heartbeat.crashed")

    async def poll(self, vendor_id: str, kind: ItemKind) -> PollSummary:
        """Poll one vendor's items of one kind. Returns the outcome; never raises CoupangError."""
        lock = self._vendor_locks.setdefault(vendor_id, asyncio.Lock())
        with log_context(vendor=vendor_id, kind=kind.value):
            async with lock:
                summary = await self._poll_locked(vendor_id, kind)
        self._metrics.polls.labels(vendor=vendor_id, kind=kind.value, outcome=summary.outcome).inc()
        log.info(
            "poll.finished",
            extra={
                "vendor": vendor_id,
                "kind": kind.value,
                "outcome": summary.outcome,
                "seen": summary.counts.seen,
                "new": summary.counts.new,
                "changed": summary.counts.changed,
            },
        )
        return summary

    async def _poll_locked(self, vendor_id: str, kind: ItemKind) -> PollSummary:
        now = self._clock()
        async with self._sessions.begin() as session:
            has_lease = await acquire_vendor_lease(
                session, vendor_id, holder=self._instance_id, ttl=self._lease_ttl, now=now
            )
            state = await get_vendor_state(session, vendor_id)
        if not has_lease:
            return PollSummary(vendor_id, kind, "skipped", IngestCounts(), "lease held elsewhere")

        client = self._clients[vendor_id]
        if state is not None and state.paused and not await self._probe_and_resume(client):
            self._metrics.vendor_paused.labels(vendor=vendor_id).set(1)
            return PollSummary(vendor_id, kind, "paused", IngestCounts(), state.paused_reason)

        try:
            counts = await self._fetch_and_ingest(client, vendor_id, kind, now)
        except (CoupangAuthError, CoupangForbiddenError) as exc:
            await self._pause(vendor_id, exc)
            return PollSummary(vendor_id, kind, "paused", IngestCounts(), type(exc).__name__)
        except CoupangError as exc:
            self._metrics.coupang_errors.labels(
                vendor=vendor_id, error_class=type(exc).__name__
            ).inc()
            log.warning("poll.failed", extra={"error": type(exc).__name__, "status": exc.status})
            return PollSummary(vendor_id, kind, "error", IngestCounts(), type(exc).__name__)

        async with self._sessions.begin() as session:
            await record_poll_success(session, vendor_id, now=self._clock())
        self._health.record_successful_poll(vendor_id)
        self._metrics.last_successful_poll.labels(vendor=vendor_id).set(self._clock().timestamp())
        return PollSummary(vendor_id, kind, "ok", counts)

    async def _fetch_and_ingest(
        self, client: CoupangClient, vendor_id: str, kind: ItemKind, now: datetime
    ) -> IngestCounts:
        # The window reaches back to the oldest open item, so that a change to an item older
        # than the lookback (answered in WING, approved elsewhere) still reaches its card.
        lookback = Window.ending_at(now, timedelta(hours=self._settings.polling.lookback_hours))
        oldest_open = await self._ingester.oldest_open_created_at(vendor_id, kind)
        window = lookback.reaching_back_to(oldest_open, MAX_WINDOW[kind])

        def count_call(operation: str) -> None:
            self._metrics.coupang_calls.labels(vendor=vendor_id, operation=operation).inc()

        def count_skipped(operation: str) -> None:
            self._metrics.coupang_records_skipped.labels(
                vendor=vendor_id, operation=operation
            ).inc()

        counters = FetchCounters(count_call, count_skipped)
        polled = await FETCHERS[kind](client, window, counters)
        if kind == ItemKind.RETURN_REQUEST:
            polled.update(
                await self._withdrawn_returns(client, vendor_id, lookback, window, polled, counters)
            )
        return await self._ingester.ingest(vendor_id, list(polled.values()))

    async def _withdrawn_returns(
        self,
        client: CoupangClient,
        vendor_id: str,
        lookback: Window,
        window: Window,
        listed: Mapping[int, PolledItem],
        counters: FetchCounters,
    ) -> dict[int, PolledItem]:
        """Check open returns that vanished from the lists against the withdrawal history.

        Only returns created inside `window` are expected in the lists, so only those count
        as missing. The history by period is read for the `lookback` window.
        """
        missing = [
            item
            for item in await self._ingester.open_items_missing_from(
                vendor_id, ItemKind.RETURN_REQUEST, set(listed)
            )
            if item.created_at >= window.start
        ]
        if not missing:
            return {}
        withdrawn_ids = await fetch_withdrawn_receipt_ids(
            client, lookback, [item.coupang_id for item in missing], counters
        )
        withdrawn = {}
        for stored in missing:
            if stored.coupang_id in withdrawn_ids:
                withdrawn[stored.coupang_id] = PolledItem(
                    kind=ItemKind.RETURN_REQUEST,
                    coupang_id=stored.coupang_id,
                    status=ItemStatus.WITHDRAWN,
                    status_detail="WITHDRAWN",
                    created_at=stored.created_at,
                    raw={},
                )
        return withdrawn

    async def _probe_and_resume(self, client: CoupangClient) -> bool:
        vendor_id = client.vendor_id
        self._metrics.coupang_calls.labels(vendor=vendor_id, operation="probe").inc()
        try:
            await client.list_return_shipping_centers()
        except CoupangError as exc:
            log.info("vendor.probe.failed", extra={"error": type(exc).__name__})
            return False
        async with self._sessions.begin() as session:
            await resume_vendor(session, vendor_id)
        self._metrics.vendor_paused.labels(vendor=vendor_id).set(0)
        log.warning("vendor.resumed")
        return True

    async def _pause(self, vendor_id: str, exc: CoupangError) -> None:
        reason = alerts.pause_reason(exc)
        self._metrics.coupang_errors.labels(vendor=vendor_id, error_class=type(exc).__name__).inc()
        self._metrics.vendor_paused.labels(vendor=vendor_id).set(1)
        now = self._clock()
        async with self._sessions.begin() as session:
            newly_paused = await pause_vendor(session, vendor_id, reason=reason, now=now)
            if newly_paused:
                await alerts.append_pause_alert(
                    session, self._settings, self._cipher, vendor_id, reason=reason, now=now
                )
        if newly_paused:
            log.error("vendor.paused", extra={"error": type(exc).__name__, "reason": reason})
