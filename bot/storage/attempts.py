"""Action attempts: the guard that makes each Coupang write happen at most once per key.

The caller records the attempt and commits before calling Coupang. Only the caller that
inserted the key (`AttemptStart.won`) may make the call, and every later caller gets the existing
attempt. After a crash, attempts still `started` are reconciled by reading Coupang back.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.dialect import insert_for
from bot.storage.tables import ActionAttempt, AttemptState

FINAL_STATES = (AttemptState.DONE, AttemptState.FAILED)


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    id: int
    attempt_key: str
    item_id: int
    action: str
    view_id: str | None
    user_id: str
    team_id: str
    state: AttemptState
    coupang_code: str | None
    started_at: datetime
    finished_at: datetime | None


@dataclass(frozen=True, slots=True)
class AttemptStart:
    """Result of `record_attempt`. Only when `won` is true may the caller write to Coupang."""

    won: bool
    attempt: AttemptRecord


def attempt_key(item_id: int, action: str, view_id: str | None = None) -> str:
    """Build the unique key of an action on an item. Replies also include the submitted view id."""
    key = f"{item_id}:{action}"
    return key if view_id is None else f"{key}:{view_id}"


async def record_attempt(
    session: AsyncSession,
    *,
    item_id: int,
    action: str,
    user_id: str,
    team_id: str,
    now: datetime,
    view_id: str | None = None,
    key: str | None = None,
) -> AttemptStart:
    """Insert the attempt as started unless its key exists. The caller commits.

    `key` defaults to `attempt_key(item_id, action, view_id)`. Two transactions racing on
    one key both succeed, but only one gets `won=True`. On PostgreSQL the loser's insert
    waits for the winner's commit.
    """
    key = key or attempt_key(item_id, action, view_id)
    values = {
        "attempt_key": key,
        "item_id": item_id,
        "action": action,
        "view_id": view_id,
        "user_id": user_id,
        "team_id": team_id,
        "state": AttemptState.STARTED,
        "started_at": now,
    }
    inserted = await session.execute(
        insert_for(session, ActionAttempt)
        .values(values)
        .on_conflict_do_nothing(index_elements=["attempt_key"])
        .returning(ActionAttempt.id)
    )
    won = inserted.scalar() is not None
    attempt = await get_attempt(session, key)
    if attempt is None:
        raise LookupError(f"action attempt {key} vanished after insert")
    return AttemptStart(won=won, attempt=attempt)


async def get_attempt(session: AsyncSession, key: str) -> AttemptRecord | None:
    """Return the attempt with this key, or None."""
    query = select(ActionAttempt).where(ActionAttempt.attempt_key == key)
    row = await session.scalar(query.execution_options(populate_existing=True))
    return None if row is None else _to_record(row)


async def list_attempts(session: AsyncSession, *, item_id: int, action: str) -> list[AttemptRecord]:
    """Return every attempt of `action` on the item, oldest first."""
    rows = await session.scalars(
        select(ActionAttempt)
        .where(ActionAttempt.item_id == item_id, ActionAttempt.action == action)
        .order_by(ActionAttempt.id)
        .execution_options(populate_existing=True)
    )
    return [_to_record(row) for row in rows]


async def finish_attempt(
    session: AsyncSession,
    key: str,
    *,
    state: AttemptState,
    now: datetime,
    coupang_code: str | None = None,
) -> bool:
    """Move a started or unknown attempt to `state`. Returns False if it was already final."""
    if state is AttemptState.STARTED:
        raise ValueError("an attempt cannot be moved back to started")
    result = await session.execute(
        update(ActionAttempt)
        .where(ActionAttempt.attempt_key == key, ActionAttempt.state.not_in(FINAL_STATES))
        .values(state=state, coupang_code=coupang_code, finished_at=now)
        .returning(ActionAttempt.id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None


async def list_unfinished_attempts(
    session: AsyncSession, *, started_before: datetime
) -> list[AttemptRecord]:
    """Return attempts still started or unknown that began before `started_before`."""
    rows = await session.scalars(
        select(ActionAttempt)
        .where(
            ActionAttempt.state.not_in(FINAL_STATES),
            ActionAttempt.started_at < started_before,
        )
        .order_by(ActionAttempt.id)
    )
    return [_to_record(row) for row in rows]


def _to_record(row: ActionAttempt) -> AttemptRecord:
    return AttemptRecord(
        id=row.id,
        attempt_key=row.attempt_key,
        item_id=row.item_id,
        action=row.action,
        view_id=row.view_id,
        user_id=row.user_id,
        team_id=row.team_id,
        state=AttemptState(row.state),
        coupang_code=row.coupang_code,
        started_at=row.started_at,
        finished_at=row.finished_at,
    )
