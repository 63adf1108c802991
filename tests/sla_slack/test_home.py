"""App Home: views per user and role, validated by `slack_sdk.models`, and debounced publishes."""

from typing import Any

from slack_sdk.models.views import View

from bot.slackstub.signed_requests import build_app_home_opened_payload, post_to_app, sign_event
from bot.storage.tables import ItemKind
from tests.handlers.harness import AGENT, MANAGER, Bot, wait_for


def publishes(bot: Bot, user_id: str) -> int:
    return len(
        [
            call
            for call in bot.env.slack.calls("views.publish")
            if call.args.get("user_id") == user_id
        ]
    )


def home_view(bot: Bot, user_id: str) -> dict[str, Any]:
    view_id = bot.env.slack.surfaces.home_views[user_id]
    payload: dict[str, Any] = bot.env.slack.surfaces.views[view_id].payload
    return payload


def section_texts(view: dict[str, Any]) -> str:
    texts = []
    for block in view["blocks"]:
        block_text = block.get("text")
        if isinstance(block_text, dict):
            texts.append(block_text["text"])
    return "\n".join(texts)


async def open_home(bot: Bot, user_id: str) -> None:
    before = publishes(bot, user_id)
    payload = build_app_home_opened_payload(user_id=user_id)
    response = await post_to_app(bot.url, sign_event(payload, signing_secret=bot.secret))
    assert response.status == 200
    await wait_for(lambda: publishes(bot, user_id) > before)


async def claimed_inquiry(bot: Bot) -> int:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    await bot.command(AGENT, f"claim {inquiry.inquiry_id}")
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)
    await wait_for(lambda: bot.ephemerals(AGENT))
    return item.coupang_id


async def test_agent_home_lists_claimed_item(bot: Bot) -> None:
    coupang_id = await claimed_inquiry(bot)

    await open_home(bot, AGENT)

    view = home_view(bot, AGENT)
    View(**view).validate_json()
    assert view["type"] == "home"
    texts = section_texts(view)
    assert "내가 담당한 항목" in texts
    assert f"#{coupang_id}" in texts
    assert "팀 현황" not in texts
    buttons = [block["accessory"] for block in view["blocks"] if block.get("accessory") is not None]
    assert buttons
    channel = bot.env.channel_ids["inquiries"]
    assert all(f"/archives/{channel}/p" in button["url"] for button in buttons)


async def test_manager_home_shows_team(bot: Bot) -> None:
    await claimed_inquiry(bot)

    await open_home(bot, MANAGER)

    view = home_view(bot, MANAGER)
    View(**view).validate_json()
    texts = section_texts(view)
    assert "팀 현황" in str(view["blocks"])
    assert f"<@{AGENT}>: 1" in texts
    assert "미배정 0건" in texts


async def test_publishes_are_debounced(bot: Bot) -> None:
    bot.deps.home.min_interval = 0.2
    await open_home(bot, AGENT)

    await bot.deps.home.request(AGENT)
    await bot.deps.home.request(AGENT)
    await bot.deps.home.request(AGENT)
    assert publishes(bot, AGENT) == 1
    await bot.deps.home.wait_idle()

    assert publishes(bot, AGENT) == 2


async def test_claim_refreshes_agent_home(bot: Bot) -> None:
    bot.deps.home.min_interval = 0.0
    await open_home(bot, AGENT)
    assert await bot.deps.home.refresh_changed() == 0
    before = publishes(bot, AGENT)

    coupang_id = await claimed_inquiry(bot)
    requested = await bot.deps.home.refresh_changed()
    await bot.deps.home.wait_idle()

    assert requested == 1
    assert publishes(bot, AGENT) == before + 1
    assert f"#{coupang_id}" in section_texts(home_view(bot, AGENT))
