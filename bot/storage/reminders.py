"""Sent SLA reminder points per item, with a unique key so that a point is recorded once."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.dialect import insert_for
from bot.storage.tables import SlaReminder


async def sent_reminder_keys(session: AsyncSession, item_id: int) -> set[str]:
    """Return the reminder keys already recorded for the item."""
    query = select(SlaReminder.reminder_key).where(SlaReminder.item_id == item_id)
    return set(await session.scalars(query))


async def record_reminder(session: AsyncSession, item_id: int, key: str, *, now: datetime) -> bool:
    """Record a reminder point. Returns False if it was recorded before, by any process.

    The caller appends the reminder's outbox entry in the same transaction and commits.
    """
    statement = (
        insert_for(session, SlaReminder)
        .values(item_id=item_id, reminder_key=key, sent_at=now)
        .on_conflict_do_nothing(index_elements=["item_id", "reminder_key"])
        .returning(SlaReminder.id)
    )
    return (await session.execute(statement)).scalar() is not None
