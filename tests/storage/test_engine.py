"""The engine factory configures SQLite and rejects unsupported databases."""

import asyncio
import stat
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import READ_ONLY, AccessEntry, append_access_record, create_engine
from bot.storage.tables import AccessRecord
from tests.storage.conftest import NOW


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_sqlite_pragmas(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        journal_mode = await connection.scalar(text("PRAGMA journal_mode"))
        foreign_keys = await connection.scalar(text("PRAGMA foreign_keys"))
        busy_timeout = await connection.scalar(text("PRAGMA busy_timeout"))

    assert journal_mode == "wal"
    assert foreign_keys == 1
    assert busy_timeout == 10_000


async def test_read_only_session_does_not_block_writer(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    async with sessions() as reader:
        await reader.connection(execution_options=READ_ONLY)
        await reader.execute(select(AccessRecord.id))
        # The reader's transaction is still open while another session writes.
        async with asyncio.timeout(5), sessions.begin() as writer:
            entry = AccessEntry(occurred_at=NOW, slack_user_id="U0X", action="view", result="ok")
            await append_access_record(writer, entry)


def test_unsupported_backend_rejected() -> None:
    with pytest.raises(ValueError, match="unsupported database backend 'mysql'"):
        create_engine("mysql+aiomysql://user@127.0.0.1/db")


def test_schema_only_on_postgresql(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="only supported on PostgreSQL"):
        create_engine(f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", schema="other")


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
async def test_invalid_sqlite_begin_mode(sessions: async_sessionmaker[AsyncSession]) -> None:
    with pytest.raises(ValueError, match="invalid sqlite_begin 'EXCLUSIVE'"):
        async with sessions() as session:
            await session.connection(execution_options={"sqlite_begin": "EXCLUSIVE"})
            await session.execute(select(AccessRecord.id))


async def test_sqlite_file_is_private(tmp_path: Path) -> None:
    database = tmp_path / "data" / "cs-bot.db"
    engine = create_engine(f"sqlite+aiosqlite:///{database}")
    try:
        async with engine.begin() as connection:
            await connection.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY)"))
            await connection.execute(text("INSERT INTO probe (id) VALUES (1)"))
    finally:
        await engine.dispose()

    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.parent.stat().st_mode) == 0o700
    for side_file in database.parent.glob("cs-bot.db-*"):
        assert stat.S_IMODE(side_file.stat().st_mode) == 0o600, side_file.name


def test_existing_sqlite_file_keeps_mode(tmp_path: Path) -> None:
    database = tmp_path / "cs-bot.db"
    database.touch(mode=0o640)
    database.chmod(0o640)

    create_engine(f"sqlite+aiosqlite:///{database}")

    assert stat.S_IMODE(database.stat().st_mode) == 0o640
