"""Outbox: Slack work appended in the item's transaction and sent once by the outbox worker.

An entry is claimed (pending → in_flight) before it is sent and marked done with the message
`ts` after. Claims are safe across replicas: PostgreSQL selects the rows with FOR UPDATE SKIP
LOCKED, and SQLite runs every transaction under its write lock. Then one UPDATE … WHERE
state='pending' moves them to in_flight.
Entries of one item are handed out in order: none is claimed while an earlier one is pending
or in flight.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.crypto import DataCipher, DecryptionError
from bot.storage.dialect import insert_for
from bot.storage.tables import Item, OutboxEntry, OutboxKind, OutboxState

log = logging.getLogger(__name__)

UNFINISHED = (OutboxState.PENDING, OutboxState.IN_FLIGHT)
# `last_error_code` of an entry whose payload no configured data key decrypts.
UNDECRYPTABLE = "undecryptable_payload"


@dataclass(frozen=True, slots=True)
class ClaimedEntry:
    """An entry handed to one worker. `payload` is decrypted."""

    id: int
    item_id: int | None
    kind: OutboxKind
    channel: str
    payload: dict[str, Any]
    dedupe_key: str
    attempts: int


@dataclass(frozen=True, slots=True)
class ReconcileResult:
    returned_to_pending: int
    completed: int


async def append_outbox(
    session: AsyncSession,
    *,
    cipher: DataCipher,
    kind: OutboxKind,
    channel: str,
    payload: dict[str, Any],
    dedupe_key: str,
    now: datetime,
    item_id: int | None = None,
    not_before: datetime | None = None,
) -> int | None:
    """Append an entry and return its id, or None if `dedupe_key` was already used."""
    values = {
        "item_id": item_id,
        "kind": kind,
        "channel": channel,
        "payload_ciphertext": cipher.encrypt_json(payload),
        "dedupe_key": dedupe_key,
        "state": OutboxState.PENDING,
        "attempts": 0,
        "next_attempt_at": not_before or now,
        "created_at": now,
    }
    statement = (
        insert_for(session, OutboxEntry)
        .values(values)
        .on_conflict_do_nothing(index_elements=["dedupe_key"])
        .returning(OutboxEntry.id)
    )
    return (await session.execute(statement)).scalar()


async def claim_outbox_batch(
    session: AsyncSession,
    *,
    cipher: DataCipher,
    worker_id: str,
    now: datetime,
    limit: int = 20,
) -> list[ClaimedEntry]:
    """Move up to `limit` due entries to in_flight for this worker and return them.

    Commit right after, so that other workers see the claim. A pending post whose item already
    has a recorded message `ts` is marked done here and never returned. An entry whose payload
    does not decrypt (the data key changed) is marked failed with `UNDECRYPTABLE` and logged,
    so that it does not hold back the entries beside it.
    """
    await _complete_recorded_posts(session, now)
    while True:
        entries, undecryptable = await _claim_once(
            session, cipher=cipher, worker_id=worker_id, now=now, limit=limit
        )
        # A batch of only undecryptable entries is followed by the next one, so that a caller
        # that stops at an empty batch does not stop while due entries remain.
        if entries or not undecryptable:
            return entries


async def _claim_once(
    session: AsyncSession, *, cipher: DataCipher, worker_id: str, now: datetime, limit: int
) -> tuple[list[ClaimedEntry], int]:

    candidate = aliased(OutboxEntry)
    earlier = aliased(OutboxEntry)
    blocked = exists().where(
        earlier.item_id == candidate.item_id,
        earlier.id < candidate.id,
        earlier.state.in_(UNFINISHED),
    )
    candidates = (
        select(candidate.id)
        .where(candidate.state == OutboxState.PENDING, candidate.next_attempt_at <= now)
        .where(~blocked)
        .order_by(candidate.next_attempt_at, candidate.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    # The ids are fetched first: with the candidates as a subquery of the UPDATE, PostgreSQL 15
    # claimed more than `limit` rows in the concurrency test.
    candidate_ids = list(await session.scalars(candidates))
    if not candidate_ids:
        return [], 0
    claimed = await session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id.in_(candidate_ids))
        .where(OutboxEntry.state == OutboxState.PENDING)
        .values(
            state=OutboxState.IN_FLIGHT,
            claimed_at=now,
            claimed_by=worker_id,
            attempts=OutboxEntry.attempts + 1,
        )
        .returning(
            OutboxEntry.id,
            OutboxEntry.item_id,
            OutboxEntry.kind,
            OutboxEntry.channel,
            OutboxEntry.payload_ciphertext,
            OutboxEntry.dedupe_key,
            OutboxEntry.attempts,
        )
        .execution_options(synchronize_session=False)
    )
    entries = []
    undecryptable = []
    for row in claimed:
        try:
            payload = cipher.decrypt_json(row.payload_ciphertext)
        except DecryptionError:
            undecryptable.append(row.id)
            continue
        entries.append(
            ClaimedEntry(
                id=row.id,
                item_id=row.item_id,
                kind=OutboxKind(row.kind),
                channel=row.channel,
                payload=payload,
                dedupe_key=row.dedupe_key,
                attempts=row.attempts,
            )
        )
    for entry_id in sorted(undecryptable):
        await mark_outbox_failed(session, entry_id, error_code=UNDECRYPTABLE)
        log.error(
            "outbox.entry.undecryptable",
            extra={
                "outbox_id": entry_id,
                "error": UNDECRYPTABLE,
                "hint": "CS_BOT_DATA_KEY must list the key that encrypted this entry",
            },
        )
    return sorted(entries, key=lambda entry: entry.id), len(undecryptable)


async def mark_outbox_sent(
    session: AsyncSession, entry_id: int, *, now: datetime, ts: str | None = None
) -> bool:
    """Mark an in-flight entry done. For a post, also record the message on its item.

    Returns False if the entry was not in flight (for example, reconciled after a timeout).
    """
    result = await session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry_id, OutboxEntry.state == OutboxState.IN_FLIGHT)
        .values(state=OutboxState.DONE, sent_at=now, result_ts=ts, last_error_code=None)
        .returning(OutboxEntry.kind, OutboxEntry.item_id, OutboxEntry.channel)
        .execution_options(synchronize_session=False)
    )
    row = result.one_or_none()
    if row is None:
        return False
    if row.kind == OutboxKind.POST and row.item_id is not None and ts is not None:
        await session.execute(
            update(Item)
            .where(Item.id == row.item_id, Item.slack_ts.is_(None))
            .values(slack_channel=row.channel, slack_ts=ts)
            .execution_options(synchronize_session=False)
        )
    return True


async def mark_outbox_retry(
    session: AsyncSession, entry_id: int, *, error_code: str, retry_at: datetime
) -> bool:
    """Return an in-flight entry to pending, due again at `retry_at`."""
    return await _finish_in_flight(
        session,
        entry_id,
        state=OutboxState.PENDING,
        last_error_code=error_code,
        next_attempt_at=retry_at,
        claimed_at=None,
        claimed_by=None,
    )


async def mark_outbox_failed(session: AsyncSession, entry_id: int, *, error_code: str) -> bool:
    """Give up on an in-flight entry after a permanent error."""
    return await _finish_in_flight(
        session, entry_id, state=OutboxState.FAILED, last_error_code=error_code
    )


async def reconcile_outbox(
    session: AsyncSession, *, now: datetime, stale_after: timedelta
) -> ReconcileResult:
    """Recover entries left in flight by a crashed worker.

    Entries claimed before `now - stale_after` go back to pending, except posts whose item
    already has a message `ts`, which are marked done so they are never posted twice.
    NOTE: a post sent just before a crash, whose `ts` was not yet recorded, goes back to pending
    and is posted again unless the worker first looks the message up by its dedupe key.
    """
    cutoff = now - stale_after
    stale = and_(OutboxEntry.state == OutboxState.IN_FLIGHT, OutboxEntry.claimed_at < cutoff)
    completed = await _complete_recorded_posts(session, now, extra=stale)
    returned = await session.execute(
        update(OutboxEntry)
        .where(stale)
        .values(state=OutboxState.PENDING, claimed_at=None, claimed_by=None, next_attempt_at=now)
        .returning(OutboxEntry.id)
        .execution_options(synchronize_session=False)
    )
    return ReconcileResult(returned_to_pending=len(returned.all()), completed=completed)


async def delete_outbox_before(session: AsyncSession, cutoff: datetime) -> int:
    """Delete entries created before `cutoff` that no worker holds. Returns the count."""
    result = await session.execute(
        delete(OutboxEntry)
        .where(OutboxEntry.created_at < cutoff, OutboxEntry.state != OutboxState.IN_FLIGHT)
        .returning(OutboxEntry.id)
        .execution_options(synchronize_session=False)
    )
    return len(result.all())


async def _complete_recorded_posts(
    session: AsyncSession, now: datetime, extra: ColumnElement[bool] | None = None
) -> int:
    recorded = exists().where(Item.id == OutboxEntry.item_id, Item.slack_ts.is_not(None))
    condition = and_(OutboxEntry.kind == OutboxKind.POST, recorded)
    if extra is None:
        condition = and_(condition, OutboxEntry.state == OutboxState.PENDING)
    else:
        condition = and_(condition, extra)
    result = await session.execute(
        update(OutboxEntry)
        .where(condition)
        .values(state=OutboxState.DONE, sent_at=now, last_error_code="already_posted")
        .returning(OutboxEntry.id)
        .execution_options(synchronize_session=False)
    )
    return len(result.all())


async def _finish_in_flight(session: AsyncSession, entry_id: int, **values: Any) -> bool:
    result = await session.execute(
        update(OutboxEntry)
        .where(OutboxEntry.id == entry_id, OutboxEntry.state == OutboxState.IN_FLIGHT)
        .values(**values)
        .returning(OutboxEntry.id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None
