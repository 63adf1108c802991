"""The SLA reminder job: thread reminders at the configured points, escalation and overdue.

Each run looks at open, posted items with a deadline. When `due_reminders` returns a point,
the item's live state is read from Coupang first and ingested, so an item answered or closed
outside the bot gets its card brought up to date and no reminder. The point is then recorded
in `sla_reminders` (unique per item and key) and its thread reply appended to the outbox, in
one transaction, so a point is sent once across restarts and replicas. The overdue point also
renders the card again, which then shows it as overdue.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.metrics import Metrics
from bot.services.actions.current import ItemNotFoundError, read_current_state
from bot.services.ingest import Ingester
from bot.services.sla import ReminderLevel, ReminderPoint, due_reminders
from bot.settings import Settings
from bot.storage import (
    DataCipher,
    OutboxKind,
    StoredItem,
    append_outbox,
    get_item,
    get_vendor_state,
)
from bot.storage.card_refresh import mark_card_outdated
from bot.storage.reminders import record_reminder, sent_reminder_keys
from bot.storage.tables import Item
from coupang.client import CoupangClient
from coupang.errors import CoupangError
from handlers.reminder_blocks import SLA_REMINDER_NOTE

log = logging.getLogger(__name__)


def reminder_dedupe_key(item_id: int, key: str) -> str:
    """Return the outbox dedupe key of one reminder point of an item."""
    return f"sla:{item_id}:{key}"


@dataclass
class ReminderCounts:
    """Counts of one run: reminders recorded, items found handled, items that failed."""

    sent: int = 0
    handled: int = 0
    failed: int = 0


class SlaReminderJob:
    """Record due SLA reminder points and append their thread replies to the outbox."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        clients: Mapping[str, CoupangClient],
        metrics: Metrics,
        clock: Callable[[], datetime],
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._cipher = cipher
        self._clients = clients
        self._clock = clock
        self._ingester = Ingester(
            settings=settings,
            sessions=sessions,
            cipher=cipher,
            clients=clients,
            metrics=metrics,
            clock=clock,
        )

    async def run_job(self) -> None:
        """Scheduler entry point: send due reminders, logging a failure instead of raising it."""
        try:
            counts = await self.send_due()
        except Exception:
            log.exception("sla.reminders.failed")
            return
        if counts.sent or counts.handled or counts.failed:
            log.info(
                "sla.reminders.done",
                extra={
                    "sent": counts.sent,
                    "handled": counts.handled,
                    "failed": counts.failed,
                },
            )

    async def send_due(self) -> ReminderCounts:
        """Check every open posted item with a deadline and record its due reminder point."""
        counts = ReminderCounts()
        for item_id in await self._candidate_ids():
            try:
                await self._check_item(item_id, counts)
            except Exception as exc:
                # One broken item must not hold back the reminders of the others.
                counts.failed += 1
                log.exception(
                    "sla.reminder.item_failed",
                    extra={"item_id": item_id, "error": type(exc).__name__},
                )
        return counts

    async def _candidate_ids(self) -> list[int]:
        async with self._sessions.begin() as session:
            # A paused vendor's keys fail (401, 403), so its items wait until polling resumes
            # instead of failing one Coupang read per item and run.
            vendor_ids = []
            for vendor in self._settings.vendors:
                state = await get_vendor_state(session, vendor.id)
                if state is None or not state.paused:
                    vendor_ids.append(vendor.id)
            query = select(Item.id).where(
                Item.vendor_id.in_(vendor_ids),
                Item.closed_at.is_(None),
                Item.deadline_at.is_not(None),
                Item.sla_started_at.is_not(None),
                Item.slack_ts.is_not(None),
                Item.purged_at.is_(None),
            )
            return list(await session.scalars(query.order_by(Item.deadline_at)))

    async def _check_item(self, item_id: int, counts: ReminderCounts) -> None:
        item, point = await self._due_point(item_id)
        if item is None or point is None:
            return

        # Re-read the live state so that an item handled in WING gets no reminder.
        try:
            current = await read_current_state(self._clients[item.vendor_id], item)
        except (CoupangError, ItemNotFoundError) as exc:
            counts.failed += 1
            log.warning(
                "sla.recheck.failed",
                extra={"item_id": item.id, "key": point.key, "error": type(exc).__name__},
            )
            return
        await self._ingester.ingest(item.vendor_id, [current.polled])

        # The ingest may have closed the item or moved its deadline, so the point is computed
        # again from the stored state.
        item, point = await self._due_point(item_id)
        if item is None:
            counts.handled += 1
            return
        if point is None:
            return
        if await self._record(item, point):
            counts.sent += 1

    async def _due_point(self, item_id: int) -> tuple[StoredItem | None, ReminderPoint | None]:
        """Return the open item and its due point. The item is None once it is handled."""
        now = self._clock()
        async with self._sessions.begin() as session:
            item = await get_item(session, item_id, cipher=self._cipher)
            if item is None or item.closed_at is not None:
                return None, None
            sent = await sent_reminder_keys(session, item_id)
        if item.deadline_at is None or item.sla_started_at is None:
            return item, None
        calendar = self._settings.sla.policy_for(item.kind).calendar
        points = due_reminders(
            item.sla_started_at,
            item.deadline_at,
            sent,
            now,
            settings=self._settings.sla,
            calendar=calendar,
        )
        return item, (points[0] if points else None)

    async def _record(self, item: StoredItem, point: ReminderPoint) -> bool:
        """Record the point and append its outbox work. Returns False if it was recorded before."""
        if item.deadline_at is None:
            return False
        channel = item.slack_channel or item.route_channel
        now = self._clock()
        mention = self._settings.sla.managers_mention() if point.mentions_managers else None
        payload = {
            "note": SLA_REMINDER_NOTE,
            "key": point.key,
            "level": point.level.value,
            "percent": point.percent,
            "deadline": item.deadline_at.isoformat(),
            "assignee": item.claimed_by,
            "mention": mention,
            "at": now.isoformat(),
        }
        async with self._sessions.begin() as session:
            if not await record_reminder(session, item.id, point.key, now=now):
                return False
            await append_outbox(
                session,
                cipher=self._cipher,
                kind=OutboxKind.THREAD_NOTE,
                channel=channel,
                payload=payload,
                dedupe_key=reminder_dedupe_key(item.id, point.key),
                now=now,
                item_id=item.id,
            )
            if point.level is ReminderLevel.OVERDUE:
                await mark_card_outdated(session, item.id)
                await append_outbox(
                    session,
                    cipher=self._cipher,
                    kind=OutboxKind.UPDATE,
                    channel=channel,
                    payload={"version": item.version},
                    dedupe_key=f"sla-card:{item.id}:{point.key}",
                    now=now,
                    item_id=item.id,
                )
        log.info("sla.reminder.recorded", extra={"item_id": item.id, "key": point.key})
        return True
