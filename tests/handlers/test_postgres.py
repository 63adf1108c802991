"""Two bot instances sharing one PostgreSQL database send one reply for one submission.

The database comes from the end-to-end PostgreSQL fixture: CS_BOT_TEST_POSTGRES_URL, a
fresh database per test, skipped when the server is unreachable (failed when CI is set).
"""

import asyncio

import pytest

from bot.local_env import LocalEnvironment
from bot.settings import Settings
from bot.storage.tables import ItemKind
from tests.app.test_postgres import database_url
from tests.handlers.harness import AGENT, Bot, run_bot, wait_for_ephemerals

pytestmark = pytest.mark.postgres

__all__ = ["database_url"]


async def test_postgres_replicas_reply_once(
    bot: Bot, env: LocalEnvironment, settings: Settings
) -> None:
    inquiry = env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)

    async with run_bot(env, settings) as second:
        assert second.deps.engine.dialect.name == "postgresql"
        await asyncio.gather(
            bot.submit_reply(AGENT, item, "내일 출고됩니다.", view_id="V0PGREPLY1"),
            second.submit_reply(AGENT, item, "내일 출고됩니다.", view_id="V0PGREPLY1"),
        )
        messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert len(inquiry.comments) == 1
    assert sum("완료" in message.text for message in messages) == 1
    assert len(await bot.attempts()) == 1
