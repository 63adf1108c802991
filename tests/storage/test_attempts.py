"""Each Coupang write is guarded by one action attempt per key, even under concurrency."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import (
    AttemptStart,
    AttemptState,
    DataCipher,
    attempt_key,
    finish_attempt,
    get_attempt,
    list_unfinished_attempts,
    record_attempt,
)
from tests.storage.conftest import NOW
from tests.storage.helpers import store_item


async def _record(
    sessions: async_sessionmaker[AsyncSession],
    item_id: int,
    *,
    user_id: str = "U0AGENT1",
    view_id: str | None = None,
) -> AttemptStart:
    async with sessions.begin() as session:
        return await record_attempt(
            session,
            item_id=item_id,
            action="reply",
            user_id=user_id,
            team_id="T0TEAM",
            now=NOW,
            view_id=view_id,
        )


def test_attempt_key_includes_view() -> None:
    assert attempt_key(7, "approve") == "7:approve"
    assert attempt_key(7, "reply", "V0VIEW") == "7:reply:V0VIEW"


async def test_racing_tasks_one_wins(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)

    starts = await asyncio.gather(
        *(_record(sessions, item_id, user_id=f"U0AGENT{n}", view_id="V0SAME") for n in range(4))
    )

    winners = [start for start in starts if start.won]
    assert len(winners) == 1
    assert {start.attempt.id for start in starts} == {winners[0].attempt.id}
    assert all(start.attempt.user_id == winners[0].attempt.user_id for start in starts)


async def test_other_view_is_new_attempt(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    first = await _record(sessions, item_id, view_id="V0FIRST")
    second = await _record(sessions, item_id, view_id="V0SECOND")
    assert first.won
    assert second.won
    assert first.attempt.attempt_key != second.attempt.attempt_key


async def test_finish_is_final(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    start = await _record(sessions, item_id, view_id="V0ONE")
    key = start.attempt.attempt_key
    async with sessions.begin() as session:
        unknown = await finish_attempt(session, key, state=AttemptState.UNKNOWN, now=NOW)
        done = await finish_attempt(
            session, key, state=AttemptState.DONE, now=NOW, coupang_code="200"
        )
        again = await finish_attempt(session, key, state=AttemptState.FAILED, now=NOW)
        stored = await get_attempt(session, key)
    retry = await _record(sessions, item_id, view_id="V0ONE")

    assert unknown
    assert done
    assert not again
    assert stored is not None
    assert stored.state is AttemptState.DONE
    assert stored.coupang_code == "200"
    assert not retry.won
    assert retry.attempt.state is AttemptState.DONE


async def test_cannot_return_to_started(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    start = await _record(sessions, item_id)
    async with sessions.begin() as session:
        with pytest.raises(ValueError, match="back to started"):
            await finish_attempt(
                session, start.attempt.attempt_key, state=AttemptState.STARTED, now=NOW
            )


async def test_unfinished_attempts_listed_for_reconciliation(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    crashed = await _record(sessions, item_id, view_id="V0CRASH")
    unknown = await _record(sessions, item_id, view_id="V0UNKNOWN")
    finished = await _record(sessions, item_id, view_id="V0DONE")
    async with sessions.begin() as session:
        key = finished.attempt.attempt_key
        await finish_attempt(session, key, state=AttemptState.DONE, now=NOW)
        key = unknown.attempt.attempt_key
        await finish_attempt(session, key, state=AttemptState.UNKNOWN, now=NOW)

    async with sessions() as session:
        too_recent = await list_unfinished_attempts(session, started_before=NOW)
        stale = await list_unfinished_attempts(session, started_before=NOW + timedelta(minutes=1))

    assert too_recent == []
    assert [attempt.id for attempt in stale] == [crashed.attempt.id, unknown.attempt.id]
