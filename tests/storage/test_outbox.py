"""Outbox entries are deduplicated, claimed by one worker at a time and recovered after crashes."""

import asyncio
from datetime import datetime, timedelta

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import (
    ClaimedEntry,
    DataCipher,
    OutboxKind,
    OutboxState,
    append_outbox,
    claim_outbox_batch,
    get_item,
    mark_outbox_failed,
    mark_outbox_retry,
    mark_outbox_sent,
    reconcile_outbox,
)
from bot.storage.tables import OutboxEntry
from tests.storage.conftest import NOW
from tests.storage.helpers import CHANNEL, store_item

STALE_AFTER = timedelta(minutes=5)


async def _append(
    sessions: async_sessionmaker[AsyncSession],
    cipher: DataCipher,
    dedupe_key: str,
    *,
    kind: OutboxKind = OutboxKind.POST,
    item_id: int | None = None,
) -> int | None:
    async with sessions.begin() as session:
        return await append_outbox(
            session,
            cipher=cipher,
            kind=kind,
            channel=CHANNEL,
            payload={"text": f"entry {dedupe_key}"},
            dedupe_key=dedupe_key,
            now=NOW,
            item_id=item_id,
        )


async def _claim(
    sessions: async_sessionmaker[AsyncSession],
    cipher: DataCipher,
    worker: str,
    *,
    limit: int = 20,
    now: datetime = NOW,
) -> list[ClaimedEntry]:
    async with sessions.begin() as session:
        return await claim_outbox_batch(
            session, cipher=cipher, worker_id=worker, now=now, limit=limit
        )


