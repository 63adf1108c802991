"""A reply reaches the customer without control characters other than line breaks.

The reply text from the modal or `/cs reply` was trimmed and length-checked only, so NUL,
BEL, ESC and similar characters were sent to Coupang as part of the seller's reply.
Either removing them or rejecting the text under the field keeps them out.
"""

import pytest

from bot.storage.tables import ItemKind
from tests.handlers.harness import AGENT, Bot, wait_for_ephemerals

ALLOWED_CONTROLS = {"\n"}


def control_characters(text: str) -> set[str]:
    return {char for char in text if ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0} - (
        ALLOWED_CONTROLS
    )


@pytest.mark.parametrize(
    "reply",
    [
        "\x00안녕하세요, 내일 출고됩니다.",
        "안녕하세요\x07 내일 출고됩니다 🙂",
        "\x1b[31m안녕하세요\x1b[0m",
    ],
    ids=["nul", "bel", "ansi-escape"],
)
async def test_modal_reply_sends_no_control_characters(bot: Bot, reply: str) -> None:
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)

    response = await bot.submit_reply(AGENT, item, reply, view_id="V0CONTROL01")
    # A rejection shows under the field and sends nothing, so only an accepted reply is awaited.
    if (response.json() or {}).get("response_action") != "errors":
        await wait_for_ephemerals(bot, AGENT, 1)

    comments = bot.env.sandbox.state.store.product_inquiries[inquiry.inquiry_id].comments
    for comment in comments:
        assert control_characters(comment.content) == set()
