"""Every one-click Coupang write under the same cases: refusals, repeats, errors, handled items.

Each row names a card button, how the sandbox creates an item it applies to, who may click
it, how the item gets handled outside Slack, and the Coupang path its write uses.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from bot.local_env import LocalEnvironment
from bot.settings import Settings
from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from coupang.sandbox import FaultKind, FaultRule, SandboxState
from handlers import ids
from tests.handlers.harness import (
    AGENT,
    MANAGER,
    NOBODY,
    OTHER_TEAM,
    OUTSIDER,
    Bot,
    run_bot,
    wait_for_ephemerals,
)


@dataclass(frozen=True)
class Case:
    action_id: str
    kind: ItemKind
    create: Callable[[SandboxState], int]
    user: str
    handle_elsewhere: Callable[[SandboxState, int], None]
    write_path: str


def _set_return_status(status: str) -> Callable[[SandboxState, int], None]:
    def apply(state: SandboxState, receipt_id: int) -> None:
        state.store.returns[receipt_id].receipt_status = status

    return apply


def _cancel_exchange(state: SandboxState, exchange_id: int) -> None:
    state.store.exchanges[exchange_id].exchange_status = "CANCEL"


CASES = [
    Case(
        ids.ACTION_CONFIRM_TRANSFER,
        ItemKind.CALL_CENTER_INQUIRY,
        lambda s: s.add_call_center_inquiry(needs_answer=False).inquiry_id,
        AGENT,
        lambda s, inquiry_id: s.close_call_center_inquiry(inquiry_id) and None,
        "/confirms",
    ),
    Case(
        ids.ACTION_CONFIRM_RETURN_RECEIPT,
        ItemKind.RETURN_REQUEST,
        lambda s: s.add_return(status="RETURNS_UNCHECKED").receipt_id,
        AGENT,
        lambda s, receipt_id: s.withdraw_return(receipt_id) and None,
        "/receiveConfirmation",
    ),
    Case(
        ids.ACTION_APPROVE_RETURN,
        ItemKind.RETURN_REQUEST,
        lambda s: s.add_return(status="VENDOR_WAREHOUSE_CONFIRM").receipt_id,
        MANAGER,
        _set_return_status("RETURNS_COMPLETED"),
        "/approval",
    ),
    Case(
        ids.ACTION_RELEASE_STOPPED,
        ItemKind.RETURN_REQUEST,
        lambda s: s.add_return(status="RELEASE_STOP_UNCHECKED").receipt_id,
        AGENT,
        _set_return_status("RETURNS_UNCHECKED"),
        "/stoppedShipment",
    ),
    Case(
        ids.ACTION_CONFIRM_EXCHANGE_RECEIPT,
        ItemKind.EXCHANGE_REQUEST,
        lambda s: s.add_exchange(status="RECEIPT").exchange_id,
        AGENT,
        _cancel_exchange,
        "/receiveConfirmation",
    ),
]
CASE_IDS = [case.action_id for case in CASES]


def successful_writes(env: LocalEnvironment, case: Case) -> int:
    return sum(
        1
        for call in env.sandbox.state.calls
        if call.method != "GET" and call.path.endswith(case.write_path) and call.status < 300
    )


async def posted(bot: Bot, case: Case) -> tuple[int, StoredItem]:
    coupang_id = case.create(bot.env.sandbox.state)
    await bot.post_items(case.kind)
    return coupang_id, await bot.item(case.kind, coupang_id)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
async def test_refusals_write_nothing(bot: Bot, case: Case) -> None:
    _, item = await posted(bot, case)

    await bot.click(NOBODY, case.action_id, item)
    await bot.click(OUTSIDER, case.action_id, item, team_id=OTHER_TEAM)
    no_role = await wait_for_ephemerals(bot, NOBODY, 1)
    guest = await wait_for_ephemerals(bot, OUTSIDER, 1)

    assert "권한이 없습니다" in no_role[0].text
    assert "다른 워크스페이스" in guest[0].text
    assert successful_writes(bot.env, case) == 0
    records = await bot.access_records()
    assert sorted(r.result for r in records) == ["rejected_role", "rejected_team"]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
async def test_repeats_write_once(
    bot: Bot, env: LocalEnvironment, settings: Settings, case: Case
) -> None:
    _, item = await posted(bot, case)

    async with run_bot(env, settings) as replica:
        await asyncio.gather(
            bot.click(case.user, case.action_id, item),
            bot.click(case.user, case.action_id, item, socket_mode=True),
            replica.click(case.user, case.action_id, item),
        )
        messages = await wait_for_ephemerals(bot, case.user, 3)

    assert successful_writes(env, case) == 1
    assert sum("완료했습니다" in message.text for message in messages) == 1
    assert sum("다시 보내지 않았습니다" in message.text for message in messages) == 2


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
async def test_coupang_error_is_reported(bot: Bot, case: Case) -> None:
    _, item = await posted(bot, case)
    bot.env.sandbox.state.faults.add(
        FaultRule(kind=FaultKind.SERVER_ERROR, method="GET", status=503)
    )

    await bot.click(case.user, case.action_id, item)
    messages = await wait_for_ephemerals(bot, case.user, 1)

    assert "쿠팡 호출이 실패했습니다" in messages[0].text
    assert "참조 ID" in messages[0].text
    assert successful_writes(bot.env, case) == 0
    records = await bot.access_records()
    assert [r.result for r in records] == ["coupang_failed"]


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
async def test_handled_elsewhere_is_reported(bot: Bot, case: Case) -> None:
    coupang_id, item = await posted(bot, case)
    case.handle_elsewhere(bot.env.sandbox.state, coupang_id)

    await bot.click(case.user, case.action_id, item)
    messages = await wait_for_ephemerals(bot, case.user, 1)
    await bot.deps.outbox.drain()

    assert "이미 처리" in messages[0].text
    assert successful_writes(bot.env, case) == 0
    stored = await bot.item(case.kind, coupang_id)
    assert stored.status != item.status
