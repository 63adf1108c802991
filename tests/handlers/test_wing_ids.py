"""Which WING id signs a reply: the user's own, else the vendor's shared account, else none."""

import pytest

from bot.storage.tables import ItemKind
from handlers import ids
from tests.handlers.harness import (
    MANAGER,
    MANAGER_WING_ID,
    UNMASKER,
    Bot,
    wait_for,
    wait_for_ephemerals,
)


async def test_shared_account_signs_for_user_without_id(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_call_center_inquiry(needs_answer=True)
    await bot.post_items(ItemKind.CALL_CENTER_INQUIRY)
    item = await bot.item(ItemKind.CALL_CENTER_INQUIRY, inquiry.inquiry_id)
    shared = bot.env.sandbox.state.vendor().wing_user_ids[0]

    await bot.submit_reply(UNMASKER, item, "확인 후 연락드리겠습니다.", view_id="V0SHARED01")
    await wait_for_ephemerals(bot, UNMASKER, 1)

    vendor_replies = [reply for reply in inquiry.replies if reply.answer_type == "vendor"]
    assert [reply.receptionist for reply in vendor_replies] == [shared]
    records = await bot.access_records()
    assert [(r.slack_user_id, r.result) for r in records] == [(UNMASKER, "done")]


@pytest.mark.parametrize("shared_wing_user", [False])
async def test_no_wing_id_rejects_reply(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)

    await bot.click(UNMASKER, ids.ACTION_REPLY, item)
    await wait_for(lambda: bot.env.slack.calls("views.update"))
    await bot.submit_reply(UNMASKER, item, "내일 출고됩니다.", view_id="V0NOWING01")
    messages = await wait_for_ephemerals(bot, UNMASKER, 1)

    view = next(iter(bot.env.slack.surfaces.views.values())).payload
    assert "submit" not in view
    assert "[wing_users]" in str(view["blocks"])
    assert "[wing_users]" in messages[0].text
    assert inquiry.comments == []
    records = await bot.access_records()
    assert [r.result for r in records] == ["no_wing_id", "no_wing_id"]


@pytest.mark.parametrize("shared_wing_user", [False])
async def test_own_wing_id_needs_no_shared_account(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_call_center_inquiry(needs_answer=True)
    await bot.post_items(ItemKind.CALL_CENTER_INQUIRY)
    item = await bot.item(ItemKind.CALL_CENTER_INQUIRY, inquiry.inquiry_id)

    await bot.submit_reply(MANAGER, item, "확인했습니다.", view_id="V0OWNWING1")
    await wait_for_ephemerals(bot, MANAGER, 1)

    vendor_replies = [reply for reply in inquiry.replies if reply.answer_type == "vendor"]
    assert [reply.receptionist for reply in vendor_replies] == [MANAGER_WING_ID]
