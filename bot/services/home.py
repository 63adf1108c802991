"""Data of the App Home tab: a user's claimed items, the nearest deadlines and weekly answers.

A manager also gets the team view: open items per assignee, answers this week per user, and
the counts of unclaimed and overdue open items. Weeks start on Monday 00:00 in `tz`.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from sqlalchemy import func, nulls_last, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import DataCipher, StoredItem, get_item
from bot.storage.tables import Item

MAX_ITEMS_PER_SECTION = 10


@dataclass(frozen=True)
class TeamSummary:
    """Manager view: open items per assignee, answers this week per user, and totals."""

    open_by_assignee: dict[str, int]
    answers_by_user: dict[str, int]
    unclaimed: int
    overdue: int


@dataclass(frozen=True)
class HomeData:
    """Contents of one user's Home tab. `team` is None unless the user is a manager."""

    user_id: str
    claimed: list[StoredItem]
    nearest: list[StoredItem]
    answered_this_week: list[StoredItem]
    answered_count: int
    week_start: datetime
    team: TeamSummary | None = None


def week_start(now: datetime, tz: tzinfo) -> datetime:
    """Return Monday 00:00 of the week of `now` in `tz`."""
    local = now.astimezone(tz)
    monday = local.date() - timedelta(days=local.weekday())
    return datetime(monday.year, monday.month, monday.day, tzinfo=tz)


async def load_home_data(
    session: AsyncSession,
    *,
    cipher: DataCipher,
    user_id: str,
    is_manager: bool,
    now: datetime,
    tz: tzinfo,
) -> HomeData:
    """Read the Home tab data of `user_id` from storage.

    NOTE: roles are not per route, so "nearest deadlines" lists open items of every route.
    """
    start = week_start(now, tz)
    open_items = (Item.closed_at.is_(None), Item.purged_at.is_(None))
    claimed_ids = await session.scalars(
        select(Item.id)
        .where(*open_items, Item.claimed_by == user_id)
        .order_by(nulls_last(Item.deadline_at.asc()), Item.id)
        .limit(MAX_ITEMS_PER_SECTION)
    )
    nearest_ids = await session.scalars(
        select(Item.id)
        .where(*open_items, Item.deadline_at.is_not(None), Item.slack_ts.is_not(None))
        .order_by(Item.deadline_at.asc(), Item.id)
        .limit(MAX_ITEMS_PER_SECTION)
    )
    answered_filter = (Item.answered_by == user_id, Item.answered_at >= start)
    answered_ids = await session.scalars(
        select(Item.id)
        .where(*answered_filter)
        .order_by(Item.answered_at.desc())
        .limit(MAX_ITEMS_PER_SECTION)
    )
    answered_count = await session.scalar(
        select(func.count()).select_from(Item).where(*answered_filter)
    )
    team = await _team_summary(session, now=now, start=start) if is_manager else None
    return HomeData(
        user_id=user_id,
        claimed=await _items(session, list(claimed_ids), cipher),
        nearest=await _items(session, list(nearest_ids), cipher),
        answered_this_week=await _items(session, list(answered_ids), cipher),
        answered_count=int(answered_count or 0),
        week_start=start,
        team=team,
    )


async def _items(session: AsyncSession, ids: list[int], cipher: DataCipher) -> list[StoredItem]:
    items = []
    for item_id in ids:
        item = await get_item(session, item_id, cipher=cipher)
        if item is not None:
            items.append(item)
    return items


async def _team_summary(session: AsyncSession, *, now: datetime, start: datetime) -> TeamSummary:
    open_rows = (
        await session.execute(
            select(Item.claimed_by, Item.deadline_at).where(
                Item.closed_at.is_(None), Item.purged_at.is_(None)
            )
        )
    ).all()
    open_by_assignee = Counter(row.claimed_by for row in open_rows if row.claimed_by)
    unclaimed = sum(1 for row in open_rows if row.claimed_by is None)
    overdue = sum(1 for row in open_rows if row.deadline_at is not None and row.deadline_at < now)
    answer_rows = await session.scalars(
        select(Item.answered_by).where(Item.answered_by.is_not(None), Item.answered_at >= start)
    )
    answers_by_user = Counter(user for user in answer_rows if user)
    return TeamSummary(
        open_by_assignee=dict(open_by_assignee.most_common()),
        answers_by_user=dict(answers_by_user.most_common()),
        unclaimed=unclaimed,
        overdue=overdue,
    )
