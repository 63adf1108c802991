"""Return actions: confirm receipt, approve, stop-shipment reports, and items handled elsewhere."""

import asyncio

from bot.storage import StoredItem
from bot.storage.tables import AttemptState, ItemKind
from coupang.sandbox import FaultKind, FaultRule
from handlers import ids
from handlers.modals import COURIER_ACTION, COURIER_BLOCK, INVOICE_ACTION, INVOICE_BLOCK
from tests.handlers.harness import AGENT, MANAGER, Bot, wait_for_ephemerals


def writes(bot: Bot, fragment: str) -> list[object]:
    """Return the successful Coupang writes whose path contains `fragment`."""
    return [
        call
        for call in bot.env.sandbox.state.calls
        if call.method in ("PUT", "PATCH", "POST") and fragment in call.path and call.status < 300
    ]


async def posted_return(bot: Bot, status: str) -> tuple[int, StoredItem]:
    receipt = bot.env.sandbox.state.add_return(status=status)
    await bot.post_items(ItemKind.RETURN_REQUEST)
    return receipt.receipt_id, await bot.item(ItemKind.RETURN_REQUEST, receipt.receipt_id)


async def test_agent_confirms_receipt(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "RETURNS_UNCHECKED")

    await bot.click(AGENT, ids.ACTION_CONFIRM_RETURN_RECEIPT, item)
    messages = await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    receipt = bot.env.sandbox.state.store.returns[receipt_id]
    assert receipt.receipt_status == "VENDOR_WAREHOUSE_CONFIRM"
    assert "완료" in messages[0].text
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.status == "receipt_confirmed"
    card = bot.env.slack.workspace.channels[item.slack_channel or ""].find_message(
        item.slack_ts or ""
    )
    assert card is not None
    assert ids.ACTION_APPROVE_RETURN in str(card.blocks)
    assert ids.ACTION_CONFIRM_RETURN_RECEIPT not in str(card.blocks)


async def test_manager_approves_with_cancel_count(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "VENDOR_WAREHOUSE_CONFIRM")

    await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, MANAGER, 1)
    await bot.deps.outbox.drain()

    receipt = bot.env.sandbox.state.store.returns[receipt_id]
    assert receipt.receipt_status == "RETURNS_COMPLETED"
    assert len(writes(bot, "approval")) == 1
    assert "완료" in messages[0].text
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.status == "completed"
    assert stored.answered_by == MANAGER
    card = bot.env.slack.workspace.channels[item.slack_channel or ""].find_message(
        item.slack_ts or ""
    )
    assert card is not None
    assert ids.ACTION_APPROVE_RETURN not in str(card.blocks)
    assert [str(reply.blocks).count(MANAGER) for reply in card.replies] == [1]


async def test_agent_cannot_approve(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "VENDOR_WAREHOUSE_CONFIRM")

    await bot.click(AGENT, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, AGENT, 1)

    assert "권한이 없습니다" in messages[0].text
    assert "매니저" in messages[0].text
    assert writes(bot, "approval") == []
    assert bot.env.sandbox.state.store.returns[receipt_id].receipt_status == (
        "VENDOR_WAREHOUSE_CONFIRM"
    )
    records = await bot.access_records()
    assert [(r.action, r.result) for r in records] == [("approve_return", "rejected_role")]


async def test_double_click_approves_once(bot: Bot) -> None:
    _, item = await posted_return(bot, "VENDOR_WAREHOUSE_CONFIRM")

    await asyncio.gather(
        bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item),
        bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item, socket_mode=True),
    )
    messages = await wait_for_ephemerals(bot, MANAGER, 2)

    assert len(writes(bot, "approval")) == 1
    assert sum("완료" in message.text for message in messages) == 1


async def test_auto_approved_return_is_reported(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "VENDOR_WAREHOUSE_CONFIRM")
    bot.env.sandbox.state.store.returns[receipt_id].receipt_status = "RETURNS_COMPLETED"

    await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, MANAGER, 1)
    await bot.deps.outbox.drain()

    assert "이미 처리" in messages[0].text
    assert writes(bot, "approval") == []
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.status == "completed"
    attempts = await bot.attempts()
    assert attempts[0].state == AttemptState.FAILED


