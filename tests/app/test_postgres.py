"""The end-to-end poll on PostgreSQL: first post, then no duplicate after a restart.

The server comes from CS_BOT_TEST_POSTGRES_URL (default: local trust auth, database `test`);
each test creates and drops its own database. If the server is unreachable the test is
skipped, or fails when CI is set, so that CI never passes without it.
"""

import asyncio
import os
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.local_env import LocalEnvironment
from tests.app.conftest import OpenBot
from tests.app.helpers import poll_and_send

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"

pytestmark = pytest.mark.postgres


@pytest.fixture
async def database_url() -> AsyncIterator[str]:
    base = make_url(os.environ.get("CS_BOT_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL))
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    name = f"cs_bot_e2e_{uuid.uuid4().hex[:12]}"
    try:
        async with asyncio.timeout(5):
            async with admin.connect() as connection:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, SQLAlchemyError) as exc:
        await admin.dispose()
        message = f"PostgreSQL at CS_BOT_TEST_POSTGRES_URL is unreachable ({type(exc).__name__})"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must run the PostgreSQL tests")
        pytest.skip(f"{message}; start it or set CS_BOT_TEST_POSTGRES_URL")
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def test_postgres_poll_posts_once_across_restart(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    state.add_product_inquiry()
    state.add_return()
    state.add_exchange()

    async with open_bot() as first_process:
        assert first_process.engine.dialect.name == "postgresql"
        await poll_and_send(first_process)
    async with open_bot() as second_process:
        await poll_and_send(second_process)

    assert len(local_env.slack.calls("chat.postMessage")) == 3
    for route in ("inquiries", "returns", "exchanges"):
        assert len(local_env.slack.messages(local_env.channel_ids[route])) == 1, route
