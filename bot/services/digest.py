"""Daily digest figures per Slack channel, computed from plain item records.

All days are Korea-time calendar days (Asia/Seoul). The digest reports on "yesterday", the
Korea day before `now`, and on the 30 and 14 Korea days that end with it.

Definitions:

- An item is *answered within 24 h* when its first answer came at most 24 hours after it was
  created and no later than `now`. This is the measure Coupang scores sellers on.
- The answer rate of a period counts the inquiries created in that period. An unanswered
  inquiry whose 24 hours have not yet passed is *pending*: it counts in neither the numerator
  nor the denominator, because its outcome is not known yet.
- Percentiles use the nearest-rank method. The p-th percentile of n sorted values is the value
  at 1-based rank ceil(p × n / 100), so it is always an observed value. The median is the 50th
  percentile by the same rule, so for an even count it is the lower of the two middle values.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.services.business_time import require_aware
from bot.storage.tables import ItemKind

KOREA = ZoneInfo("Asia/Seoul")
ANSWER_WINDOW = timedelta(hours=24)
ANSWERABLE_KINDS = (ItemKind.ONLINE_INQUIRY, ItemKind.CALL_CENTER_INQUIRY)
BACKLOG_KINDS = (ItemKind.RETURN_REQUEST, ItemKind.EXCHANGE_REQUEST)
RATE_PERIOD_DAYS = 30
SERIES_DAYS = 14
TOP_PRODUCTS = 5


class AgeBucket(enum.StrEnum):
    """Age range of an open return or exchange, measured from its creation."""

    UNDER_1_DAY = "under_1_day"
    DAYS_1_TO_3 = "days_1_to_3"
    DAYS_3_TO_7 = "days_3_to_7"
    OVER_7_DAYS = "over_7_days"


@dataclass(frozen=True, slots=True)
class DigestItem:
    """Digest record of one Coupang work item.

    `created_at` is when the item's clock started (`inquiryAt`, the agent's `replyAt`, or the
    return or exchange `createdAt`). `answered_by` is a Slack user id or a WING user id.
    `status` is Coupang's status code, such as `RETURNS_UNCHECKED` or `RECEIPT`.
    `is_overdue` is the caller's SLA verdict at the time the digest is computed.
    """

    kind: ItemKind
    coupang_id: str
    created_at: datetime
    route_channel: str
    status: str
    first_answered_at: datetime | None = None
    answered_by: str | None = None
    closed_at: datetime | None = None
    is_overdue: bool = False
    product_name: str | None = None

    def __post_init__(self) -> None:
        require_aware("created_at", self.created_at)
        if self.first_answered_at is not None:
            require_aware("first_answered_at", self.first_answered_at)
        if self.closed_at is not None:
            require_aware("closed_at", self.closed_at)


@dataclass(frozen=True, slots=True)
class AnswerRate:
    """Count of inquiries answered within 24 h out of those whose outcome is known."""

    met: int
    decided: int
    pending: int

    @property
    def share(self) -> float | None:
        """Return met / decided, or None when no inquiry is decided yet."""
        return self.met / self.decided if self.decided else None


@dataclass(frozen=True, slots=True)
class ResponseTimes:
    """Median and 90th-percentile first-response time, by the nearest-rank method."""

    count: int
    median: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True, slots=True)
class DailyPoint:
    """New inquiries of one Korea day and how many of them were answered within 24 h."""

    day: date
    new: int
    answered_within_24h: int


@dataclass(frozen=True, slots=True)
class DigestFigures:
    """All figures of one channel's digest for the Korea day `day`.

    `backlog` maps kind → status → age bucket → count of open returns and exchanges.
    `top_products` and `answers_by_agent` are (name or id, count) pairs, largest first.
    """

    channel: str
    day: date
    new_by_kind: Mapping[ItemKind, int]
    answered_by_kind: Mapping[ItemKind, int]
    answer_rate_day: Mapping[ItemKind, AnswerRate]
    answer_rate_30_days: Mapping[ItemKind, AnswerRate]
    response_times: ResponseTimes
    overdue_by_kind: Mapping[ItemKind, int]
    backlog: Mapping[ItemKind, Mapping[str, Mapping[AgeBucket, int]]]
    top_products: Sequence[tuple[str, int]]
    answers_by_agent: Sequence[tuple[str, int]]
    series: Sequence[DailyPoint]


def korea_day(moment: datetime) -> date:
    """Return the Korea-time calendar day of an aware datetime."""
    require_aware("moment", moment)
    return moment.astimezone(KOREA).date()


def nearest_rank_percentile(values: Sequence[timedelta], percent: int) -> timedelta | None:
    """Return the `percent`-th percentile of `values` by nearest rank, or None if empty."""
    if not 0 < percent <= 100:
        raise ValueError(f"percent must be between 1 and 100, got {percent}")
    if not values:
        return None
    ordered = sorted(values)
    rank = -(-percent * len(ordered) // 100)  # ceil(percent × n / 100) in integers
    return ordered[rank - 1]


def compute_digests(
    items: Iterable[DigestItem],
    now: datetime,
    *,
    channels: Iterable[str] = (),
    top_products: int = TOP_PRODUCTS,
) -> dict[str, DigestFigures]:
    """Compute the digest of each channel that routes at least one item or is in `channels`.

    Listing a channel in `channels` gives it a digest of zeros when it has no items.
    """
    require_aware("now", now)
    by_channel: dict[str, list[DigestItem]] = {channel: [] for channel in channels}
    for item in items:
        by_channel.setdefault(item.route_channel, []).append(item)
    return {
        channel: compute_figures(channel_items, now, channel=channel, top_products=top_products)
        for channel, channel_items in by_channel.items()
    }


def compute_figures(
    items: Sequence[DigestItem], now: datetime, *, channel: str, top_products: int = TOP_PRODUCTS
) -> DigestFigures:
    """Compute one channel's digest figures for the Korea day before `now`."""
    require_aware("now", now)
    day = korea_day(now) - timedelta(days=1)
    rate_start = day - timedelta(days=RATE_PERIOD_DAYS - 1)

    created_on_day = [item for item in items if korea_day(item.created_at) == day]
    answered_on_day = [item for item in items if _answer_day(item, now) == day]
    open_items = [item for item in items if item.closed_at is None or item.closed_at > now]

    return DigestFigures(
        channel=channel,
        day=day,
        new_by_kind=_count_by_kind(created_on_day),
        answered_by_kind=_count_by_kind(answered_on_day),
        answer_rate_day={
            kind: _answer_rate(items, kind, day, day, now) for kind in ANSWERABLE_KINDS
        },
        answer_rate_30_days={
            kind: _answer_rate(items, kind, rate_start, day, now) for kind in ANSWERABLE_KINDS
        },
        response_times=_response_times(answered_on_day),
        overdue_by_kind=_count_by_kind(item for item in open_items if item.is_overdue),
        backlog=_backlog(open_items, now),
        top_products=_top_products(items, rate_start, day, top_products),
        answers_by_agent=_answers_by_agent(answered_on_day),
        series=_series(items, day, now),
    )


