"""Outbox entries cut off by a crash are checked in Slack before they may be sent again."""

from sqlalchemy import select

from bot.local_env import LocalEnvironment
from bot.storage import OutboxState, claim_outbox_batch, find_item
from bot.storage.tables import ItemKind, OutboxEntry
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance


async def crash_while_posting(
    env: LocalEnvironment, open_bot: OpenBot, *, reached_slack: bool
) -> int:
    """Poll one inquiry, claim its post and crash; post it first if `reached_slack`."""
    inquiry = env.sandbox.state.add_product_inquiry()
    async with open_bot() as crashed:
        await crashed.poller.run_poll_job(VENDOR_ID, ItemKind.ONLINE_INQUIRY)
        async with crashed.sessions.begin() as session:
            [entry] = await claim_outbox_batch(
                session, cipher=crashed.cipher, worker_id="crashed", now=crashed.clock()
            )
        if reached_slack:
            await crashed.sender.post_message(
                channel=entry.channel, text="card", blocks=None, outbox_key=entry.dedupe_key
            )
    return inquiry.inquiry_id


async def test_crash_after_post_not_reposted(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    inquiry_id = await crash_while_posting(local_env, open_bot, reached_slack=True)
    advance(local_env, minutes=3)

    async with open_bot() as restarted:
        await restarted.outbox.reconcile()
        await restarted.outbox.drain()
        async with restarted.sessions.begin() as session:
            item = await find_item(
                session, VENDOR_ID, ItemKind.ONLINE_INQUIRY, inquiry_id, cipher=restarted.cipher
            )
            entry = await session.scalar(select(OutboxEntry))

    [message] = local_env.slack.messages(local_env.channel_ids["inquiries"])
    assert len(local_env.slack.calls("chat.postMessage")) == 1
    assert item is not None
    assert item.slack_ts == message.ts
    assert entry is not None
    assert entry.state == OutboxState.DONE


async def test_crash_before_post_posts_once(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    inquiry_id = await crash_while_posting(local_env, open_bot, reached_slack=False)
    advance(local_env, minutes=3)

    async with open_bot() as restarted:
        await restarted.outbox.reconcile()
        await restarted.outbox.drain()
        await restarted.outbox.reconcile()
        await restarted.outbox.drain()
        async with restarted.sessions.begin() as session:
            item = await find_item(
                session, VENDOR_ID, ItemKind.ONLINE_INQUIRY, inquiry_id, cipher=restarted.cipher
            )

    [message] = local_env.slack.messages(local_env.channel_ids["inquiries"])
    assert len(local_env.slack.calls("chat.postMessage")) == 1
    assert item is not None
    assert item.slack_ts == message.ts