async def test_withdrawn_return_is_reported(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "RETURNS_UNCHECKED")
    bot.env.sandbox.state.withdraw_return(receipt_id)

    await bot.click(AGENT, ids.ACTION_CONFIRM_RETURN_RECEIPT, item)
    messages = await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    assert "이미 처리" in messages[0].text
    assert writes(bot, "receiveConfirmation") == []
    stored = await bot.item(ItemKind.RETURN_REQUEST, receipt_id)
    assert stored.status == "withdrawn"


async def test_release_stopped_completes_cancel(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "RELEASE_STOP_UNCHECKED")

    await bot.click(AGENT, ids.ACTION_RELEASE_STOPPED, item)
    await wait_for_ephemerals(bot, AGENT, 1)

    assert bot.env.sandbox.state.store.returns[receipt_id].receipt_status == "RETURNS_COMPLETED"
    assert len(writes(bot, "stoppedShipment")) == 1


async def test_already_shipped_modal_sends_invoice(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "RELEASE_STOP_UNCHECKED")

    await bot.click(AGENT, ids.ACTION_RELEASE_ALREADY_SHIPPED, item)
    invalid = await bot.submit_view(
        AGENT,
        ids.CALLBACK_ALREADY_SHIPPED_MODAL,
        item,
        {
            COURIER_BLOCK: {COURIER_ACTION: {"type": "plain_text_input", "value": "cj glS"}},
            INVOICE_BLOCK: {INVOICE_ACTION: {"type": "plain_text_input", "value": "12"}},
        },
    )
    valid = await bot.submit_view(
        AGENT,
        ids.CALLBACK_ALREADY_SHIPPED_MODAL,
        item,
        {
            COURIER_BLOCK: {COURIER_ACTION: {"type": "plain_text_input", "value": "cjgls"}},
            INVOICE_BLOCK: {INVOICE_ACTION: {"type": "plain_text_input", "value": "123456789012"}},
        },
    )
    await wait_for_ephemerals(bot, AGENT, 1)

    opened = bot.env.slack.calls("views.open")
    assert [call.ok for call in opened] == [True]
    assert set(invalid.json()["errors"]) == {COURIER_BLOCK, INVOICE_BLOCK}
    assert valid.status == 200
    assert valid.body == ""
    assert bot.env.sandbox.state.store.returns[receipt_id].receipt_status == "RETURNS_UNCHECKED"
    assert len(writes(bot, "completedShipment")) == 1


async def test_server_error_on_read_writes_nothing(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "VENDOR_WAREHOUSE_CONFIRM")
    bot.env.sandbox.state.faults.add(
        FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern=f"returnRequests/{receipt_id}")
    )

    await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, MANAGER, 1)
    await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, MANAGER, 2)

    assert "쿠팡 호출이 실패했습니다" in messages[0].text
    assert "완료" in messages[1].text
    assert len(writes(bot, "approval")) == 1
    attempts = await bot.attempts()
    assert [attempt.state for attempt in attempts] == [AttemptState.FAILED, AttemptState.DONE]


async def test_failed_approvals_never_lock_button(bot: Bot) -> None:
    receipt_id, item = await posted_return(bot, "VENDOR_WAREHOUSE_CONFIRM")
    faults = bot.env.sandbox.state.faults
    # Each of these leaves nothing in Coupang: rate limited, blocked, rejected in a 200.
    failures = [FaultKind.RATE_LIMIT, FaultKind.ACCESS_DENIED, FaultKind.ERROR_IN_200] * 3
    for clicks, kind in enumerate(failures, start=1):
        faults.add(FaultRule(kind, path_pattern="approval", method="PATCH"))
        await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
        await wait_for_ephemerals(bot, MANAGER, clicks)

    await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, MANAGER, len(failures) + 1)

    assert not any("이미 처리되었거나" in message.text for message in messages)
    assert "완료" in messages[-1].text
    state = bot.env.sandbox.state
    approvals = [call for call in state.calls if call.method == "PATCH" and "approval" in call.path]
    assert [call.fault for call in approvals] == [*failures, None]
    assert state.store.returns[receipt_id].receipt_status == "RETURNS_COMPLETED"
    attempts = await bot.attempts()
    states = [attempt.state for attempt in attempts]
    assert states == [AttemptState.FAILED] * len(failures) + [AttemptState.DONE]
