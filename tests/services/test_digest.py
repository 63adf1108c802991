"""Digest figures on a small known data set, with the arithmetic written out."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.services.digest import (
    AgeBucket,
    AnswerRate,
    DailyPoint,
    DigestItem,
    age_bucket,
    compute_digests,
    korea_day,
    nearest_rank_percentile,
)
from bot.storage.tables import ItemKind

KST = ZoneInfo("Asia/Seoul")
PI = ItemKind.ONLINE_INQUIRY
CC = ItemKind.CALL_CENTER_INQUIRY
RET = ItemKind.RETURN_REQUEST
EXC = ItemKind.EXCHANGE_REQUEST
CS_CHANNEL = "C0CSTEAM01"
RETURNS_CHANNEL = "C0RETURNS1"
AGENT_A = "U0AGENT0001"
AGENT_B = "U0AGENT0002"
WING_AGENT = "wing-synthetic-01"
TUMBLER = "텀블러 500ml"
MUG = "머그컵"
FLASK = "보온병"

# Wednesday 2025-11-12 09:00 in Seoul, so "yesterday" is Tuesday 2025-11-11, the 30-day period
# is 2025-10-13 to 2025-11-11 and the 14-day series runs from 2025-10-29 to 2025-11-11.
NOW = datetime(2025, 11, 12, 9, tzinfo=KST)


def kst(month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(2025, month, day, hour, minute, tzinfo=KST)


def item(
    kind: ItemKind,
    coupang_id: str,
    created_at: datetime,
    *,
    route_channel: str = CS_CHANNEL,
    status: str = "open",
    first_answered_at: datetime | None = None,
    answered_by: str | None = None,
    closed_at: datetime | None = None,
    is_overdue: bool = False,
    product_name: str | None = None,
) -> DigestItem:
    return DigestItem(
        kind=kind,
        coupang_id=coupang_id,
        created_at=created_at,
        route_channel=route_channel,
        status=status,
        first_answered_at=first_answered_at,
        answered_by=answered_by,
        closed_at=closed_at,
        is_overdue=is_overdue,
        product_name=product_name,
    )


ITEMS = [
    # Product inquiries.
    item(PI, "p1", kst(11, 11, 10), first_answered_at=kst(11, 11, 11), answered_by=AGENT_A,
         product_name=TUMBLER),  # 1 h
    item(PI, "p2", kst(11, 11, 12), first_answered_at=kst(11, 11, 14, 30), answered_by=AGENT_B,
         product_name=TUMBLER),  # 2 h 30 min
    item(PI, "p3", kst(11, 11, 20), product_name=MUG),  # open for 13 h at NOW: pending
    item(PI, "p4", kst(11, 10, 8), first_answered_at=kst(11, 11, 9), answered_by=AGENT_A,
         product_name=MUG),  # 25 h: late
    item(PI, "p5", kst(11, 1, 10), first_answered_at=kst(11, 1, 16), answered_by=AGENT_B,
         product_name=TUMBLER),  # 6 h
    item(PI, "p6", kst(10, 20, 10), is_overdue=True, product_name=FLASK),  # never answered
    item(PI, "p7", kst(10, 1, 10), first_answered_at=kst(10, 1, 11), answered_by=AGENT_A,
         product_name=FLASK),  # before the 30-day period
    # A future answer (clock skew in the source data) does not count as answered at NOW.
    item(PI, "p8", kst(10, 30, 10), first_answered_at=kst(11, 12, 10), answered_by=AGENT_B),
    # Call-center requests, given in UTC to test the Korea-day boundary.
    # c1: 2025-11-10 15:30 UTC is 11-11 00:30 in Seoul; answered 11-11 23:00, after 22 h 30 min.
    item(CC, "c1", datetime(2025, 11, 10, 15, 30, tzinfo=UTC),
         first_answered_at=datetime(2025, 11, 11, 14, tzinfo=UTC), answered_by=WING_AGENT),
    # c2: 2025-11-10 14:00 UTC is 11-10 23:00 in Seoul; answered 11-11 00:30, after 1 h 30 min.
    item(CC, "c2", datetime(2025, 11, 10, 14, tzinfo=UTC),
         first_answered_at=datetime(2025, 11, 10, 15, 30, tzinfo=UTC), answered_by=AGENT_A),
    # Returns.
    item(RET, "r1", kst(11, 5, 10), status="RETURNS_UNCHECKED"),  # 6 d 23 h old
    item(RET, "r2", kst(11, 11, 15), status="RETURNS_UNCHECKED"),  # 18 h old
    item(RET, "r3", kst(10, 1, 10), status="VENDOR_WAREHOUSE_CONFIRM", is_overdue=True),
    item(RET, "r4", kst(11, 2, 10), status="RETURNS_COMPLETED", closed_at=kst(11, 9, 10),
         is_overdue=True),  # closed, so neither backlog nor overdue
    # Exchanges.
    item(EXC, "e1", kst(11, 10, 10), status="RECEIPT", first_answered_at=kst(11, 11, 10),
         answered_by=AGENT_B),  # 1 d 23 h old
    # Another channel's item never reaches CS_CHANNEL's digest.
    item(PI, "x1", kst(11, 11, 10), route_channel=RETURNS_CHANNEL, product_name=FLASK),
]  # fmt: skip


def test_digest_covers_each_channel() -> None:
    digests = compute_digests(ITEMS, NOW, channels=["C0EMPTY001"])

    assert set(digests) == {CS_CHANNEL, RETURNS_CHANNEL, "C0EMPTY001"}
    assert digests[CS_CHANNEL].day == date(2025, 11, 11)


def test_digest_new_and_answered_by_kind() -> None:
    figures = compute_digests(ITEMS, NOW)[CS_CHANNEL]

    # Created on 11-11 (Seoul): p1, p2, p3; c1 (00:30 Seoul); r2. c2 is 11-10 in Seoul.
    assert figures.new_by_kind == {PI: 3, CC: 1, RET: 1, EXC: 0}
    # First answered on 11-11: p1, p2, p4; c1, c2 (00:30 Seoul); e1. p8's answer is after NOW.
    assert figures.answered_by_kind == {PI: 3, CC: 2, RET: 0, EXC: 1}


def test_digest_answer_rate_yesterday() -> None:
    figures = compute_digests(ITEMS, NOW)[CS_CHANNEL]

    # Product inquiries of 11-11: p1 (1 h) and p2 (2.5 h) met, p3 pending → 2 of 2, 1 pending.
    assert figures.answer_rate_day[PI] == AnswerRate(met=2, decided=2, pending=1)
    assert figures.answer_rate_day[PI].share == 1.0
    # Call-center requests of 11-11: c1 answered after 22.5 h → 1 of 1.
    assert figures.answer_rate_day[CC] == AnswerRate(met=1, decided=1, pending=0)


def test_digest_answer_rate_30_days() -> None:
    figures = compute_digests(ITEMS, NOW)[CS_CHANNEL]

    # 10-13..11-11: p1, p2, p5 met; p4 (25 h) and p6 (never) missed; p8's answer is in the
    # future and its 24 h are long past, so it is missed too; p3 pending; p7 is before the
    # period. Met 3, decided 3 + 3 = 6, share 3 / 6 = 0.5.
    assert figures.answer_rate_30_days[PI] == AnswerRate(met=3, decided=6, pending=1)
    assert figures.answer_rate_30_days[PI].share == 0.5
    # c1 (22.5 h) and c2 (1.5 h) both met.
    assert figures.answer_rate_30_days[CC] == AnswerRate(met=2, decided=2, pending=0)


def test_digest_response_times() -> None:
    figures = compute_digests(ITEMS, NOW)[CS_CHANNEL]

    # Answered on 11-11 (inquiries only, e1 is an exchange): p1 1 h, p2 2.5 h, p4 25 h,
    # c1 22.5 h, c2 1.5 h. Sorted: 1, 1.5, 2.5, 22.5, 25 h; n = 5.
    # Median: rank ceil(50 × 5 / 100) = ceil(2.5) = 3 → 2.5 h.
    # p90: rank ceil(90 × 5 / 100) = ceil(4.5) = 5 → 25 h.
    assert figures.response_times.count == 5
    assert figures.response_times.median == timedelta(hours=2, minutes=30)
    assert figures.response_times.p90 == timedelta(hours=25)


def test_digest_overdue_and_backlog() -> None:
    figures = compute_digests(ITEMS, NOW)[CS_CHANNEL]

    # p6 and r3 are open and overdue; r4 is flagged but closed.
    assert figures.overdue_by_kind == {PI: 1, CC: 0, RET: 1, EXC: 0}
    # Ages at NOW: r1 6 d 23 h, r2 18 h, r3 42 d, e1 1 d 23 h; r4 is closed.
    zero = dict.fromkeys(AgeBucket, 0)
    assert figures.backlog[RET] == {
        "RETURNS_UNCHECKED": zero | {AgeBucket.UNDER_1_DAY: 1, AgeBucket.DAYS_3_TO_7: 1},
        "VENDOR_WAREHOUSE_CONFIRM": zero | {AgeBucket.OVER_7_DAYS: 1},
    }
    assert figures.backlog[EXC] == {"RECEIPT": zero | {AgeBucket.DAYS_1_TO_3: 1}}


def test_digest_top_products_and_agents() -> None:
    figures = compute_digests(ITEMS, NOW, top_products=2)[CS_CHANNEL]

    # Inquiries created 10-13..11-11 with a product: tumbler p1, p2, p5 = 3; mug p3, p4 = 2;
    # flask p6 = 1 (p7 is older, x1 is another channel). The top 2 are kept.
    assert list(figures.top_products) == [(TUMBLER, 3), (MUG, 2)]
    # First answers on 11-11: A p1, p4, c2 = 3; B p2, e1 = 2; the WING user c1 = 1.
    assert list(figures.answers_by_agent) == [(AGENT_A, 3), (AGENT_B, 2), (WING_AGENT, 1)]


def test_digest_series_of_14_days() -> None:
    figures = compute_digests(ITEMS, NOW)[CS_CHANNEL]
    by_day = {point.day: point for point in figures.series}

    assert len(figures.series) == 14
    assert figures.series[0].day == date(2025, 10, 29)
    assert figures.series[-1].day == date(2025, 11, 11)
    # 11-11: p1, p2, p3, c1 created; p1, p2, c1 answered within 24 h.
    assert by_day[date(2025, 11, 11)] == DailyPoint(date(2025, 11, 11), 4, 3)
    # 11-10: p4 (late) and c2 (1.5 h) created.
    assert by_day[date(2025, 11, 10)] == DailyPoint(date(2025, 11, 10), 2, 1)
    # 11-01: p5. 10-30: p8, whose answer is in the future.
    assert by_day[date(2025, 11, 1)] == DailyPoint(date(2025, 11, 1), 1, 1)
    assert by_day[date(2025, 10, 30)] == DailyPoint(date(2025, 10, 30), 1, 0)
    assert sum(point.new for point in figures.series) == 8


def test_digest_empty_channel_is_all_zeros() -> None:
    figures = compute_digests(ITEMS, NOW, channels=["C0EMPTY001"])["C0EMPTY001"]

    assert set(figures.new_by_kind.values()) == {0}
    assert figures.answer_rate_30_days[PI] == AnswerRate(met=0, decided=0, pending=0)
    assert figures.answer_rate_30_days[PI].share is None
    assert figures.response_times.median is None
    assert figures.backlog == {RET: {}, EXC: {}}
    assert [point.new for point in figures.series] == [0] * 14


def test_other_channel_gets_its_own_item() -> None:
    figures = compute_digests(ITEMS, NOW)[RETURNS_CHANNEL]

    assert figures.new_by_kind[PI] == 1
    assert figures.answer_rate_day[PI] == AnswerRate(met=0, decided=0, pending=1)


@pytest.mark.parametrize(
    ("minutes", "percent", "expected"),
    [
        (list(range(1, 11)), 50, 5),  # rank ceil(5.0) = 5
        (list(range(1, 11)), 90, 9),  # rank ceil(9.0) = 9
        (list(range(1, 11)), 91, 10),  # rank ceil(9.1) = 10
        (list(range(1, 11)), 100, 10),
        ([4, 1, 3, 2], 50, 2),  # even count: the lower middle value
        ([7], 90, 7),
    ],
)
def test_nearest_rank_percentile(minutes: list[int], percent: int, expected: int) -> None:
    values = [timedelta(minutes=m) for m in minutes]

    assert nearest_rank_percentile(values, percent) == timedelta(minutes=expected)


def test_nearest_rank_percentile_edge_cases() -> None:
    assert nearest_rank_percentile([], 50) is None
    with pytest.raises(ValueError, match="between 1 and 100"):
        nearest_rank_percentile([timedelta(1)], 0)


@pytest.mark.parametrize(
    ("age", "bucket"),
    [
        (timedelta(hours=23, minutes=59), AgeBucket.UNDER_1_DAY),
        (timedelta(days=1), AgeBucket.DAYS_1_TO_3),
        (timedelta(days=3), AgeBucket.DAYS_3_TO_7),
        (timedelta(days=7), AgeBucket.OVER_7_DAYS),
    ],
)
def test_age_bucket_boundaries(age: timedelta, bucket: AgeBucket) -> None:
    assert age_bucket(age) is bucket


def test_korea_day_crosses_utc_midnight() -> None:
    assert korea_day(datetime(2025, 11, 10, 15, 0, tzinfo=UTC)) == date(2025, 11, 11)
    assert korea_day(datetime(2025, 11, 10, 14, 59, tzinfo=UTC)) == date(2025, 11, 10)


def test_digest_item_rejects_naive_datetimes() -> None:
    with pytest.raises(ValueError, match="created_at must be timezone-aware"):
        DigestItem(PI, "p9", datetime(2025, 11, 11), CS_CHANNEL, "open")  # noqa: DTZ001
    with pytest.raises(ValueError, match="first_answered_at must be timezone-aware"):
        DigestItem(PI, "p9", NOW, CS_CHANNEL, "open", first_answered_at=datetime(2025, 11, 11))  # noqa: DTZ001


def test_digest_rejects_naive_now() -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        compute_digests(ITEMS, datetime(2025, 11, 12, 9))  # noqa: DTZ001
