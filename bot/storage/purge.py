"""Scheduled destruction of stored personal data after the retention period."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.access import SYSTEM_USER, AccessEntry, append_access_record
from bot.storage.outbox import delete_outbox_before
from bot.storage.tables import Item

log = logging.getLogger(__name__)

PURGE_ITEMS_ACTION = "purge_items"
PURGE_OUTBOX_ACTION = "purge_outbox"


@dataclass(frozen=True, slots=True)
class PurgeResult:
    cutoff: datetime
    items_purged: int
    outbox_deleted: int


async def purge_expired(
    session: AsyncSession, *, now: datetime, retention: timedelta
) -> PurgeResult:
    """Destroy data older than `retention` and record the purge. The caller commits.

    An item expires `retention` after Coupang closed it, or after its last stored change if it
    never closed. Its encrypted display data is set to NULL, while ids, statuses and Slack
    references stay. Outbox entries created before the cutoff are deleted unless they are in flight.
    NOTE: rows are overwritten, but the database may keep old pages until SQLite's VACUUM or
    PostgreSQL's VACUUM reuses them. The data there is still encrypted.
    """
    cutoff = now - retention
    purged = await session.execute(
        update(Item)
        .where(Item.purged_at.is_(None))
        .where(func.coalesce(Item.closed_at, Item.updated_at) < cutoff)
        .values(display_ciphertext=None, purged_at=now)
        .returning(Item.id)
        .execution_options(synchronize_session=False)
    )
    items_purged = len(purged.all())
    outbox_deleted = await delete_outbox_before(session, cutoff)

    for action, count in (
        (PURGE_ITEMS_ACTION, items_purged),
        (PURGE_OUTBOX_ACTION, outbox_deleted),
    ):
        entry = AccessEntry(
            occurred_at=now,
            slack_user_id=SYSTEM_USER,
            action=action,
            result="ok",
            affected_rows=count,
        )
        await append_access_record(session, entry)
    log.info(
        "Purged %d items and %d outbox entries older than %s", items_purged, outbox_deleted, cutoff
    )
    return PurgeResult(cutoff=cutoff, items_purged=items_purged, outbox_deleted=outbox_deleted)
