"""Purging destroys expired display data and outbox payloads and records itself."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import (
    DataCipher,
    OutboxKind,
    append_outbox,
    export_access_records,
    get_item,
    purge_expired,
)
from bot.storage.tables import OutboxEntry
from tests.storage.conftest import NOW
from tests.storage.helpers import CHANNEL, store_item

RETENTION = timedelta(days=30)


async def test_purge_removes_expired_data(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    old = NOW - timedelta(days=40)
    closed_long_ago = await store_item(sessions, cipher, old, 1, closed_at=old)
    open_but_stale = await store_item(sessions, cipher, old, 2)
    closed_recently = await store_item(sessions, cipher, old, 3, closed_at=NOW - timedelta(days=2))
    fresh = await store_item(sessions, cipher, NOW, 4)
    async with sessions.begin() as session:
        for key, created in (("old", old), ("new", NOW)):
            await append_outbox(
                session,
                cipher=cipher,
                kind=OutboxKind.POST,
                channel=CHANNEL,
                payload={"text": key},
                dedupe_key=key,
                now=created,
            )

    async with sessions.begin() as session:
        result = await purge_expired(session, now=NOW, retention=RETENTION)

    async with sessions() as session:
        items = {
            item_id: await get_item(session, item_id, cipher=cipher)
            for item_id in (closed_long_ago, open_but_stale, closed_recently, fresh)
        }
        outbox_keys = set(await session.scalars(select(OutboxEntry.dedupe_key)))
        records = [r.entry async for r in export_access_records(session, since=NOW)]

    assert result.items_purged == 2
    assert result.outbox_deleted == 1
    purged = {item_id for item_id, item in items.items() if item and item.display is None}
    assert purged == {closed_long_ago, open_but_stale}
    purged_item = items[closed_long_ago]
    assert purged_item is not None
    assert purged_item.purged_at == NOW
    assert all(item is not None for item in items.values())
    assert outbox_keys == {"new"}
    assert {(r.action, r.affected_rows) for r in records} == {
        ("purge_items", 2),
        ("purge_outbox", 1),
    }
    assert {r.slack_user_id for r in records} == {"cs-bot"}


async def test_second_purge_finds_nothing(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    old = NOW - timedelta(days=40)
    await store_item(sessions, cipher, old, 1, closed_at=old)
    async with sessions.begin() as session:
        first = await purge_expired(session, now=NOW, retention=RETENTION)
    async with sessions.begin() as session:
        second = await purge_expired(session, now=NOW, retention=RETENTION)
        record_count = await session.scalar(
            select(func.count()).select_from(OutboxEntry.metadata.tables["access_records"])
        )

    assert first.items_purged == 1
    assert second.items_purged == 0
    assert record_count == 4
