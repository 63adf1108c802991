"""Truncation, escaping and time formatting used by the card builders."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.formatting import (
    DEFAULT_TZ,
    describe_deadline,
    escape_mrkdwn,
    format_duration,
    format_time,
    truncate_with_note,
)
from handlers.texts import Lang

NOTE = "… ({count} more characters not shown)"
NOW = datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


@given(value=st.text(max_size=3_000), limit=st.integers(min_value=60, max_value=2_000))
def test_truncation_respects_limit(value: str, limit: int) -> None:
    result = truncate_with_note(value, limit, NOTE)

    assert len(result) <= limit
    if len(value) <= limit:
        assert result == value
    else:
        kept = result[: result.rindex("… (")]
        assert value.startswith(kept)
        assert result.endswith(f"({len(value) - len(kept)} more characters not shown)")


def test_truncation_needs_room_for_note() -> None:
    with pytest.raises(ValueError, match="no room"):
        truncate_with_note("x" * 100, 10, NOTE)


@given(st.text())
def test_escaped_text_has_no_markup(value: str) -> None:
    escaped = escape_mrkdwn(value)

    assert "<" not in escaped
    assert ">" not in escaped
    assert escaped.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == value


@pytest.mark.parametrize(
    ("seconds", "lang", "expected"),
    [
        (30, Lang.KO, "1분 미만"),
        (59 * 60, Lang.EN, "59 min"),
        (3 * 3600 + 12 * 60 + 59, Lang.KO, "3시간 12분"),
        (2 * 3600, Lang.EN, "2 h"),
        (26 * 3600 + 5 * 60, Lang.EN, "1 d 2 h"),
        (3 * 86400, Lang.KO, "3일"),
    ],
)
def test_duration_formats(seconds: float, lang: Lang, expected: str) -> None:
    assert format_duration(seconds, lang) == expected


def test_time_names_zone() -> None:
    assert format_time(NOW, DEFAULT_TZ) == "2026-12-04 17:00 KST"
    assert format_time(NOW, UTC) == "2026-12-04 08:00 UTC"
    assert format_time(NOW, timezone(timedelta(hours=-5))) == "2026-12-04 03:00 UTC-05:00"


def test_deadline_flagged_overdue_early() -> None:
    deadline = NOW + timedelta(hours=1)

    described = describe_deadline(deadline, overdue=True, now=NOW, tz=UTC, lang=Lang.EN)

    assert described == "2026-12-04 09:00 UTC (Overdue)"


def test_overdue_without_deadline() -> None:
    assert describe_deadline(None, overdue=True, now=NOW, tz=UTC, lang=Lang.KO) == "기한 초과"
