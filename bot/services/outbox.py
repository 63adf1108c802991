"""The outbox worker: sends recorded Slack work at each channel's pace, once per entry.

Each entry is claimed (in flight) in storage before its Slack call and marked done with the
message `ts` after. A 429 reschedules the entry after `Retry-After`; other transient errors
back off; permanent errors mark it failed with Slack's error code. Entries left in flight by
a crash are reconciled at start: a post or thread note is looked up in Slack by the outbox
key in its message metadata before it may be sent again.
"""

import asyncio
import base64
import logging
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.metrics import Metrics
from bot.services.cards import SlackPayload, build_alert_message, build_card_message, note_message
from bot.services.slack_sender import SendOutcome, SendResult, SlackSender
from bot.storage import (
    ClaimedEntry,
    DataCipher,
    DecryptionError,
    OutboxKind,
    OutboxState,
    StoredItem,
    claim_outbox_batch,
    get_item,
    mark_outbox_failed,
    mark_outbox_retry,
    mark_outbox_sent,
    reconcile_outbox,
    record_posted_state,
)
from bot.storage.tables import OutboxEntry

log = logging.getLogger(__name__)

BATCH_SIZE = 20
MAX_ATTEMPTS = 8
MAX_BACKOFF_SECONDS = 300.0
# How long an entry may stay in flight before a restarted worker treats it as interrupted.
# It is four times the Slack client's 30-second timeout. NOTE: an entry that waits longer
# behind its channel's pace or a long Retry-After can be taken over by a worker that starts
# meanwhile; the Slack lookup then keeps it from being posted twice.
STALE_AFTER = timedelta(minutes=2)
# Slack message ts are seconds since the epoch; the lookup starts this long before the claim.
LOOKUP_MARGIN = timedelta(minutes=1)
IDLE_WAIT_SECONDS = 1.0
RECONCILE_INTERVAL = timedelta(minutes=5)
# `last_error_code` of an entry whose item no configured data key decrypts.
UNDECRYPTABLE_ITEM = "undecryptable_item"