async def test_append_dedupes_by_key(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    first = await _append(sessions, cipher, "post:1")
    second = await _append(sessions, cipher, "post:1")
    assert first is not None
    assert second is None
    claimed = await _claim(sessions, cipher, "worker-a")
    assert [entry.id for entry in claimed] == [first]
    assert claimed[0].payload == {"text": "entry post:1"}
    assert claimed[0].attempts == 1


async def test_concurrent_claims_never_share_rows(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    for number in range(40):
        await _append(sessions, cipher, f"alert:{number}", kind=OutboxKind.ALERT)

    async def drain(worker: str) -> list[int]:
        seen: list[int] = []
        while batch := await _claim(sessions, cipher, worker, limit=3):
            assert len(batch) <= 3
            seen.extend(entry.id for entry in batch)
            await asyncio.sleep(0)
        return seen

    first, second = await asyncio.gather(drain("worker-a"), drain("worker-b"))

    assert not set(first) & set(second)
    assert len(first) + len(second) == 40
    assert len(set(first) | set(second)) == 40


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_open_claim_is_skipped_not_waited_for(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    for number in range(6):
        await _append(sessions, cipher, f"alert:{number}", kind=OutboxKind.ALERT)

    async with sessions.begin() as holder:
        claimed_first = await claim_outbox_batch(
            holder, cipher=cipher, worker_id="a", now=NOW, limit=3
        )
        # The holder has not committed: its rows are locked, and another worker skips them.
        async with asyncio.timeout(10):
            other = await _claim(sessions, cipher, "worker-b", limit=10)

    assert len(claimed_first) == 3
    assert len(other) == 3
    assert not {entry.id for entry in claimed_first} & {entry.id for entry in other}


async def test_sent_post_records_ts_on_item(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    await _append(sessions, cipher, f"post:{item_id}", item_id=item_id)
    (entry,) = await _claim(sessions, cipher, "worker-a")
    async with sessions.begin() as session:
        assert await mark_outbox_sent(session, entry.id, now=NOW, ts="1700000000.000100")
        stored = await get_item(session, item_id, cipher=cipher)

    assert stored is not None
    assert stored.slack_ts == "1700000000.000100"
    assert stored.slack_channel == CHANNEL
    assert await _claim(sessions, cipher, "worker-a") == []


async def test_entries_of_one_item_go_in_order(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    post = await _append(sessions, cipher, f"post:{item_id}", item_id=item_id)
    update = await _append(
        sessions, cipher, f"update:{item_id}:2", kind=OutboxKind.UPDATE, item_id=item_id
    )

    first = await _claim(sessions, cipher, "worker-a")
    while_post_in_flight = await _claim(sessions, cipher, "worker-b")
    async with sessions.begin() as session:
        await mark_outbox_sent(session, first[0].id, now=NOW, ts="1700000000.000200")
    after_post = await _claim(sessions, cipher, "worker-b")

    assert [entry.id for entry in first] == [post]
    assert while_post_in_flight == []
    assert [entry.id for entry in after_post] == [update]


async def test_stale_in_flight_returns_to_pending(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    entry_id = await _append(sessions, cipher, "alert:crash", kind=OutboxKind.ALERT)
    await _claim(sessions, cipher, "crashed-worker")

    async with sessions.begin() as session:
        early = await reconcile_outbox(
            session, now=NOW + timedelta(minutes=1), stale_after=STALE_AFTER
        )
    later = NOW + timedelta(minutes=10)
    async with sessions.begin() as session:
        recovered = await reconcile_outbox(session, now=later, stale_after=STALE_AFTER)
    again = await _claim(sessions, cipher, "worker-b", now=later)

    assert early.returned_to_pending == 0
    assert recovered.returned_to_pending == 1
    assert [entry.id for entry in again] == [entry_id]
    assert again[0].attempts == 2


async def test_recorded_post_is_never_reposted(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    await _append(sessions, cipher, f"post:{item_id}", item_id=item_id)
    (entry,) = await _claim(sessions, cipher, "worker-a")
    async with sessions.begin() as session:
        assert await mark_outbox_sent(session, entry.id, now=NOW, ts="1700000000.000300")
    # A second post for the same item (another route key) must not post again either.
    await _append(sessions, cipher, f"post:{item_id}:again", item_id=item_id)

    later = NOW + timedelta(minutes=10)
    async with sessions.begin() as session:
        await reconcile_outbox(session, now=later, stale_after=STALE_AFTER)
    assert await _claim(sessions, cipher, "worker-b", now=later) == []


async def test_requeued_post_is_sent_once(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    post = await _append(sessions, cipher, f"post:{item_id}", item_id=item_id)
    await _claim(sessions, cipher, "crashed-worker")
    duplicate = await _append(sessions, cipher, f"post:{item_id}:rerouted", item_id=item_id)

    requeue_at = NOW + timedelta(minutes=10)
    async with sessions.begin() as session:
        await reconcile_outbox(session, now=requeue_at, stale_after=STALE_AFTER)
    requeued = await _claim(sessions, cipher, "worker-b", now=requeue_at)
    async with sessions.begin() as session:
        await mark_outbox_sent(session, requeued[0].id, now=requeue_at, ts="1700000000.000400")

    later = NOW + timedelta(minutes=20)
    async with sessions.begin() as session:
        result = await reconcile_outbox(session, now=later, stale_after=STALE_AFTER)
    leftover = await _claim(sessions, cipher, "worker-c", now=later)

    assert duplicate is not None
    assert [entry.id for entry in requeued] == [post]
    assert result.returned_to_pending == 0
    assert leftover == []


async def test_retry_and_failure(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    entry_id = await _append(sessions, cipher, "alert:retry", kind=OutboxKind.ALERT)
    assert entry_id is not None
    await _claim(sessions, cipher, "worker-a")
    retry_at = NOW + timedelta(seconds=30)
    async with sessions.begin() as session:
        retried = await mark_outbox_retry(
            session, entry_id, error_code="ratelimited", retry_at=retry_at
        )

    assert retried
    too_early = await _claim(sessions, cipher, "worker-a")
    on_time = await _claim(sessions, cipher, "worker-a", now=retry_at)
    async with sessions.begin() as session:
        failed = await mark_outbox_failed(session, entry_id, error_code="channel_not_found")
        failed_again = await mark_outbox_failed(session, entry_id, error_code="channel_not_found")

    assert too_early == []
    assert [entry.id for entry in on_time] == [entry_id]
    assert failed
    assert not failed_again
    assert await _claim(sessions, cipher, "worker-a", now=retry_at) == []


async def test_undecryptable_entry_fails_alone(
    sessions: async_sessionmaker[AsyncSession],
    cipher: DataCipher,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The first entry was written under a data key that is no longer configured.
    old_cipher = DataCipher([Fernet.generate_key()])
    lost = await _append(sessions, old_cipher, "alert:old-key", kind=OutboxKind.ALERT)
    readable = await _append(sessions, cipher, "alert:current-key", kind=OutboxKind.ALERT)

    claimed = await _claim(sessions, cipher, "worker-a")

    assert [entry.id for entry in claimed] == [readable]
    async with sessions.begin() as session:
        failed = await session.get(OutboxEntry, lost)
    assert failed is not None
    assert failed.state == OutboxState.FAILED
    assert failed.last_error_code == "undecryptable_payload"
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [getattr(record, "outbox_id", None) for record in errors] == [lost]


async def test_undecryptable_batch_claims_next(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    old_cipher = DataCipher([Fernet.generate_key()])
    for number in range(3):
        await _append(sessions, old_cipher, f"alert:old-{number}", kind=OutboxKind.ALERT)
    readable = await _append(sessions, cipher, "alert:current", kind=OutboxKind.ALERT)

    claimed = await _claim(sessions, cipher, "worker-a", limit=2)

    assert [entry.id for entry in claimed] == [readable]
