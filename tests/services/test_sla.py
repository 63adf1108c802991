"""SLA deadlines, reminder points, escalation and the idempotency of due_reminders."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from bot.services.business_time import BusinessCalendar
from bot.services.sla import (
    ItemKind,
    NoSlaWindowError,
    ReminderLevel,
    SlaPolicy,
    SlaSettings,
    deadline_for,
    due_reminders,
    reminder_schedule,
)

KST = ZoneInfo("Asia/Seoul")
DEFAULTS = SlaSettings()


def kst(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=KST)


def test_product_inquiry_deadline_is_24_clock_hours() -> None:
    # Coupang's 24 h run through holidays: 2025-10-03 is National Foundation Day.
    inquiry_at = kst(2025, 10, 2, 23, 10)

    deadline = deadline_for(ItemKind.ONLINE_INQUIRY, inquiry_at, DEFAULTS)

    assert deadline == kst(2025, 10, 3, 23, 10)


def test_call_center_deadline_is_24_clock_hours() -> None:
    reply_at = datetime(2025, 11, 15, 1, 0, tzinfo=UTC)  # Saturday 10:00 in Seoul

    deadline = deadline_for(ItemKind.CALL_CENTER_INQUIRY, reply_at, DEFAULTS)

    assert deadline == datetime(2025, 11, 16, 1, 0, tzinfo=UTC)


def test_return_deadline_is_168_business_hours() -> None:
    # Arrival Thu 2025-10-02 15:00. Whole business days: 9 h on 10-02, then Chuseok, Hangul Day
    # and two weekends are skipped. 10-10 and 10-13..10-17 add 144 h (153 h in total), and the
    # last 15 h end Mon 10-20 15:00.
    arrived_at = kst(2025, 10, 2, 15)

    deadline = deadline_for(ItemKind.RETURN_REQUEST, arrived_at, DEFAULTS)

    assert deadline == kst(2025, 10, 20, 15)


def test_exchange_has_no_deadline() -> None:
    with pytest.raises(NoSlaWindowError, match="no SLA window is configured for exchange_request"):
        deadline_for(ItemKind.EXCHANGE_REQUEST, kst(2025, 11, 14), DEFAULTS)


def test_internal_target_in_office_hours() -> None:
    # A 4-business-hour target for product inquiries, from Friday 16:00: 2 h on Friday,
    # then the weekend is skipped, and 2 h more end Monday 11:00.
    sla = SlaSettings(
        online_inquiry=SlaPolicy(window=timedelta(hours=4), calendar=BusinessCalendar())
    )

    deadline = deadline_for(ItemKind.ONLINE_INQUIRY, kst(2025, 11, 14, 16), sla)

    assert deadline == kst(2025, 11, 17, 11)


def test_deadline_rejects_naive_start() -> None:
    with pytest.raises(ValueError, match="started_at must be timezone-aware"):
        deadline_for(ItemKind.ONLINE_INQUIRY, datetime(2025, 11, 14), DEFAULTS)  # noqa: DTZ001


def test_settings_load_from_plain_values() -> None:
    sla = SlaSettings.model_validate(
        {
            "online_inquiry": {"window": "PT8H", "calendar": {"opens_at": "09:00"}},
            "reminder_percents": [25, 50, 75],
            "escalation_percent": 95,
            "managers_group_id": "S0123ABC",
        }
    )

    assert sla.online_inquiry.window == timedelta(hours=8)
    assert sla.reminder_percents == (25, 50, 75)
    assert sla.managers_mention() == "<!subteam^S0123ABC>"
    assert sla.policy_for(ItemKind.RETURN_REQUEST).window == timedelta(hours=168)


def test_settings_without_managers_group_mentions_nobody() -> None:
    assert DEFAULTS.managers_mention() is None


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"reminder_percents": (80, 50)}, "strictly increasing"),
        ({"reminder_percents": (50, 90)}, "below escalation_percent"),
        ({"escalation_percent": 100}, "between 1 and 99"),
        ({"reminder_percents": (0, 50)}, "between 1 and 99"),
        ({"managers_group_id": "@managers"}, "managers_group_id"),
        ({"call_center_inquiry": {"window": "-PT1H"}}, "window must be positive"),
        ({"exchange_request": {"window": None, "colour": "red"}}, "colour"),
    ],
)
def test_settings_reject_invalid_values(fields: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        SlaSettings.model_validate(fields)


def test_reminder_schedule_clock_window() -> None:
    start = kst(2025, 11, 10)
    deadline = start + timedelta(hours=24)

    schedule = reminder_schedule(start, deadline)

    assert [point.key for point in schedule] == ["r50", "r80", "esc90", "overdue"]
    # 50% of 24 h = 12:00, 80% = 19.2 h = 19:12, 90% = 21.6 h = 21:36, 100% = next midnight.
    assert [point.due_at for point in schedule] == [
        kst(2025, 11, 10, 12),
        kst(2025, 11, 10, 19, 12),
        kst(2025, 11, 10, 21, 36),
        kst(2025, 11, 11),
    ]
    assert [point.level for point in schedule] == [
        ReminderLevel.REMINDER,
        ReminderLevel.REMINDER,
        ReminderLevel.ESCALATION,
        ReminderLevel.OVERDUE,
    ]
    assert [point.mentions_managers for point in schedule] == [False, False, True, True]


def test_reminder_schedule_business_window() -> None:
    # 8 office hours from Friday 14:00: 4 h on Friday, 4 h on Monday, deadline Monday 13:00.
    # 50% = 4 h is Friday 18:00; 80% = 6 h 24 min is Monday 11:24; 90% = 7 h 12 min is 12:12.
    calendar = BusinessCalendar()
    start = kst(2025, 11, 14, 14)
    deadline = kst(2025, 11, 17, 13)

    schedule = reminder_schedule(start, deadline, calendar=calendar)

    assert [point.due_at for point in schedule] == [
        kst(2025, 11, 14, 18),
        kst(2025, 11, 17, 11, 24),
        kst(2025, 11, 17, 12, 12),
        kst(2025, 11, 17, 13),
    ]


def test_reminder_schedule_uses_configured_points() -> None:
    sla = SlaSettings(reminder_percents=(25,), escalation_percent=75)
    start = kst(2025, 11, 10)

    schedule = reminder_schedule(start, start + timedelta(hours=4), settings=sla)

    assert [point.key for point in schedule] == ["r25", "esc75", "overdue"]
    assert schedule[0].due_at == kst(2025, 11, 10, 1)


START = kst(2025, 11, 10)
DEADLINE = START + timedelta(hours=24)


@pytest.mark.parametrize(
    ("hours_elapsed", "already_sent", "expected"),
    [
        (11.9, set(), []),
        (12, set(), ["r50"]),
        (15, {"r50"}, []),
        # The bot missed the 50% point: only the 80% reminder goes out.
        (20, set(), ["r80"]),
        (20, {"r50"}, ["r80"]),
        (20, {"r50", "r80"}, []),
        (22, {"r50", "r80"}, ["esc90"]),
        (25, {"r50", "r80"}, ["overdue"]),
        (25, {"esc90"}, ["overdue"]),
        (30, {"r50", "r80", "esc90", "overdue"}, []),
        # The clock went back after 80% was sent: 50% must not follow it.
        (13, {"r80"}, []),
        (-1, set(), []),
    ],
)
def test_due_reminders_table(
    hours_elapsed: float, already_sent: set[str], expected: list[str]
) -> None:
    now = START + timedelta(hours=hours_elapsed)

    due = due_reminders(START, DEADLINE, already_sent, now)

    assert [point.key for point in due] == expected


def test_due_reminders_sends_each_point_once() -> None:
    sent: set[str] = set()
    sent_in_order: list[str] = []

    # Poll every 30 minutes from the start to 6 h past the deadline, storing each sent key.
    for step in range(61):
        now = START + timedelta(minutes=30 * step)
        for point in due_reminders(START, DEADLINE, sent, now):
            sent.add(point.key)
            sent_in_order.append(point.key)

    assert sent_in_order == ["r50", "r80", "esc90", "overdue"]


def test_due_reminders_rejects_naive_now() -> None:
    with pytest.raises(ValueError, match="now must be timezone-aware"):
        due_reminders(START, DEADLINE, set(), datetime(2025, 11, 10, 12))  # noqa: DTZ001


def test_due_reminders_zero_window_is_overdue() -> None:
    due = due_reminders(START, START, set(), START)

    assert [point.key for point in due] == ["overdue"]


@settings(max_examples=80, deadline=None)
@given(offsets=st.lists(st.integers(min_value=-120, max_value=40 * 60), min_size=1, max_size=40))
def test_due_reminders_never_repeats_or_goes_back(offsets: list[int]) -> None:
    order = ["r50", "r80", "esc90", "overdue"]
    sent: set[str] = set()
    sent_in_order: list[str] = []

    for minutes in sorted(offsets):
        for point in due_reminders(START, DEADLINE, sent, START + timedelta(minutes=minutes)):
            sent.add(point.key)
            sent_in_order.append(point.key)

    assert len(sent_in_order) == len(set(sent_in_order))
    assert sent_in_order == sorted(sent_in_order, key=order.index)
