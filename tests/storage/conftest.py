"""Fixtures that run every storage test on SQLite (a temporary file) and on PostgreSQL.

PostgreSQL comes from CS_BOT_TEST_POSTGRES_URL (default: local trust auth, database `test`);
each test gets a fresh schema. If the server is unreachable the PostgreSQL cases are skipped,
or fail when CI is set, so that CI never passes without them.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage import DataCipher, create_engine, create_sessionmaker, migrate

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)

_postgres_unreachable: list[str] = []


def postgres_url() -> str:
    return os.environ.get("CS_BOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)


async def _check_postgres(url: str) -> str | None:
    engine = create_engine(url)
    try:
        async with asyncio.timeout(5):
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        return type(exc).__name__
    finally:
        await engine.dispose()
    return None


async def _require_postgres(url: str) -> None:
    if not _postgres_unreachable:
        _postgres_unreachable.append(await _check_postgres(url) or "")
    reason = _postgres_unreachable[0]
    if not reason:
        return
    message = f"PostgreSQL at CS_BOT_TEST_POSTGRES_URL is unreachable ({reason})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must run the PostgreSQL tests")
    pytest.skip(f"{message}; start it or set CS_BOT_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def bare_engine(backend: str, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    """An engine on an empty database or schema, not yet migrated."""
    if backend == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
        try:
            yield engine
        finally:
            await engine.dispose()
        return

    url = postgres_url()
    await _require_postgres(url)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = create_engine(url, schema=schema)
        try:
            yield engine
        finally:
            await engine.dispose()
            async with admin.begin() as connection:
                await connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    finally:
        await admin.dispose()


@pytest.fixture
async def engine(bare_engine: AsyncEngine) -> AsyncEngine:
    await migrate(bare_engine)
    return bare_engine


@pytest.fixture
def sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_sessionmaker(engine)


@pytest.fixture
def cipher() -> DataCipher:
    return DataCipher([Fernet.generate_key()])
