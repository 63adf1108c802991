"""Escaping, truncation and time formatting for text shown in Slack."""

from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from handlers.texts import Lang, text

DEFAULT_TZ = ZoneInfo("Asia/Seoul")


def escape_mrkdwn(value: str) -> str:
    """Escape `&`, `<` and `>`, so text from Coupang cannot form Slack mentions or links."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def truncate_with_note(value: str, limit: int, note: str) -> str:
    """Cut `value` to at most `limit` characters, ending with `note` when cut.

    `note` may contain `{count}`, which becomes the number of characters left out.
    """
    if len(value) <= limit:
        return value
    # The count has at most as many digits as len(value), so this budget always fits.
    budget = limit - len(note.format(count=len(value)))
    if budget < 0:
        raise ValueError(f"limit {limit} leaves no room for the truncation note")
    return value[:budget] + note.format(count=len(value) - budget)


def truncate_plain(value: str, limit: int) -> str:
    """Cut plain text to `limit` characters, ending with "…" when cut."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def format_time(moment: datetime, tz: tzinfo) -> str:
    """Format an aware datetime in `tz` with the zone named, e.g. "2026-12-04 17:05 KST"."""
    local = moment.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def format_duration(seconds: float, lang: Lang) -> str:
    """Format a duration as days, hours and minutes (rounded down), e.g. "1일 3시간 5분"."""
    total_minutes = int(seconds // 60)
    if total_minutes < 1:
        return text("duration.under_a_minute", lang)
    days, remainder = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(remainder, 60)
    parts = []
    if days:
        parts.append(text("duration.days", lang, count=days))
    if hours:
        parts.append(text("duration.hours", lang, count=hours))
    if minutes and not days:
        parts.append(text("duration.minutes", lang, count=minutes))
    return " ".join(parts)


def describe_deadline(
    deadline_at: datetime | None, *, overdue: bool, now: datetime, tz: tzinfo, lang: Lang
) -> str:
    """Describe an SLA deadline: the time in `tz` and the time left, or how long it is overdue."""
    if deadline_at is None:
        return text("card.overdue", lang) if overdue else text("card.no_deadline", lang)
    when = format_time(deadline_at, tz)
    remaining = (deadline_at - now).total_seconds()
    if remaining > 0 and not overdue:
        return f"{when} ({text('card.time_left', lang, duration=format_duration(remaining, lang))})"
    if remaining >= 0:
        # Flagged overdue by the SLA policy before the clock deadline (e.g. business hours).
        return f"{when} ({text('card.overdue', lang)})"
    late = format_duration(-remaining, lang)
    return f"{when} ({text('card.overdue_by', lang, duration=late)})"
