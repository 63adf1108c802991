"""Apply the Alembic migrations shipped in `bot.storage.migrations`."""

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """Build the Alembic configuration without an alembic.ini file."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Upgrade the database to `revision` in one transaction."""
    async with engine.begin() as connection:
        reached = await connection.run_sync(_upgrade, revision)
    log.info("Database schema is at revision %s", reached)


async def current_revision(engine: AsyncEngine) -> str | None:
    """Return the schema revision of the database, or None if it was never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_read_revision)


def head_revision() -> str | None:
    """Return the newest revision shipped with the code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade(connection: Connection, revision: str) -> str | None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
    return _read_revision(connection)


def _read_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()
