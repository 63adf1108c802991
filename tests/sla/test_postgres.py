"""Reminders and the digest on PostgreSQL: one reminder from two replicas, the digest kind.

The database comes from the `database_url` fixture of the PostgreSQL poll test, which skips
when the server is unreachable (and fails when CI is set).
"""

import asyncio

import pytest

from bot.local_env import LocalEnvironment
from bot.storage.tables import ItemKind
from tests.app.conftest import OpenBot
from tests.app.helpers import advance, poll_and_send
from tests.app.test_postgres import database_url

__all__ = ["database_url"]

pytestmark = pytest.mark.postgres


async def test_replicas_send_one_reminder_postgres(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    async with open_bot() as deps:
        assert deps.engine.dialect.name == "postgresql"
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
    advance(local_env, hours=13)

    async with open_bot() as first, open_bot() as second:
        await asyncio.gather(first.reminders.send_due(), second.reminders.send_due())
        await first.outbox.drain()

    (card,) = local_env.slack.messages(local_env.channel_ids["inquiries"])
    assert len(card.replies) == 1
    assert "50%" in card.replies[0].text


async def test_digest_entry_postgres(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    channel = local_env.channel_ids["inquiries"]

    async with open_bot() as deps:
        appended = await deps.digest.append(channel)
        await deps.outbox.drain()

    assert appended
    uploads = [message for message in local_env.slack.messages(channel) if message.files]
    assert len(uploads) == 1
