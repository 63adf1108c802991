"""SLA reminders in the item's thread, through the sandbox, real storage and the Slack stand-in.

The sandbox clock is the bot's clock, so each test moves time to a reminder point and runs
the reminder job once, as the scheduler would.
"""

import asyncio

from bot.local_env import LocalEnvironment
from bot.scheduler import SLA_REMINDERS_JOB_ID, build_scheduler
from bot.slackstub.workspace import Message
from bot.storage import pause_vendor, resume_vendor
from bot.storage.tables import ItemKind
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance, poll_and_send

MANAGERS_GROUP = "S0CSMANAGERS"


def configure_managers(env: LocalEnvironment) -> None:
    path = env.workdir / "cs-bot.toml"
    config = path.read_text(encoding="utf-8")
    path.write_text(config + f'\n[sla]\nmanagers_group_id = "{MANAGERS_GROUP}"\n', "utf-8")


def card(env: LocalEnvironment) -> Message:
    messages = env.slack.messages(env.channel_ids["inquiries"])
    assert len(messages) == 1
    return messages[0]


def thread_texts(env: LocalEnvironment) -> list[str]:
    return [reply.text for reply in card(env).replies]


def context_texts(message: Message) -> str:
    texts = []
    for block in message.blocks:
        for element in block.get("elements") or []:
            texts.append(str(element.get("text", "")))
    return "\n".join(texts)


async def run_reminders(open_bot: OpenBot) -> None:
    async with open_bot() as deps:
        await deps.reminders.send_due()
        await deps.outbox.drain()


async def post_inquiry(env: LocalEnvironment, open_bot: OpenBot) -> int:
    inquiry = env.sandbox.state.add_product_inquiry()
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
    return inquiry.inquiry_id


async def test_reminders_follow_the_points(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    configure_managers(local_env)
    await post_inquiry(local_env, open_bot)

    advance(local_env, hours=11)
    await run_reminders(open_bot)
    assert thread_texts(local_env) == []

    advance(local_env, hours=1, minutes=1)
    await run_reminders(open_bot)
    texts = thread_texts(local_env)
    assert len(texts) == 1
    assert "50%" in texts[0]
    assert "11시간" in texts[0]
    assert MANAGERS_GROUP not in context_texts(card(local_env).replies[0])

    advance(local_env, hours=7.2)
    await run_reminders(open_bot)
    texts = thread_texts(local_env)
    assert len(texts) == 2
    assert "80%" in texts[1]

    advance(local_env, hours=2.4)
    await run_reminders(open_bot)
    replies = card(local_env).replies
    assert len(replies) == 3
    assert "90%" in replies[2].text
    assert f"<!subteam^{MANAGERS_GROUP}>" in context_texts(replies[2])


async def test_overdue_marks_the_card(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    configure_managers(local_env)
    await post_inquiry(local_env, open_bot)
    updates_before = len(local_env.slack.calls("chat.update"))

    advance(local_env, hours=24, minutes=1)
    await run_reminders(open_bot)

    replies = card(local_env).replies
    assert len(replies) == 1
    assert "처리 기한이 지났습니다" in replies[0].text
    assert f"<!subteam^{MANAGERS_GROUP}>" in context_texts(replies[0])
    assert len(local_env.slack.calls("chat.update")) == updates_before + 1
    fields = "\n".join(
        field["text"] for block in card(local_env).blocks for field in block.get("fields") or []
    )
    assert "기한 초과" in fields
    assert "⏰" in str(card(local_env).blocks)


async def test_downtime_sends_latest_point_only(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    await post_inquiry(local_env, open_bot)

    advance(local_env, hours=20)
    await run_reminders(open_bot)

    texts = thread_texts(local_env)
    assert len(texts) == 1
    assert "80%" in texts[0]


async def test_answered_in_wing_gets_no_reminder(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    inquiry_id = await post_inquiry(local_env, open_bot)
    local_env.sandbox.state.answer_product_inquiry(inquiry_id, "내일 출고됩니다.")
    updates_before = len(local_env.slack.calls("chat.update"))

    advance(local_env, hours=13)
    await run_reminders(open_bot)

    texts = thread_texts(local_env)
    assert not any("%" in text for text in texts)
    assert texts == ["WING에서 답변되었습니다."]
    assert len(local_env.slack.calls("chat.update")) == updates_before + 1
    assert "✅" in str(card(local_env).blocks)


async def test_restart_sends_no_duplicate(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    await post_inquiry(local_env, open_bot)
    advance(local_env, hours=13)

    await run_reminders(open_bot)
    await run_reminders(open_bot)

    assert len(thread_texts(local_env)) == 1


async def test_replicas_send_one_reminder(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    await post_inquiry(local_env, open_bot)
    advance(local_env, hours=13)

    async with open_bot() as first, open_bot() as second:
        await asyncio.gather(first.reminders.send_due(), second.reminders.send_due())
        await first.outbox.drain()
        await second.outbox.drain()

    assert len(thread_texts(local_env)) == 1


async def test_paused_vendor_waits_for_resume(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    await post_inquiry(local_env, open_bot)
    advance(local_env, hours=13)
    calls_before = len(local_env.sandbox.state.calls)

    async with open_bot() as deps:
        async with deps.sessions.begin() as session:
            await pause_vendor(session, VENDOR_ID, reason="auth", now=deps.clock())
        counts = await deps.reminders.send_due()
        calls_while_paused = len(local_env.sandbox.state.calls)
        async with deps.sessions.begin() as session:
            await resume_vendor(session, VENDOR_ID)
        resumed = await deps.reminders.send_due()
        await deps.outbox.drain()

    assert counts.sent == 0
    assert counts.failed == 0
    assert calls_while_paused == calls_before
    assert resumed.sent == 1
    assert len(thread_texts(local_env)) == 1


async def test_scheduler_registers_reminder_job(open_bot: OpenBot) -> None:
    async with open_bot() as deps:
        scheduler = build_scheduler(deps)
        job = scheduler.get_job(SLA_REMINDERS_JOB_ID)

    assert job is not None
    assert job.trigger.interval.total_seconds() == 60
