"""The `/cs` command: help, reply, show, claim, pending, whoami and routes."""

import pytest

from bot.storage.tables import ItemKind
from handlers import ids
from tests.handlers.harness import (
    ADMIN,
    AGENT,
    AGENT_WING_ID,
    MANAGER,
    NOBODY,
    UNMASKER,
    Bot,
    wait_for,
    wait_for_ephemerals,
)


@pytest.mark.parametrize("typed", ["", "help", "frobnicate 12", "reply", "reply abc"])
async def test_help_or_usage_for_other_input(bot: Bot, typed: str) -> None:
    response = await bot.command(AGENT, typed)

    assert response["response_type"] == "ephemeral"
    assert "/cs" in response["text"]


async def test_reply_with_text_sends_directly(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)

    await bot.command(AGENT, f"reply {inquiry.inquiry_id} 주문하신 상품은 내일 출고됩니다.")
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    assert [c.content for c in inquiry.comments] == ["주문하신 상품은 내일 출고됩니다."]
    assert "완료" in messages[0].text


async def test_reply_without_text_opens_modal(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)

    await bot.command(AGENT, f"reply {inquiry.inquiry_id}")
    await wait_for(lambda: bot.env.slack.calls("views.update"))

    view = next(iter(bot.env.slack.surfaces.views.values())).payload
    assert view["callback_id"] == ids.CALLBACK_REPLY_MODAL
    assert "submit" in view


async def test_unknown_id_is_not_found(bot: Bot) -> None:
    response = await bot.command(AGENT, "claim 987654321")

    assert "987654321" in response["text"]


async def test_claim_and_pending(bot: Bot) -> None:
    receipt = bot.env.sandbox.state.add_return(status="RETURNS_UNCHECKED")
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.RETURN_REQUEST, ItemKind.ONLINE_INQUIRY)

    await bot.command(AGENT, f"claim {receipt.receipt_id}")
    await wait_for_ephemerals(bot, AGENT, 1)
    pending = await bot.command(AGENT, "pending")
    refused = await bot.command(NOBODY, "pending")

    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt.receipt_id)
    assert stored.claimed_by == AGENT
    assert str(receipt.receipt_id) in pending["text"]
    assert str(inquiry.inquiry_id) in pending["text"]
    assert f"<@{AGENT}>" in pending["text"]
    assert "권한이 없습니다" in refused["text"]


async def test_show_by_command(bot: Bot) -> None:
    receipt = bot.env.sandbox.state.add_return(status="RETURNS_UNCHECKED")
    await bot.post_items(ItemKind.RETURN_REQUEST)

    await bot.command(
        UNMASKER, f"show {receipt.receipt_id}", channel_id=bot.env.channel_ids["returns"]
    )
    messages = await wait_for_ephemerals(bot, UNMASKER, 1)

    assert receipt.requester_name in str(messages[0].blocks)


async def test_whoami_lists_roles_and_wing_id(bot: Bot) -> None:
    agent = await bot.command(AGENT, "whoami")
    manager = await bot.command(MANAGER, "whoami")

    assert "상담원" in agent["text"]
    assert AGENT_WING_ID in agent["text"]
    assert "매니저" in manager["text"]


async def test_routes_for_admins_only(bot: Bot) -> None:
    response = await bot.command(MANAGER, "routes")

    assert "권한이 없습니다" in response["text"]
    assert bot.env.channel_ids["returns"] not in response["text"]
    records = await bot.access_records()
    assert [(r.action, r.result) for r in records] == [("show_routes", "rejected_role")]


async def test_admin_sees_routes(bot: Bot) -> None:
    response = await bot.command(ADMIN, "routes")

    assert bot.env.channel_ids["returns"] in response["text"]
    assert "A00012345" in response["text"]
