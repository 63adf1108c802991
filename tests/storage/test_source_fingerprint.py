"""The `items.source_fingerprint` column: migration 0005, batched lookup and upsert writes."""

from dataclasses import replace
from datetime import timedelta

from alembic import command
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import ChangeOutcome, DataCipher, ItemKind, find_item, migrate, upsert_item
from bot.storage.items import SOURCE_FINGERPRINT_BATCH, find_source_fingerprints
from bot.storage.migrate import alembic_config
from tests.storage.conftest import NOW
from tests.storage.helpers import VENDOR, snapshot

SOURCE_A = "a" * 64
SOURCE_B = "b" * 64


def _item_columns(connection: Connection) -> set[str]:
    return {column["name"] for column in inspect(connection).get_columns("items")}


def _downgrade_to_0004(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "0004")


async def test_upgrade_keeps_rows_with_null_source(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item = replace(snapshot(created_at=NOW - timedelta(hours=1)), source_fingerprint=SOURCE_A)
    async with sessions.begin() as session:
        await upsert_item(session, item, cipher=cipher, now=NOW)

    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_to_0004)
    async with engine.connect() as connection:
        assert "source_fingerprint" not in await connection.run_sync(_item_columns)

    await migrate(engine)
    async with engine.connect() as connection:
        assert "source_fingerprint" in await connection.run_sync(_item_columns)
    async with sessions.begin() as session:
        found = await find_source_fingerprints(session, VENDOR, ItemKind.ONLINE_INQUIRY, [1001])
        stored = await find_item(session, VENDOR, ItemKind.ONLINE_INQUIRY, 1001, cipher=cipher)
    assert found == {}
    assert stored is not None
    assert stored.version == 1


async def test_unchanged_upsert_fills_null_source(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item = snapshot(created_at=NOW - timedelta(hours=1))
    async with sessions.begin() as session:
        await upsert_item(session, item, cipher=cipher, now=NOW)
    later = NOW + timedelta(minutes=5)

    async with sessions.begin() as session:
        change = await upsert_item(
            session, replace(item, source_fingerprint=SOURCE_A), cipher=cipher, now=later
        )
    async with sessions.begin() as session:
        found = await find_source_fingerprints(session, VENDOR, ItemKind.ONLINE_INQUIRY, [1001])
        stored = await find_item(session, VENDOR, ItemKind.ONLINE_INQUIRY, 1001, cipher=cipher)

    assert change.outcome == ChangeOutcome.UNCHANGED
    assert found == {1001: SOURCE_A}
    assert stored is not None
    assert stored.version == 1
    assert stored.updated_at == NOW


async def test_changed_upsert_replaces_source(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item = replace(snapshot(created_at=NOW - timedelta(hours=1)), source_fingerprint=SOURCE_A)
    async with sessions.begin() as session:
        await upsert_item(session, item, cipher=cipher, now=NOW)

    answered = replace(item, status="ANSWERED", source_fingerprint=SOURCE_B)
    async with sessions.begin() as session:
        change = await upsert_item(session, answered, cipher=cipher, now=NOW)
    withdrawn = replace(item, status="WITHDRAWN", source_fingerprint=None)
    async with sessions.begin() as session:
        after_answer = await find_source_fingerprints(
            session, VENDOR, ItemKind.ONLINE_INQUIRY, [1001]
        )
        await upsert_item(session, withdrawn, cipher=cipher, now=NOW)
    async with sessions.begin() as session:
        after_withdrawal = await find_source_fingerprints(
            session, VENDOR, ItemKind.ONLINE_INQUIRY, [1001]
        )

    assert change.outcome == ChangeOutcome.CHANGED
    assert after_answer == {1001: SOURCE_B}
    assert after_withdrawal == {}


async def test_lookup_spans_batches_and_filters(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    count = SOURCE_FINGERPRINT_BATCH + 5
    created_at = NOW - timedelta(hours=1)
    async with sessions.begin() as session:
        for coupang_id in range(1, count + 1):
            item = replace(
                snapshot(coupang_id, created_at=created_at),
                source_fingerprint=f"{coupang_id:064x}",
            )
            await upsert_item(session, item, cipher=cipher, now=NOW)
        other_kind = replace(
            snapshot(7, created_at=created_at, kind=ItemKind.RETURN_REQUEST),
            source_fingerprint=SOURCE_A,
        )
        await upsert_item(session, other_kind, cipher=cipher, now=NOW)

    listed = [*range(1, count + 1), 999_999]
    async with sessions.begin() as session:
        found = await find_source_fingerprints(session, VENDOR, ItemKind.ONLINE_INQUIRY, listed)
        other_vendor = await find_source_fingerprints(
            session, "A00099999", ItemKind.ONLINE_INQUIRY, listed
        )
        returns = await find_source_fingerprints(session, VENDOR, ItemKind.RETURN_REQUEST, [7])

    assert len(found) == count
    assert found[count] == f"{count:064x}"
    assert 999_999 not in found
    assert other_vendor == {}
    assert returns == {7: SOURCE_A}
