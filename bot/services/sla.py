"""SLA policies per item kind: deadlines, reminder points, escalation and overdue.

Coupang's own clocks run in plain hours: a product inquiry should be answered within 24 hours
of `inquiryAt`, and a call-center request closes automatically 24 hours after the agent's
request (`replyAt` of the reply with `needAnswer=true`). A return can be escalated to Coupang
("쿠팡확인요청") within 168 business hours after the item arrives at the seller. Exchanges have
no deadline by default, so only their age is tracked. Any window can be counted in business
time instead, for internal targets.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.services.business_time import (
    BusinessCalendar,
    add_business_time,
    business_time_between,
    require_aware,
)
from bot.storage.tables import ItemKind

OVERDUE_KEY = "overdue"


class ReminderLevel(enum.StrEnum):
    """Urgency of a reminder point."""

    REMINDER = "reminder"
    ESCALATION = "escalation"
    OVERDUE = "overdue"


class NoSlaWindowError(LookupError):
    """Raised when a deadline is requested for a kind whose policy has no window."""

    def __init__(self, kind: ItemKind) -> None:
        super().__init__(
            f"no SLA window is configured for {kind.value}; "
            "check SlaSettings.policy_for(kind).window before asking for a deadline"
        )
        self.kind = kind


class SlaPolicy(BaseModel):
    """The SLA window of one kind, in clock time or in business time of `calendar`.

    A `window` of None means the kind has no deadline, and only its age is tracked.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    window: timedelta | None
    calendar: BusinessCalendar | None = None

    @field_validator("window")
    @classmethod
    def _check_window(cls, value: timedelta | None) -> timedelta | None:
        if value is not None and value <= timedelta(0):
            raise ValueError(f"window must be positive, got {value}")
        return value


# Coupang counts the return window in business hours. We read that as whole business days
# (weekdays that are not Korean public holidays) of 24 hours each, so 168 hours = 7 business days.
# NOTE: whether Coupang's business hours are whole days or office hours is not confirmed. Change
# this calendar if the seller center states otherwise.
RETURN_CALENDAR = BusinessCalendar(opens_at=None, closes_at=None)


class SlaSettings(BaseModel):
    """SLA configuration: one policy per kind, reminder points and the managers' group.

    Policy fields are named after the `ItemKind` values, so configuration keys match stored kinds.

    Reminder and escalation points are whole percentages of the window. Overdue is 100%.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    online_inquiry: SlaPolicy = SlaPolicy(window=timedelta(hours=24))
    call_center_inquiry: SlaPolicy = SlaPolicy(window=timedelta(hours=24))
    return_request: SlaPolicy = SlaPolicy(window=timedelta(hours=168), calendar=RETURN_CALENDAR)
    exchange_request: SlaPolicy = SlaPolicy(window=None)
    reminder_percents: tuple[int, ...] = (50, 80)
    escalation_percent: int = 90
    managers_group_id: str | None = Field(default=None, pattern=r"^S[A-Z0-9]{2,}$")

    @model_validator(mode="after")
    def _check_points(self) -> SlaSettings:
        points = [*self.reminder_percents, self.escalation_percent]
        if any(not 0 < percent < 100 for percent in points):
            raise ValueError(
                f"reminder and escalation percents must be between 1 and 99, got {points}"
            )
        if any(later <= earlier for earlier, later in zip(points, points[1:], strict=False)):
            raise ValueError(
                "reminder_percents must be strictly increasing and below escalation_percent, "
                f"got reminders {list(self.reminder_percents)} and escalation "
                f"{self.escalation_percent}"
            )
        return self

    def policy_for(self, kind: ItemKind) -> SlaPolicy:
        policies = {
            ItemKind.ONLINE_INQUIRY: self.online_inquiry,
            ItemKind.CALL_CENTER_INQUIRY: self.call_center_inquiry,
            ItemKind.RETURN_REQUEST: self.return_request,
            ItemKind.EXCHANGE_REQUEST: self.exchange_request,
        }
        return policies[kind]

    def managers_mention(self) -> str | None:
        """Return the Slack mention of the managers' user group, if one is configured."""
        if self.managers_group_id is None:
            return None
        return f"<!subteam^{self.managers_group_id}>"


