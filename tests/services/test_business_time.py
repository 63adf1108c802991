"""Business-time arithmetic across nights, weekends, Korean public holidays and DST."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.services.business_time import (
    MAX_DAYS_SCANNED,
    BusinessCalendar,
    add_business_time,
    business_time_between,
)

KST = ZoneInfo("Asia/Seoul")
OFFICE = BusinessCalendar()  # Mon–Fri 09:00–18:00 Asia/Seoul, Korean public holidays off
WHOLE_DAYS = BusinessCalendar(opens_at=None, closes_at=None)
NO_HOLIDAYS = BusinessCalendar(holiday_country=None)


def kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=KST)


@pytest.mark.parametrize(
    ("start", "duration", "expected"),
    [
        # Wednesday 07:00 is before opening, so the hour runs 09:00–10:00.
        (kst(2025, 11, 12, 7), timedelta(hours=1), kst(2025, 11, 12, 10)),
        # Tuesday 20:00 is after closing: the night is skipped.
        (kst(2025, 11, 11, 20), timedelta(hours=1), kst(2025, 11, 12, 10)),
        # Friday 17:00 + 1 h ends exactly at closing and stays on Friday.
        (kst(2025, 11, 14, 17), timedelta(hours=1), kst(2025, 11, 14, 18)),
        # Friday 17:00 + 2 h: 1 h on Friday, the weekend skipped, 1 h on Monday.
        (kst(2025, 11, 14, 17), timedelta(hours=2), kst(2025, 11, 17, 10)),
        # Two full office days (9 h each) from Monday opening end on Tuesday closing.
        (kst(2025, 11, 17, 9), timedelta(hours=18), kst(2025, 11, 18, 18)),
    ],
)
def test_add_business_time_office_hours(
    start: datetime, duration: timedelta, expected: datetime
) -> None:
    assert add_business_time(start, duration, OFFICE) == expected


def test_add_business_time_skips_chuseok() -> None:
    # Chuseok 2025: Fri 10-03 National Foundation Day, the weekend, Mon 10-06 to Tue 10-07
    # Chuseok, Wed 10-08 substitute holiday, Thu 10-09 Hangul Day. Next business day: Fri 10-10.
    start = kst(2025, 10, 2, 17)

    result = add_business_time(start, timedelta(hours=2), OFFICE)

    assert result == kst(2025, 10, 10, 10)


def test_add_business_time_skips_seollal() -> None:
    # Seollal 2025: Mon 01-27 temporary holiday, Tue 01-28 to Thu 01-30 Seollal.
    start = kst(2025, 1, 24, 17)

    result = add_business_time(start, timedelta(hours=2), OFFICE)

    assert result == kst(2025, 1, 31, 10)


def test_add_business_time_skips_substitute_holiday() -> None:
    # Independence Movement Day fell on Saturday 2025-03-01, so Monday 03-03 was a substitute
    # holiday. Without the holiday calendar the same hour would land on Monday.
    start = kst(2025, 2, 28, 17, 30)

    with_holidays = add_business_time(start, timedelta(hours=1), OFFICE)
    without_holidays = add_business_time(start, timedelta(hours=1), NO_HOLIDAYS)

    assert with_holidays == kst(2025, 3, 4, 9, 30)
    assert without_holidays == kst(2025, 3, 3, 9, 30)


def test_add_business_time_skips_extra_closed_days() -> None:
    calendar = BusinessCalendar(extra_closed_days=frozenset({date(2025, 11, 17)}))

    result = add_business_time(kst(2025, 11, 14, 17), timedelta(hours=2), calendar)

    assert result == kst(2025, 11, 18, 10)


def test_add_business_time_whole_days_over_chuseok() -> None:
    # Thu 10-02 15:00 to midnight is 9 h. Fri 10-10 and Mon 10-13 to Fri 10-17 add 6 × 24 h,
    # so 153 h have passed by Sat 10-18 00:00. The last 15 h end Mon 10-20 15:00.
    start = kst(2025, 10, 2, 15)

    result = add_business_time(start, timedelta(hours=168), WHOLE_DAYS)

    assert result == kst(2025, 10, 20, 15)


def test_add_business_time_keeps_start_zone() -> None:
    start = datetime(2025, 11, 14, 8, tzinfo=UTC)  # Friday 17:00 in Seoul

    result = add_business_time(start, timedelta(hours=2), OFFICE)

    assert result.tzinfo is UTC
    assert result == kst(2025, 11, 17, 10)


def test_add_business_time_zero_returns_start() -> None:
    saturday = kst(2025, 11, 15, 12)

    assert add_business_time(saturday, timedelta(0), OFFICE) == saturday


def test_add_business_time_rejects_negative_duration() -> None:
    with pytest.raises(ValueError, match="must not be negative"):
        add_business_time(kst(2025, 11, 14, 12), timedelta(hours=-1), OFFICE)


def test_add_business_time_rejects_naive_start() -> None:
    with pytest.raises(ValueError, match="start must be timezone-aware"):
        add_business_time(datetime(2025, 11, 14, 12), timedelta(hours=1), OFFICE)  # noqa: DTZ001


def test_business_time_between_weekend() -> None:
    friday = kst(2025, 11, 14, 17)
    monday = kst(2025, 11, 17, 10)

    assert business_time_between(friday, monday, OFFICE) == timedelta(hours=2)
    assert business_time_between(monday, friday, OFFICE) == timedelta(hours=-2)


def test_business_time_between_inside_closed_time() -> None:
    saturday = kst(2025, 11, 15, 10)
    sunday = kst(2025, 11, 16, 10)

    assert business_time_between(saturday, sunday, OFFICE) == timedelta(0)


def test_business_time_between_rejects_naive_end() -> None:
    with pytest.raises(ValueError, match="end must be timezone-aware"):
        business_time_between(kst(2025, 11, 14), datetime(2025, 11, 15), OFFICE)  # noqa: DTZ001


def test_business_time_across_dst_change() -> None:
    # New York moved from EST (-05:00) to EDT (-04:00) on Sunday 2025-03-09. Friday 16:00 EST
    # + 2 h of 09:00–17:00 time ends Monday 10:00 EDT, which is 14:00 UTC (not 15:00 UTC).
    new_york = ZoneInfo("America/New_York")
    calendar = BusinessCalendar(
        time_zone="America/New_York", opens_at=time(9), closes_at=time(17), holiday_country=None
    )
    start = datetime(2025, 3, 7, 16, tzinfo=new_york)

    result = add_business_time(start, timedelta(hours=2), calendar)

    assert result.astimezone(UTC) == datetime(2025, 3, 10, 14, tzinfo=UTC)
    assert business_time_between(start, result, calendar) == timedelta(hours=2)


def test_add_business_time_without_business_day_raises() -> None:
    start = kst(2025, 11, 10)  # a Monday
    mondays = frozenset(start.date() + timedelta(weeks=n) for n in range(MAX_DAYS_SCANNED // 7 + 1))
    calendar = BusinessCalendar(workdays=frozenset({0}), extra_closed_days=mondays)

    with pytest.raises(ValueError, match="no business day found"):
        add_business_time(start, timedelta(hours=1), calendar)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time_zone": "Asia/Nowhere"}, "unknown time zone"),
        ({"workdays": frozenset()}, "at least one day"),
        ({"workdays": frozenset({0, 7})}, "invalid workdays"),
        ({"holiday_country": "XX"}, "not supported"),
        ({"opens_at": None}, "set both opens_at and closes_at"),
        ({"opens_at": time(18), "closes_at": time(9)}, "must be earlier than"),
        ({"opens_at": time(9, tzinfo=UTC)}, "take no offset"),
    ],
)
def test_calendar_rejects_invalid_settings(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        BusinessCalendar.model_validate(fields)


def test_calendar_loads_from_plain_values() -> None:
    calendar = BusinessCalendar.model_validate(
        {"opens_at": "10:00", "closes_at": "19:30", "extra_closed_days": ["2025-12-31"]}
    )

    assert calendar.opens_at == time(10)
    assert calendar.closes_at == time(19, 30)
    assert not calendar.is_business_day(date(2025, 12, 31))
    assert calendar.is_business_day(date(2025, 12, 30))


starts = st.datetimes(
    min_value=datetime(2024, 1, 1),  # noqa: DTZ001 (hypothesis adds the zone below)
    max_value=datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.sampled_from([KST, UTC]),
)
durations = st.integers(min_value=0, max_value=300 * 60).map(lambda m: timedelta(minutes=m))
calendars = st.sampled_from([OFFICE, WHOLE_DAYS])


@settings(max_examples=60, deadline=None)
@given(start=starts, first=durations, second=durations, calendar=calendars)
def test_add_business_time_is_monotonic(
    start: datetime, first: timedelta, second: timedelta, calendar: BusinessCalendar
) -> None:
    shorter, longer = sorted((first, second))

    assert add_business_time(start, shorter, calendar) <= add_business_time(start, longer, calendar)


@settings(max_examples=60, deadline=None)
@given(start=starts, duration=durations, calendar=calendars)
def test_add_then_measure_round_trips(
    start: datetime, duration: timedelta, calendar: BusinessCalendar
) -> None:
    end = add_business_time(start, duration, calendar)

    assert end >= start
    assert business_time_between(start, end, calendar) == duration


@settings(max_examples=60, deadline=None)
@given(start=starts, end=starts, calendar=calendars)
def test_measure_then_add_never_passes_end(
    start: datetime, end: datetime, calendar: BusinessCalendar
) -> None:
    start, end = sorted((start, end))
    elapsed = business_time_between(start, end, calendar)

    reached = add_business_time(start, elapsed, calendar)

    assert reached <= end
    assert business_time_between(start, reached, calendar) == elapsed
