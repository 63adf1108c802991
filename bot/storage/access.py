"""Access records (접속기록): who viewed unmasked data, replied or approved, and when.

The application only appends. Database triggers reject UPDATE and DELETE (and TRUNCATE on
PostgreSQL), so past records cannot be changed through the bot's own connection.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.tables import AccessRecord

SYSTEM_USER = "cs-bot"
EXPORT_BATCH_SIZE = 500


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One access record. `slack_user_id` is SYSTEM_USER for the bot's own jobs."""

    occurred_at: datetime
    slack_user_id: str
    action: str
    result: str
    slack_team_id: str | None = None
    vendor_id: str | None = None
    item_kind: str | None = None
    coupang_id: int | None = None
    reference_id: str | None = None
    affected_rows: int | None = None


@dataclass(frozen=True, slots=True)
class StoredAccessRecord:
    id: int
    entry: AccessEntry


async def append_access_record(session: AsyncSession, entry: AccessEntry) -> int:
    """Append a record and return its row id. The caller commits."""
    result = await session.execute(
        insert(AccessRecord).values(**_values_of(entry)).returning(AccessRecord.id)
    )
    return result.scalar_one()


async def export_access_records(
    session: AsyncSession, *, since: datetime, until: datetime | None = None
) -> AsyncIterator[StoredAccessRecord]:
    """Yield records with `since <= occurred_at < until` in time order, in batches."""
    query = select(AccessRecord).where(AccessRecord.occurred_at >= since)
    if until is not None:
        query = query.where(AccessRecord.occurred_at < until)
    query = query.order_by(AccessRecord.occurred_at, AccessRecord.id)
    rows = await session.stream_scalars(query.execution_options(yield_per=EXPORT_BATCH_SIZE))
    async for row in rows:
        yield StoredAccessRecord(id=row.id, entry=_entry_of(row))


def _values_of(entry: AccessEntry) -> dict[str, object]:
    return {
        "occurred_at": entry.occurred_at,
        "slack_user_id": entry.slack_user_id,
        "slack_team_id": entry.slack_team_id,
        "vendor_id": entry.vendor_id,
        "item_kind": entry.item_kind,
        "coupang_id": entry.coupang_id,
        "action": entry.action,
        "result": entry.result,
        "reference_id": entry.reference_id,
        "affected_rows": entry.affected_rows,
    }


def _entry_of(row: AccessRecord) -> AccessEntry:
    return AccessEntry(
        occurred_at=row.occurred_at,
        slack_user_id=row.slack_user_id,
        action=row.action,
        result=row.result,
        slack_team_id=row.slack_team_id,
        vendor_id=row.vendor_id,
        item_kind=row.item_kind,
        coupang_id=row.coupang_id,
        reference_id=row.reference_id,
        affected_rows=row.affected_rows,
    )