@dataclass(frozen=True, slots=True)
class ReminderPoint:
    """A point of an item's SLA window at which the bot posts a reminder.

    `key` is stable ("r50", "r80", "esc90", "overdue"), so the caller can store the keys it
    has sent and pass them back to `due_reminders`.
    """

    key: str
    percent: int
    level: ReminderLevel
    due_at: datetime

    @property
    def mentions_managers(self) -> bool:
        return self.level is not ReminderLevel.REMINDER


def deadline_for(kind: ItemKind, started_at: datetime, policy: SlaSettings) -> datetime:
    """Return the SLA deadline of an item of `kind` whose clock started at `started_at`.

    The start is `inquiryAt` for a product (online) inquiry, the agent's `replyAt` for a call-center
    request and the arrival at the seller for a return. Raises NoSlaWindowError when the
    kind has no window (exchanges by default).
    """
    require_aware("started_at", started_at)
    kind_policy = policy.policy_for(kind)
    if kind_policy.window is None:
        raise NoSlaWindowError(kind)
    if kind_policy.calendar is None:
        return started_at + kind_policy.window
    return add_business_time(started_at, kind_policy.window, kind_policy.calendar)


def reminder_schedule(
    item_start: datetime,
    deadline: datetime,
    *,
    settings: SlaSettings | None = None,
    calendar: BusinessCalendar | None = None,
) -> list[ReminderPoint]:
    """Return every reminder point of the window from `item_start` to `deadline`, in order.

    With a `calendar`, percentages are shares of the business time in the window, so a 50%
    reminder of a business-hours window never falls on a night or a holiday.
    """
    require_aware("item_start", item_start)
    require_aware("deadline", deadline)
    if settings is None:
        settings = SlaSettings()

    points = [(f"r{p}", p, ReminderLevel.REMINDER) for p in settings.reminder_percents]
    points.append(
        (f"esc{settings.escalation_percent}", settings.escalation_percent, ReminderLevel.ESCALATION)
    )
    schedule = [
        ReminderPoint(key, percent, level, _point_at(item_start, deadline, percent, calendar))
        for key, percent, level in points
    ]
    schedule.append(ReminderPoint(OVERDUE_KEY, 100, ReminderLevel.OVERDUE, deadline))
    return schedule


def due_reminders(
    item_start: datetime,
    deadline: datetime,
    already_sent: set[str],
    now: datetime,
    *,
    settings: SlaSettings | None = None,
    calendar: BusinessCalendar | None = None,
) -> list[ReminderPoint]:
    """Return the reminder point to send now: an empty list or one point.

    Only the latest point whose time has come is returned, and only if neither it nor any
    later point is in `already_sent`. So a bot that was down through the 50% and 80% points
    sends one 80% reminder, not two, and an earlier point is never sent after a later one.
    Calling again with the returned key added to `already_sent` returns an empty list until
    the next point is due.
    """
    require_aware("now", now)
    schedule = reminder_schedule(item_start, deadline, settings=settings, calendar=calendar)
    reached = [point for point in schedule if point.due_at <= now]
    if not reached:
        return []
    latest = reached[-1]
    later_keys = {point.key for point in schedule[schedule.index(latest) :]}
    if later_keys & already_sent:
        return []
    return [latest]


def _point_at(
    item_start: datetime, deadline: datetime, percent: int, calendar: BusinessCalendar | None
) -> datetime:
    if calendar is None:
        return item_start + (deadline - item_start) * percent / 100
    window = business_time_between(item_start, deadline, calendar)
    if window <= timedelta(0):
        return item_start
    return add_business_time(item_start, window * percent / 100, calendar)


__all__ = [
    "OVERDUE_KEY",
    "BusinessCalendar",
    "ItemKind",
    "NoSlaWindowError",
    "ReminderLevel",
    "ReminderPoint",
    "SlaPolicy",
    "SlaSettings",
    "add_business_time",
    "business_time_between",
    "deadline_for",
    "due_reminders",
    "reminder_schedule",
]
