"""Migrations build the schema from an empty database and match the ORM tables."""

from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import current_revision, head_revision, migrate
from bot.storage.migrate import alembic_config
from bot.storage.tables import Base
from tests.storage.conftest import NOW

TABLES = {
    "items",
    "outbox",
    "action_attempts",
    "access_records",
    "vendor_state",
    "vendor_alerts",
    "product_names",
}


def _schema_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection)
    return list(compare_metadata(context, Base.metadata))


def _table_names(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names())


def _downgrade_to_base(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "base")


async def test_migrate_from_empty_reaches_head(bare_engine: AsyncEngine) -> None:
    assert await current_revision(bare_engine) is None

    await migrate(bare_engine)

    assert head_revision() is not None
    assert await current_revision(bare_engine) == head_revision()
    async with bare_engine.connect() as connection:
        assert TABLES <= await connection.run_sync(_table_names)


async def test_migrated_schema_matches_orm(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        diff = await connection.run_sync(_schema_diff)
    assert diff == []


async def test_migrate_twice_is_harmless(engine: AsyncEngine) -> None:
    await migrate(engine)
    assert await current_revision(engine) == head_revision()


async def test_downgrade_then_upgrade(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_to_base)
    async with engine.connect() as connection:
        assert not TABLES & await connection.run_sync(_table_names)

    await migrate(engine)
    assert await current_revision(engine) == head_revision()


async def test_check_constraint_rejects_unknown_kind(engine: AsyncEngine) -> None:
    statement = text(
        "INSERT INTO outbox (kind, channel, payload_ciphertext, dedupe_key, state, attempts, "
        "next_attempt_at, created_at) VALUES ('bogus', 'C0X', :payload, 'k', 'pending', 0, "
        ":now, :now)"
    )
    with pytest.raises(IntegrityError, match="ck_outbox_outbox_kind"):
        async with engine.begin() as connection:
            await connection.execute(statement, {"payload": b"x", "now": NOW})
