"""A button whose Coupang write keeps failing stays usable once Coupang recovers.

Each failed attempt (a 429, a 403 block page, a rejected write) left nothing in Coupang,
and the ephemeral message asks the user to try again later. After five such failures
every further click was reported as "already handled or in progress" and nothing was
sent, so the return could no longer be approved from Slack although Coupang never
received the approval.
"""

from bot.storage.tables import ItemKind
from coupang.sandbox import FaultKind, FaultRule
from handlers import ids
from tests.handlers.harness import MANAGER, Bot, wait_for_ephemerals

FAILED_CLICKS = 5


def approval_calls(bot: Bot) -> list[int]:
    """Return the status of every approval write the sandbox received."""
    return [
        call.status
        for call in bot.env.sandbox.state.calls
        if call.method == "PATCH" and call.path.endswith("/approval")
    ]


async def test_approve_works_after_five_rate_limited_clicks(bot: Bot) -> None:
    receipt = bot.env.sandbox.state.add_return(status="VENDOR_WAREHOUSE_CONFIRM")
    await bot.post_items(ItemKind.RETURN_REQUEST)
    item = await bot.item(ItemKind.RETURN_REQUEST, receipt.receipt_id)
    bot.env.sandbox.state.faults.add(
        FaultRule(FaultKind.RATE_LIMIT, path_pattern="approval", count=FAILED_CLICKS)
    )
    for clicks in range(1, FAILED_CLICKS + 1):
        await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
        await wait_for_ephemerals(bot, MANAGER, clicks)

    await bot.click(MANAGER, ids.ACTION_APPROVE_RETURN, item)
    messages = await wait_for_ephemerals(bot, MANAGER, FAILED_CLICKS + 1)

    assert approval_calls(bot) == [429] * FAILED_CLICKS + [200]
    assert bot.env.sandbox.state.store.returns[receipt.receipt_id].receipt_status == (
        "RETURNS_COMPLETED"
    )
    assert "완료" in messages[-1].text
