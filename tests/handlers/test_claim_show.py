"""Claim and release on the card, and customer details shown only to `unmask` users."""

import logging

import pytest

from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from handlers import ids
from tests.handlers.harness import (
    AGENT,
    MANAGER,
    NOBODY,
    OTHER_TEAM,
    OUTSIDER,
    UNMASKER,
    Bot,
    wait_for_ephemerals,
)


async def posted_return(bot: Bot) -> tuple[int, StoredItem]:
    receipt = bot.env.sandbox.state.add_return(status="RETURNS_UNCHECKED")
    await bot.post_items(ItemKind.RETURN_REQUEST)
    return receipt.receipt_id, await bot.item(ItemKind.RETURN_REQUEST, receipt.receipt_id)


def card_blocks(bot: Bot, item: StoredItem) -> str:
    channel = bot.env.slack.workspace.channels[item.slack_channel or ""]
    card = channel.find_message(item.slack_ts or "")
    assert card is not None
    return str(card.blocks)


async def test_claim_shows_on_card(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot)

    await bot.click(AGENT, ids.ACTION_CLAIM, item)
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.claimed_by == AGENT
    blocks = card_blocks(bot, item)
    assert f"<@{AGENT}>" in blocks
    assert ids.ACTION_RELEASE_CLAIM in blocks
    assert ids.ACTION_CLAIM + "'" not in blocks


async def test_second_claimer_is_told(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot)

    await bot.click(AGENT, ids.ACTION_CLAIM, item)
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.click(UNMASKER, ids.ACTION_CLAIM, item)
    messages = await wait_for_ephemerals(bot, UNMASKER, 1)

    assert "다른 사람이 이미 담당" in messages[0].text
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.claimed_by == AGENT


async def test_release_by_other_agent_is_refused(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot)

    await bot.click(AGENT, ids.ACTION_CLAIM, item)
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.click(UNMASKER, ids.ACTION_RELEASE_CLAIM, item)
    refused = await wait_for_ephemerals(bot, UNMASKER, 1)
    await bot.click(MANAGER, ids.ACTION_RELEASE_CLAIM, item)
    released = await wait_for_ephemerals(bot, MANAGER, 1)

    assert "권한이 없습니다" in refused[0].text
    assert "완료" in released[0].text
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.claimed_by is None


async def test_claimer_releases_own_claim(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot)

    await bot.click(AGENT, ids.ACTION_CLAIM, item)
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.click(AGENT, ids.ACTION_RELEASE_CLAIM, item)
    await wait_for_ephemerals(bot, AGENT, 2)

    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.claimed_by is None


async def test_show_customer_to_unmask_user_only(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # configure_logging keeps slack_sdk at INFO or above, because its DEBUG output
    # contains request bodies.
    caplog.set_level(logging.INFO, logger="slack_sdk")
    receipt_id, item = await posted_return(bot)
    receipt = bot.env.sandbox.state.store.returns[receipt_id]
    name, phone = receipt.requester_name, receipt.requester_phone

    await bot.click(UNMASKER, ids.ACTION_SHOW_CUSTOMER, item)
    shown = await wait_for_ephemerals(bot, UNMASKER, 1)
    await bot.click(MANAGER, ids.ACTION_SHOW_CUSTOMER, item)
    refused = await wait_for_ephemerals(bot, MANAGER, 1)

    assert name in str(shown[0].blocks)
    assert phone in str(shown[0].blocks)
    assert "개인정보 열람" in refused[0].text
    assert name not in str(refused[0].blocks) + refused[0].text
    assert name not in caplog.text
    assert phone not in caplog.text
    records = await bot.access_records()
    assert [(r.slack_user_id, r.action, r.result) for r in records] == [
        (UNMASKER, "show_customer", "done"),
        (MANAGER, "show_customer", "rejected_role"),
    ]
    ephemeral_calls = bot.env.slack.calls("chat.postEphemeral")
    unmasked = [call for call in ephemeral_calls if name in str(call.args)]
    assert [call.args["user"] for call in unmasked] == [UNMASKER]


async def test_show_customer_refused_for_guest(bot: Bot) -> None:
    _, item = await posted_return(bot)

    await bot.click(OUTSIDER, ids.ACTION_SHOW_CUSTOMER, item, team_id=OTHER_TEAM)
    messages = await wait_for_ephemerals(bot, OUTSIDER, 1)

    assert "다른 워크스페이스" in messages[0].text
    records = await bot.access_records()
    assert [r.result for r in records] == ["rejected_team"]


async def test_user_without_role_cannot_claim(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot)

    await bot.click(NOBODY, ids.ACTION_CLAIM, item)
    messages = await wait_for_ephemerals(bot, NOBODY, 1)

    assert "권한이 없습니다" in messages[0].text
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.claimed_by is None