def age_bucket(age: timedelta) -> AgeBucket:
    """Return the bucket of an age: under 1 day, 1–3 days, 3–7 days or 7 days and more."""
    if age < timedelta(days=1):
        return AgeBucket.UNDER_1_DAY
    if age < timedelta(days=3):
        return AgeBucket.DAYS_1_TO_3
    if age < timedelta(days=7):
        return AgeBucket.DAYS_3_TO_7
    return AgeBucket.OVER_7_DAYS


def _answer_day(item: DigestItem, now: datetime) -> date | None:
    if item.first_answered_at is None or item.first_answered_at > now:
        return None
    return korea_day(item.first_answered_at)


def _answered_in_time(item: DigestItem, now: datetime) -> bool:
    answered_at = item.first_answered_at
    if answered_at is None or answered_at > now:
        return False
    return answered_at - item.created_at <= ANSWER_WINDOW


def _count_by_kind(items: Iterable[DigestItem]) -> dict[ItemKind, int]:
    counts = Counter(item.kind for item in items)
    return {kind: counts[kind] for kind in ItemKind}


def _answer_rate(
    items: Iterable[DigestItem], kind: ItemKind, first: date, last: date, now: datetime
) -> AnswerRate:
    met = decided = pending = 0
    for item in items:
        if item.kind is not kind or not first <= korea_day(item.created_at) <= last:
            continue
        if _answered_in_time(item, now):
            met += 1
            decided += 1
        elif now - item.created_at > ANSWER_WINDOW:
            decided += 1
        else:
            pending += 1
    return AnswerRate(met=met, decided=decided, pending=pending)


def _response_times(answered: Iterable[DigestItem]) -> ResponseTimes:
    durations = [
        item.first_answered_at - item.created_at
        for item in answered
        if item.kind in ANSWERABLE_KINDS and item.first_answered_at is not None
    ]
    return ResponseTimes(
        count=len(durations),
        median=nearest_rank_percentile(durations, 50),
        p90=nearest_rank_percentile(durations, 90),
    )


def _backlog(
    open_items: Iterable[DigestItem], now: datetime
) -> dict[ItemKind, dict[str, dict[AgeBucket, int]]]:
    backlog: dict[ItemKind, dict[str, dict[AgeBucket, int]]] = {k: {} for k in BACKLOG_KINDS}
    for item in open_items:
        if item.kind not in BACKLOG_KINDS:
            continue
        buckets = backlog[item.kind].setdefault(item.status, dict.fromkeys(AgeBucket, 0))
        buckets[age_bucket(now - item.created_at)] += 1
    return backlog


def _top_products(
    items: Iterable[DigestItem], first: date, last: date, limit: int
) -> list[tuple[str, int]]:
    counts = Counter(
        item.product_name
        for item in items
        if item.kind in ANSWERABLE_KINDS
        and item.product_name
        and first <= korea_day(item.created_at) <= last
    )
    return _largest_first(counts)[:limit]


def _answers_by_agent(answered: Iterable[DigestItem]) -> list[tuple[str, int]]:
    counts = Counter(item.answered_by for item in answered if item.answered_by)
    return _largest_first(counts)


def _largest_first(counts: Counter[str]) -> list[tuple[str, int]]:
    # Ties are ordered by name so the digest does not reshuffle between runs.
    return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _series(items: Sequence[DigestItem], last: date, now: datetime) -> list[DailyPoint]:
    new: Counter[date] = Counter()
    in_time: Counter[date] = Counter()
    for item in items:
        if item.kind not in ANSWERABLE_KINDS:
            continue
        created = korea_day(item.created_at)
        new[created] += 1
        if _answered_in_time(item, now):
            in_time[created] += 1

    days = [last - timedelta(days=offset) for offset in range(SERIES_DAYS - 1, -1, -1)]
    return [DailyPoint(day=day, new=new[day], answered_within_24h=in_time[day]) for day in days]
