"""Business-time arithmetic: working days, opening hours and public holidays in one time zone."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

# A calendar with no business day at all would make the scans below run forever, so they stop
# after ten years of calendar days and raise instead.
MAX_DAYS_SCANNED = 3660


class BusinessCalendar(BaseModel):
    """Working days and hours in one time zone, minus public holidays and extra closed days.

    `opens_at` and `closes_at` are local wall-clock times. Leave both unset to count whole
    working days, from midnight to midnight. `workdays` uses Python's numbering: Monday is 0.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    time_zone: str = "Asia/Seoul"
    workdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})
    opens_at: time | None = time(9, 0)
    closes_at: time | None = time(18, 0)
    holiday_country: str | None = "KR"
    extra_closed_days: frozenset[date] = frozenset()

    @field_validator("time_zone")
    @classmethod
    def _check_time_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name such as 'Asia/Seoul'"
            ) from exc
        return value

    @field_validator("workdays")
    @classmethod
    def _check_workdays(cls, value: frozenset[int]) -> frozenset[int]:
        if not value:
            raise ValueError("workdays must contain at least one day (Monday=0 … Sunday=6)")
        invalid = sorted(day for day in value if not 0 <= day <= 6)
        if invalid:
            raise ValueError(f"invalid workdays {invalid}; use 0 (Monday) to 6 (Sunday)")
        return value

    @field_validator("holiday_country")
    @classmethod
    def _check_holiday_country(cls, value: str | None) -> str | None:
        if value is not None and value not in holidays.list_supported_countries():
            raise ValueError(
                f"holiday_country {value!r} is not supported by the holidays package; "
                "use an ISO 3166-1 alpha-2 code such as 'KR', or null for no public holidays"
            )
        return value

    @model_validator(mode="after")
    def _check_hours(self) -> BusinessCalendar:
        if (self.opens_at is None) != (self.closes_at is None):
            raise ValueError("set both opens_at and closes_at, or neither for whole days")
        if self.opens_at is not None and self.closes_at is not None:
            if self.opens_at.tzinfo is not None or self.closes_at.tzinfo is not None:
                raise ValueError("opens_at and closes_at are local times and take no offset")
            if self.opens_at >= self.closes_at:
                raise ValueError(
                    f"opens_at {self.opens_at} must be earlier than closes_at {self.closes_at}"
                )
        return self

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    def is_business_day(self, day: date) -> bool:
        """Return whether `day` is a workday that is neither a public holiday nor closed."""
        if day.weekday() not in self.workdays or day in self.extra_closed_days:
            return False
        return self.holiday_country is None or day not in _public_holidays(self.holiday_country)


def require_aware(name: str, value: datetime) -> None:
    """Raise ValueError if `value` is a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive datetime {value.isoformat()}")


def add_business_time(start: datetime, duration: timedelta, calendar: BusinessCalendar) -> datetime:
    """Return the instant at which `duration` of business time has passed since `start`.

    A result that falls on the close of a business day stays there (Friday 18:00, not
    Monday 09:00). A zero duration returns `start` unchanged. The result is in the time
    zone of `start`.
    """
    require_aware("start", start)
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, got {duration}")
    if duration == timedelta(0):
        return start

    start_utc = start.astimezone(UTC)
    remaining = duration
    for opens, closes in _open_intervals(calendar, start_utc):
        if closes <= start_utc:
            continue
        begin = max(opens, start_utc)
        available = closes - begin
        if remaining <= available:
            return (begin + remaining).astimezone(start.tzinfo)
        remaining -= available
    raise AssertionError("unreachable: _open_intervals raises when it runs out of days")


def business_time_between(start: datetime, end: datetime, calendar: BusinessCalendar) -> timedelta:
    """Return the business time from `start` to `end`, negative when `end` is earlier."""
    require_aware("start", start)
    require_aware("end", end)
    if end < start:
        return -business_time_between(end, start, calendar)

    start_utc = start.astimezone(UTC)
    end_utc = end.astimezone(UTC)
    total = timedelta(0)
    for opens, closes in _open_intervals(calendar, start_utc):
        if opens >= end_utc:
            break
        overlap = min(closes, end_utc) - max(opens, start_utc)
        if overlap > timedelta(0):
            total += overlap
    return total


def _open_intervals(
    calendar: BusinessCalendar, since: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Yield the open intervals, in UTC, of each business day from the local day of `since`.

    Arithmetic runs in UTC because Python subtracts two datetimes that share a ZoneInfo by
    wall clock, which is wrong across a DST change. Asia/Seoul has had no DST since 1988,
    but the calendar accepts any zone.
    """
    zone = calendar.zone
    day = since.astimezone(zone).date()
    for _ in range(MAX_DAYS_SCANNED):
        if calendar.is_business_day(day):
            if calendar.opens_at is None or calendar.closes_at is None:
                opens = datetime.combine(day, time(0), tzinfo=zone)
                closes = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
            else:
                opens = datetime.combine(day, calendar.opens_at, tzinfo=zone)
                closes = datetime.combine(day, calendar.closes_at, tzinfo=zone)
            yield opens.astimezone(UTC), closes.astimezone(UTC)
        day += timedelta(days=1)
    raise ValueError(
        f"no business day found within {MAX_DAYS_SCANNED} days after {since.date()}; "
        "check workdays, holiday_country and extra_closed_days"
    )


@functools.cache
def _public_holidays(country: str) -> holidays.HolidayBase:
    # The holidays object adds each year's dates the first time a date of that year is looked up.
    return holidays.country_holidays(country)
