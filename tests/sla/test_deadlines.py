"""Deadlines set at ingest and the time left on the item card, with the sandbox clock."""

from datetime import timedelta

from bot.local_env import LocalEnvironment
from bot.slackstub.workspace import Message
from bot.storage import StoredItem, find_item
from bot.storage.tables import ItemKind
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance, poll_and_send


def card_fields(message: Message) -> str:
    """Return every text of the card's blocks, joined by newlines."""
    texts: list[str] = []
    for block in message.blocks:
        for field in block.get("fields") or []:
            texts.append(field["text"])
    return "\n".join(texts)


async def stored_item(open_bot: OpenBot, kind: ItemKind, coupang_id: int) -> StoredItem:
    async with open_bot() as deps, deps.sessions.begin() as session:
        stored = await find_item(session, VENDOR_ID, kind, coupang_id, cipher=deps.cipher)
    assert stored is not None
    return stored


async def test_product_inquiry_deadline_24h(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    inquiry = local_env.sandbox.state.add_product_inquiry()
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)

    stored = await stored_item(open_bot, ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)
    assert stored.sla_started_at == stored.created_at
    assert stored.deadline_at == stored.created_at + timedelta(hours=24)
    card = card_fields(local_env.slack.messages(local_env.channel_ids["inquiries"])[0])
    assert "기한 없음" not in card
    assert "23시간" in card
    assert "남음" in card


async def test_call_center_deadline_from_request(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    inquiry = local_env.sandbox.state.add_call_center_inquiry()
    advance(local_env, hours=2)
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.CALL_CENTER_INQUIRY)

    stored = await stored_item(open_bot, ItemKind.CALL_CENTER_INQUIRY, inquiry.inquiry_id)
    assert stored.sla_started_at is not None
    assert stored.deadline_at == stored.sla_started_at + timedelta(hours=24)
    card = card_fields(local_env.slack.messages(local_env.channel_ids["call_center"])[0])
    assert "21시간" in card


async def test_return_deadline_after_arrival(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    requested = local_env.sandbox.state.add_return()
    arrived = local_env.sandbox.state.add_return(status="VENDOR_WAREHOUSE_CONFIRM")
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.RETURN_REQUEST)

    waiting = await stored_item(open_bot, ItemKind.RETURN_REQUEST, requested.receipt_id)
    assert waiting.deadline_at is None
    stored = await stored_item(open_bot, ItemKind.RETURN_REQUEST, arrived.receipt_id)
    assert stored.sla_started_at is not None
    assert stored.deadline_at is not None
    # 168 business hours are 7 weekdays without holidays, so at least 9 calendar days.
    assert stored.deadline_at - stored.sla_started_at >= timedelta(days=9)


async def test_exchange_has_no_deadline(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    exchange = local_env.sandbox.state.add_exchange()
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.EXCHANGE_REQUEST)

    stored = await stored_item(open_bot, ItemKind.EXCHANGE_REQUEST, exchange.exchange_id)
    assert stored.deadline_at is None
    card = card_fields(local_env.slack.messages(local_env.channel_ids["exchanges"])[0])
    assert "기한 없음" in card


async def test_configured_window_sets_deadline(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    path = local_env.workdir / "cs-bot.toml"
    config = path.read_text(encoding="utf-8")
    path.write_text(config + '\n[sla.online_inquiry]\nwindow = "PT4H"\n', encoding="utf-8")
    inquiry = local_env.sandbox.state.add_product_inquiry()
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)

    stored = await stored_item(open_bot, ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)
    assert stored.deadline_at == stored.created_at + timedelta(hours=4)


async def test_card_shows_overdue_after_deadline(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    advance(local_env, hours=25)
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)

    card = card_fields(local_env.slack.messages(local_env.channel_ids["inquiries"])[0])
    assert "기한 초과" in card
