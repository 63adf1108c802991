"""Mark an item's Slack card as out of date, for changes that the state fingerprint omits."""

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.tables import Item


async def mark_card_outdated(session: AsyncSession, item_id: int) -> None:
    """Clear the posted fingerprint, so the next outbox UPDATE renders the card again.

    A claim or a bot reply changes what the card shows (assignee, who answered) without
    changing the item's state fingerprint; the caller commits.
    """
    await session.execute(update(Item).where(Item.id == item_id).values(posted_fingerprint=None))
