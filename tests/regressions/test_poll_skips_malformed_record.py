"""One malformed record in a Coupang list response does not hold back the others.

The whole page was validated at once, so a single record with a field of the wrong type
failed the poll, and no item of that kind was posted while the record stayed within the
lookback window (48 hours by default).
"""

from bot.storage.tables import ItemKind
from tests.handlers.harness import Bot


async def test_valid_inquiry_posted_beside_malformed_one(bot: Bot) -> None:
    state = bot.env.sandbox.state
    valid = state.add_product_inquiry()
    malformed = state.add_product_inquiry()
    # Coupang's orderIds are integers; a string makes the record invalid.
    malformed.order_ids = ["not-an-order-id"]  # type: ignore[list-item]

    await bot.post_items(ItemKind.ONLINE_INQUIRY)

    messages = bot.env.slack.messages(bot.env.channel_ids["inquiries"])
    assert len(messages) == 1
    assert str(valid.inquiry_id) in str(messages[0].blocks)