class OutboxWorker:
    """Claim due outbox entries and send them, one task per channel in each batch."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        sender: SlackSender,
        metrics: Metrics,
        clock: Callable[[], datetime],
        worker_id: str,
        lang: str = "ko",
        time_zone: str = "Asia/Seoul",
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._sender = sender
        self._metrics = metrics
        self._clock = clock
        self._worker_id = worker_id
        self._lang = lang
        self._time_zone = time_zone
        self._wakeup = asyncio.Event()

    def wake(self) -> None:
        """Make the running worker look for due entries now instead of after its idle wait."""
        self._wakeup.set()

    async def run(self, stop: asyncio.Event) -> None:
        """Send entries until `stop` is set; the batch in progress is finished first.

        Entries left in flight by a crashed worker (this process before a restart, or
        another replica) are reconciled at start and then every `RECONCILE_INTERVAL`.
        """
        next_reconcile = 0.0
        while not stop.is_set():
            if time.monotonic() >= next_reconcile:
                next_reconcile = time.monotonic() + RECONCILE_INTERVAL.total_seconds()
                try:
                    await self.reconcile()
                except Exception:
                    log.exception("outbox.reconcile.crashed")
            try:
                sent = await self.process_batch()
            except Exception:
                log.exception("outbox.batch.crashed")
                sent = 0
            if sent:
                continue
            self._wakeup.clear()
            waiters = {
                asyncio.ensure_future(stop.wait()),
                asyncio.ensure_future(self._wakeup.wait()),
            }
            _done, pending = await asyncio.wait(
                waiters, timeout=IDLE_WAIT_SECONDS, return_when=asyncio.FIRST_COMPLETED
            )
            for waiter in pending:
                waiter.cancel()

    async def drain(self, max_batches: int = 100) -> int:
        """Send every due entry, batch after batch, and return how many were processed.

        Entries waiting for a retry time in the future stay pending.
        """
        total = 0
        for _ in range(max_batches):
            processed = await self.process_batch()
            if processed == 0:
                break
            total += processed
        return total

    async def count_unsent(self, *, due_only: bool = True) -> int:
        """Return how many entries wait to be sent (only those due now, by default)."""
        conditions: list[ColumnElement[bool]] = [
            OutboxEntry.state.in_((OutboxState.PENDING, OutboxState.IN_FLIGHT))
        ]
        if due_only:
            conditions.append(OutboxEntry.next_attempt_at <= self._clock())
        async with self._sessions.begin() as session:
            count = await session.scalar(
                select(func.count()).select_from(OutboxEntry).where(*conditions)
            )
        return int(count or 0)

    async def count_by_state(self) -> dict[OutboxState, int]:
        """Return how many entries are in each state; states without entries count 0."""
        async with self._sessions.begin() as session:
            rows = (
                await session.execute(
                    select(OutboxEntry.state, func.count()).group_by(OutboxEntry.state)
                )
            ).all()
        counts = dict.fromkeys(OutboxState, 0)
        for state, count in rows:
            counts[OutboxState(state)] = int(count)
        return counts

    async def wait_until_sent(self, poll_seconds: float = 0.05) -> None:
        """Wake the running worker and return once no due entry is left unsent.

        Entries waiting for a later retry time do not count. Wrap the call in a timeout.
        """
        while await self.count_unsent():
            self.wake()
            await asyncio.sleep(poll_seconds)

    async def process_batch(self) -> int:
        """Claim one batch and send it; channels run concurrently, each at its own pace."""
        now = self._clock()
        async with self._sessions.begin() as session:
            entries = await claim_outbox_batch(
                session, cipher=self._cipher, worker_id=self._worker_id, now=now, limit=BATCH_SIZE
            )
        await self._update_depth()
        if not entries:
            return 0
        by_channel: dict[str, list[ClaimedEntry]] = defaultdict(list)
        for entry in entries:
            by_channel[entry.channel].append(entry)
        await asyncio.gather(*(self._send_channel(batch) for batch in by_channel.values()))
        return len(entries)

    async def reconcile(self) -> None:
        """Resolve entries left in flight by a crash, looking posts up in Slack first."""
        now = self._clock()
        cutoff = now - STALE_AFTER
        async with self._sessions.begin() as session:
            rows = (
                await session.execute(
                    select(OutboxEntry.id, OutboxEntry.claimed_at).where(
                        OutboxEntry.state == OutboxState.IN_FLIGHT,
                        OutboxEntry.claimed_at < cutoff,
                        OutboxEntry.kind.in_((OutboxKind.POST, OutboxKind.THREAD_NOTE)),
                    )
                )
            ).all()
        for row in rows:
            await self._reconcile_entry(row.id, row.claimed_at)
        async with self._sessions.begin() as session:
            result = await reconcile_outbox(session, now=self._clock(), stale_after=STALE_AFTER)
        if result.returned_to_pending or result.completed:
            log.warning(
                "outbox.reconciled",
                extra={"pending": result.returned_to_pending, "done": result.completed},
            )

    async def _reconcile_entry(self, entry_id: int, claimed_at: datetime) -> None:
        async with self._sessions.begin() as session:
            entry = await session.get(OutboxEntry, entry_id)
            if entry is None or entry.state != OutboxState.IN_FLIGHT:
                return
            item = await self._item(session, entry.item_id)
            channel, key, kind = entry.channel, entry.dedupe_key, entry.kind
        thread_ts = item.slack_ts if item and kind == OutboxKind.THREAD_NOTE else None
        if kind == OutboxKind.THREAD_NOTE and thread_ts is None:
            return
        oldest = f"{(claimed_at - LOOKUP_MARGIN).timestamp():.6f}"
        try:
            ts = await self._sender.find_posted(
                channel=channel, outbox_key=key, oldest_ts=oldest, thread_ts=thread_ts
            )
        except Exception as exc:
            # Without a response from Slack the entry stays in flight, so it is not re-sent
            # blindly, and the next start checks again.
            log.error("outbox.lookup.failed", extra={"error": type(exc).__name__})
            async with self._sessions.begin() as session:
                await session.execute(
                    update(OutboxEntry)
                    .where(OutboxEntry.id == entry_id)
                    .values(claimed_at=self._clock())
                )
            return
        if ts is None:
            return
        async with self._sessions.begin() as session:
            await mark_outbox_sent(session, entry_id, now=self._clock(), ts=ts)
        log.warning("outbox.reconciled.found_posted", extra={"channel": channel})

    async def _send_channel(self, entries: list[ClaimedEntry]) -> None:
        for entry in entries:
            try:
                await self._send_entry(entry)
            except DecryptionError:
                # The item was stored under a data key that is no longer configured, so a retry
                # cannot succeed.
                await self._fail(entry, UNDECRYPTABLE_ITEM)
            except Exception as exc:
                log.exception("outbox.entry.crashed", extra={"error": type(exc).__name__})
                await self._retry_later(entry, "internal_error", None)

    async def _send_entry(self, entry: ClaimedEntry) -> None:
        async with self._sessions.begin() as session:
            item = await self._item(session, entry.item_id)
        now = self._clock()

        if entry.kind == OutboxKind.ALERT:
            message = build_alert_message(entry.payload, lang=self._lang, tz=self._time_zone)
            result = await self._post(entry, message, thread_ts=None)
            await self._finish(entry, result, item=None)
            return
        if entry.kind == OutboxKind.DIGEST:
            # NOTE: a digest left in flight by a crash is uploaded again, because the upload
            # carries no outbox key that `reconcile` could look up in Slack.
            result = await self._sender.upload_file(
                channel=entry.channel,
                content=base64.b64decode(entry.payload["chart"]),
                filename=str(entry.payload["filename"]),
                title=str(entry.payload["filename"]),
                initial_comment=str(entry.payload["text"]),
            )
            await self._finish(entry, result, item=None)
            return
        if item is None:
            await self._fail(entry, "item_not_found")
            return
        if item.display is None:
            await self._fail(entry, "item_purged")
            return

        if entry.kind == OutboxKind.POST:
            if item.slack_ts is not None:
                await self._mark_sent(entry, item.slack_ts, item=None)
                return
            message = build_card_message(item, lang=self._lang, tz=self._time_zone, now=now)
            result = await self._post(entry, message, thread_ts=None)
            await self._finish(entry, result, item=item)
        elif entry.kind == OutboxKind.UPDATE:
            if item.slack_ts is None or item.slack_channel is None:
                await self._fail(entry, "no_message")
                return
            if item.posted_fingerprint == item.state_fingerprint:
                # The message already shows this state, e.g. the post rendered it.
                await self._mark_sent(entry, item.slack_ts, item=None)
                return
            message = build_card_message(item, lang=self._lang, tz=self._time_zone, now=now)
            result = await self._sender.update_message(
                channel=item.slack_channel,
                ts=item.slack_ts,
                text=message.text,
                blocks=message.blocks,
            )
            await self._finish(entry, result, item=item)
        elif entry.kind == OutboxKind.THREAD_NOTE:
            if item.slack_ts is None or item.slack_channel is None:
                await self._fail(entry, "no_message")
                return
            message = note_message(entry.payload, lang=self._lang, tz=self._time_zone)
            result = await self._sender.post_message(
                channel=item.slack_channel,
                text=message.text,
                blocks=message.blocks,
                outbox_key=entry.dedupe_key,
                thread_ts=item.slack_ts,
            )
            await self._finish(entry, result, item=None)
        else:
            await self._fail(entry, f"unsupported_kind_{entry.kind.value}")

    async def _post(
        self, entry: ClaimedEntry, message: SlackPayload, *, thread_ts: str | None
    ) -> SendResult:
        return await self._sender.post_message(
            channel=entry.channel,
            text=message.text,
            blocks=message.blocks,
            outbox_key=entry.dedupe_key,
            thread_ts=thread_ts,
        )

    async def _finish(
        self, entry: ClaimedEntry, result: SendResult, *, item: StoredItem | None
    ) -> None:
        if result.outcome == SendOutcome.SENT:
            await self._mark_sent(entry, result.ts, item=item)
        elif result.outcome == SendOutcome.PERMANENT:
            await self._fail(entry, result.error or "unknown")
        else:
            await self._retry_later(entry, result.error or "unknown", result.retry_after)

    async def _mark_sent(
        self, entry: ClaimedEntry, ts: str | None, *, item: StoredItem | None
    ) -> None:
        async with self._sessions.begin() as session:
            await mark_outbox_sent(session, entry.id, now=self._clock(), ts=ts)
            if item is not None:
                await record_posted_state(session, item.id, item.state_fingerprint)
        if entry.kind == OutboxKind.POST and item is not None:
            self._metrics.items_posted.labels(kind=item.kind.value).inc()

    async def _retry_later(
        self, entry: ClaimedEntry, error_code: str, retry_after: float | None
    ) -> None:
        if retry_after is None and entry.attempts >= MAX_ATTEMPTS:
            await self._fail(entry, error_code)
            return
        # A 429 does not end the retries, because Slack's Retry-After sets the next time.
        delay = retry_after if retry_after is not None else _backoff(entry.attempts)
        async with self._sessions.begin() as session:
            await mark_outbox_retry(
                session,
                entry.id,
                error_code=error_code,
                retry_at=self._clock() + timedelta(seconds=delay),
            )

    async def _fail(self, entry: ClaimedEntry, error_code: str) -> None:
        async with self._sessions.begin() as session:
            await mark_outbox_failed(session, entry.id, error_code=error_code)
        log.error(
            "outbox.entry.failed",
            extra={"channel": entry.channel, "error": error_code, "outbox_id": entry.id},
        )

    async def _item(self, session: AsyncSession, item_id: int | None) -> StoredItem | None:
        if item_id is None:
            return None
        return await get_item(session, item_id, cipher=self._cipher)

    async def _update_depth(self) -> None:
        self._metrics.outbox_depth.set(await self.count_unsent(due_only=False))


def _backoff(attempts: int) -> float:
    return float(min(2 ** max(attempts, 1), MAX_BACKOFF_SECONDS))
