"""A reply whose write ended unknown is not sent again from a new modal within two minutes.

A write that failed with a 5xx or timed out may still show up in Coupang, so for two
minutes the bot rejects further attempts with "not sent again". Reply attempts are keyed
by the modal's view id, and Slack closes a modal once its submission is accepted, so the
user's next try is a new modal with a new view id. That submission was sent at once.
"""

from bot.storage.tables import ItemKind
from coupang.sandbox import FaultKind, FaultRule
from tests.handlers.harness import AGENT, Bot, wait_for_ephemerals

REPLY = "안녕하세요. 내일 출고됩니다."


def reply_posts(bot: Bot) -> list[int]:
    """Return the status of every reply write the sandbox received."""
    return [
        call.status
        for call in bot.env.sandbox.state.calls
        if call.method == "POST" and call.path.endswith("/replies")
    ]


async def test_new_modal_does_not_resend_unknown_reply(bot: Bot) -> None:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)
    bot.env.sandbox.state.faults.add(
        FaultRule(kind=FaultKind.SERVER_ERROR, path_pattern="/replies", method="POST")
    )
    await bot.submit_reply(AGENT, item, REPLY, view_id="V0FIRSTMODAL")
    await wait_for_ephemerals(bot, AGENT, 1)

    await bot.submit_reply(AGENT, item, REPLY, view_id="V0SECONDMODAL")
    messages = await wait_for_ephemerals(bot, AGENT, 2)

    assert reply_posts(bot) == [500]
    assert "다시 보내지 않았습니다" in messages[1].text
