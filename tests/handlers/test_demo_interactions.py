"""The demo's staff actions: each outcome shows on the Slack side and in the sandbox."""

import asyncio

from bot.demo_interactions import add_demo_people, play_interactions
from bot.local_env import LocalEnvironment
from tests.handlers.harness import run_bot


async def test_demo_actions_reach_coupang_once(env: LocalEnvironment) -> None:
    settings = add_demo_people(env)

    async with run_bot(env, settings) as bot:
        # The demo relies on the service's outbox worker, so the test runs one as well.
        stop = asyncio.Event()
        worker = asyncio.create_task(bot.deps.outbox.run(stop))
        try:
            lines = await play_interactions(env, bot.deps, bot.url)
        finally:
            stop.set()
            await worker

    report = "\n".join(lines)
    assert report.count("완료했습니다") == 4
    assert report.count("권한이 없습니다") == 1
    assert "has 1 seller answer(s)" in report
    assert "is RETURNS_COMPLETED" in report
    assert "is still VENDOR_WAREHOUSE_CONFIRM" in report
    assert "4 write(s)" in report
