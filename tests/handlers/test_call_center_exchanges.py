"""Call-center reply and transfer confirm; exchange receipt confirm and rejection."""

from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from handlers import ids
from handlers.modals import REJECT_REASON_ACTION, REJECT_REASON_BLOCK, REPLY_TEXT_BLOCK_PREFIX
from tests.handlers.harness import (
    AGENT,
    MANAGER,
    MANAGER_WING_ID,
    Bot,
    advance,
    wait_for,
    wait_for_ephemerals,
)


async def posted_case(bot: Bot, *, needs_answer: bool) -> tuple[int, StoredItem]:
    inquiry = bot.env.sandbox.state.add_call_center_inquiry(needs_answer=needs_answer)
    await bot.post_items(ItemKind.CALL_CENTER_INQUIRY)
    return inquiry.inquiry_id, await bot.item(ItemKind.CALL_CENTER_INQUIRY, inquiry.inquiry_id)


async def posted_exchange(bot: Bot) -> tuple[int, StoredItem]:
    exchange = bot.env.sandbox.state.add_exchange(status="RECEIPT")
    await bot.post_items(ItemKind.EXCHANGE_REQUEST)
    return exchange.exchange_id, await bot.item(ItemKind.EXCHANGE_REQUEST, exchange.exchange_id)


async def test_call_center_reply_answers_open_request(bot: Bot) -> None:
    inquiry_id, item = await posted_case(bot, needs_answer=True)
    inquiry = bot.env.sandbox.state.store.call_center_inquiries[inquiry_id]
    request_id = inquiry.transfer_reply().answer_id  # type: ignore[union-attr]

    await bot.submit_reply(MANAGER, item, "확인 후 내일 연락드리겠습니다.", view_id="V0CALL0001")
    messages = await wait_for_ephemerals(bot, MANAGER, 1)

    replies = [reply for reply in inquiry.replies if reply.answer_type == "vendor"]
    assert len(replies) == 1
    assert replies[0].parent_answer_id == request_id
    assert replies[0].receptionist == MANAGER_WING_ID
    assert "완료" in messages[0].text
    stored = await bot.item(ItemKind.CALL_CENTER_INQUIRY, inquiry_id)
    assert stored.status == "answered"


async def test_call_center_reply_limits_length(bot: Bot) -> None:
    _, item = await posted_case(bot, needs_answer=True)

    short = await bot.submit_reply(AGENT, item, "네", view_id="V0SHORT001")
    long = await bot.submit_reply(AGENT, item, "가" * 1001, view_id="V0LONG0002")

    assert short.json()["errors"] == {REPLY_TEXT_BLOCK_PREFIX: "2자 이상 입력하세요."}
    assert "1000" in long.json()["errors"][REPLY_TEXT_BLOCK_PREFIX]


async def test_reply_modal_shows_deadline(bot: Bot) -> None:
    _, item = await posted_case(bot, needs_answer=True)

    await bot.click(AGENT, ids.ACTION_REPLY, item)
    await wait_for(lambda: bot.env.slack.calls("views.update"))

    view = next(iter(bot.env.slack.surfaces.views.values())).payload
    contexts = [block for block in view["blocks"] if block["type"] == "context"]
    assert len(contexts) == 1
    assert "답변 기한" in contexts[0]["elements"][0]["text"]
    text_input = next(block for block in view["blocks"] if block["type"] == "input")
    assert text_input["element"]["max_length"] == 1000


async def test_expired_case_is_reported(bot: Bot) -> None:
    inquiry_id, item = await posted_case(bot, needs_answer=True)
    advance(bot.env, hours=25)

    await bot.submit_reply(AGENT, item, "늦은 답변입니다.", view_id="V0LATE0001")
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    inquiry = bot.env.sandbox.state.store.call_center_inquiries[inquiry_id]
    assert not [reply for reply in inquiry.replies if reply.answer_type == "vendor"]
    assert "이미 처리" in messages[0].text


async def test_transfer_confirm_sends_confirm_by(bot: Bot) -> None:
    inquiry_id, item = await posted_case(bot, needs_answer=False)

    await bot.click(AGENT, ids.ACTION_CONFIRM_TRANSFER, item)
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    assert "완료" in messages[0].text
    stored = await bot.item(ItemKind.CALL_CENTER_INQUIRY, inquiry_id)
    assert stored.status == "confirmed"
    assert stored.answered_by == AGENT
    records = await bot.access_records()
    assert [(r.action, r.result) for r in records] == [("confirm_transfer", "done")]


async def test_exchange_receipt_confirm(bot: Bot) -> None:
    exchange_id, item = await posted_exchange(bot)

    await bot.click(AGENT, ids.ACTION_CONFIRM_EXCHANGE_RECEIPT, item)
    await wait_for_ephemerals(bot, AGENT, 1)

    exchange = bot.env.sandbox.state.store.exchanges[exchange_id]
    assert exchange.exchange_status == "PROGRESS"
    stored = await bot.item(ItemKind.EXCHANGE_REQUEST, exchange_id)
    assert stored.status == "in_progress"


async def test_exchange_reject_needs_reason_and_manager(bot: Bot) -> None:
    exchange_id, item = await posted_exchange(bot)
    reason = {
        REJECT_REASON_BLOCK: {
            REJECT_REASON_ACTION: {"type": "static_select", "selected_option": {"value": "SOLDOUT"}}
        }
    }

    missing = await bot.submit_view(AGENT, ids.CALLBACK_REJECT_EXCHANGE_MODAL, item, {})
    await bot.submit_view(AGENT, ids.CALLBACK_REJECT_EXCHANGE_MODAL, item, reason)
    refused = await wait_for_ephemerals(bot, AGENT, 1)
    await bot.submit_view(MANAGER, ids.CALLBACK_REJECT_EXCHANGE_MODAL, item, reason)
    done = await wait_for_ephemerals(bot, MANAGER, 1)
    await bot.deps.outbox.drain()

    assert list(missing.json()["errors"]) == [REJECT_REASON_BLOCK]
    assert "권한이 없습니다" in refused[0].text
    assert "완료" in done[0].text
    exchange = bot.env.sandbox.state.store.exchanges[exchange_id]
    assert exchange.exchange_status == "REJECT"
    card = bot.env.slack.workspace.channels[item.slack_channel or ""].find_message(
        item.slack_ts or ""
    )
    assert card is not None
    assert "품절" in str(card.replies[-1].blocks)


async def test_reject_form_replaced_for_agent(bot: Bot) -> None:
    _, item = await posted_exchange(bot)

    await bot.click(AGENT, ids.ACTION_REJECT_EXCHANGE, item)
    await wait_for(lambda: bot.env.slack.calls("views.update"))
    await bot.click(MANAGER, ids.ACTION_REJECT_EXCHANGE, item)
    await wait_for(lambda: len(bot.env.slack.calls("views.open")) == 2)

    agent_view, manager_view = (view.payload for view in bot.env.slack.surfaces.views.values())
    assert "submit" not in agent_view
    assert "권한이 없습니다" in str(agent_view["blocks"])
    assert manager_view["callback_id"] == ids.CALLBACK_REJECT_EXCHANGE_MODAL
    assert "submit" in manager_view
    records = await bot.access_records()
    assert [(r.slack_user_id, r.result) for r in records] == [(AGENT, "rejected_role")]
