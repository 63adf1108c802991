"""Access records can be appended and exported, but the database rejects changes to them."""

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import AccessEntry, append_access_record, export_access_records
from tests.storage.conftest import NOW


def _entry(minutes: int, action: str = "view_unmasked") -> AccessEntry:
    return AccessEntry(
        occurred_at=NOW + timedelta(minutes=minutes),
        slack_user_id="U0MANAGER",
        slack_team_id="T0TEAM",
        vendor_id="A00012345",
        item_kind="online_inquiry",
        coupang_id=9_000_000_001,
        action=action,
        result="ok",
        reference_id=f"ref-{minutes}",
    )


async def _append_three(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        for minutes in (0, 10, 20):
            await append_access_record(session, _entry(minutes))


async def test_export_filters_by_time(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _append_three(sessions)
    async with sessions() as session:
        since = NOW + timedelta(minutes=5)
        until = NOW + timedelta(minutes=20)
        records = [r async for r in export_access_records(session, since=since, until=until)]
        open_ended = [r async for r in export_access_records(session, since=since)]

    assert [record.entry for record in records] == [_entry(10)]
    assert [record.entry.reference_id for record in open_ended] == ["ref-10", "ref-20"]
    assert records[0].entry.occurred_at.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_records SET result = 'edited'",
        "DELETE FROM access_records",
    ],
)
async def test_changes_rejected_by_database(
    sessions: async_sessionmaker[AsyncSession], statement: str
) -> None:
    await _append_three(sessions)

    with pytest.raises(DBAPIError, match="append-only"):
        async with sessions.begin() as session:
            await session.execute(text(statement))

    async with sessions() as session:
        records = [r async for r in export_access_records(session, since=NOW)]
    assert len(records) == 3
    assert {record.entry.result for record in records} == {"ok"}


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
async def test_truncate_rejected(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _append_three(sessions)
    with pytest.raises(DBAPIError, match="append-only"):
        async with sessions.begin() as session:
            await session.execute(text("TRUNCATE access_records"))
