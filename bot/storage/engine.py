"""Engine and session factories for SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

import os
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.ext.asyncio import create_async_engine as _create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option for read-only SQLite work: a deferred transaction takes no write lock, so a
# long read (an audit export) does not block the bot's writers. On PostgreSQL it is ignored.
READ_ONLY = {"sqlite_begin": "DEFERRED"}


def create_engine(url: str, *, schema: str | None = None, echo: bool = False) -> AsyncEngine:
    """Create the async engine for `url` (`sqlite+aiosqlite://…` or `postgresql+asyncpg://…`).

    SQLite gets WAL, a busy timeout, foreign keys and `BEGIN IMMEDIATE` transactions, so writers
    queue instead of failing on a lock upgrade. Pass READ_ONLY as execution options for long
    reads. On PostgreSQL, `schema` sets the search_path.
    """
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if schema is not None:
            raise ValueError("schema is only supported on PostgreSQL")
        if parsed.database and parsed.database != ":memory:":
            _create_private_file(Path(parsed.database))
        engine = _create_async_engine(parsed, echo=echo)
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        connect_args: dict[str, Any] = {}
        if schema is not None:
            connect_args["server_settings"] = {"search_path": schema}
        return _create_async_engine(
            parsed, echo=echo, pool_pre_ping=True, connect_args=connect_args
        )
    raise ValueError(f"unsupported database backend {backend!r}. Use SQLite or PostgreSQL")


def _create_private_file(path: Path) -> None:
    """Create the SQLite file with mode 0600, and its missing directories with mode 0700.

    The file contains encrypted personal data and the keyed fingerprints, so only the bot's user
    may read it. SQLite gives its -wal and -shm files the database file's mode. Existing files
    and directories keep their modes.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Create the session factory. Loaded objects stay readable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _configure_sqlite(engine: AsyncEngine) -> None:
    # The sqlite3 module's own transaction handling is turned off and BEGIN is issued here, as
    # SQLAlchemy documents for pysqlite and aiosqlite, so that PRAGMAs run outside transactions
    # and every transaction takes the write lock at its start.
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode not in ("IMMEDIATE", "DEFERRED"):
            raise ValueError(f"invalid sqlite_begin {mode!r}: expected IMMEDIATE or DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")
