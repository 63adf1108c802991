"""Korean Slack mrkdwn text of one channel's daily digest, rendered from DigestFigures."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.services.digest import AgeBucket, AnswerRate, DigestFigures
from bot.storage.tables import ItemKind

KIND_LABELS: Mapping[ItemKind, str] = {
    ItemKind.ONLINE_INQUIRY: "상품 문의",
    ItemKind.CALL_CENTER_INQUIRY: "고객센터 문의",
    ItemKind.RETURN_REQUEST: "반품",
    ItemKind.EXCHANGE_REQUEST: "교환",
}
# Coupang's Korean names for return `receiptStatus` and exchange `exchangeStatus` codes.
# An unknown code is shown as it is.
STATUS_LABELS: Mapping[str, str] = {
    "RELEASE_STOP_UNCHECKED": "출고중지요청",
    "RETURNS_UNCHECKED": "반품접수",
    "VENDOR_WAREHOUSE_CONFIRM": "입고완료",
    "REQUEST_COUPANG_CHECK": "쿠팡확인요청",
    "RETURNS_COMPLETED": "반품완료",
    "RECEIPT": "접수",
    "PROGRESS": "진행",
    "SUCCESS": "완료",
    "REJECT": "불가",
    "CANCEL": "철회",
}
AGE_LABELS: Mapping[AgeBucket, str] = {
    AgeBucket.UNDER_1_DAY: "1일 미만",
    AgeBucket.DAYS_1_TO_3: "1~3일",
    AgeBucket.DAYS_3_TO_7: "3~7일",
    AgeBucket.OVER_7_DAYS: "7일 이상",
}
WEEKDAYS_KO = "월화수목금토일"
NO_VALUE = "–"


def render_digest_text(
    figures: DigestFigures, *, display_names: Mapping[str, str] | None = None
) -> str:
    """Render the digest as Korean Slack mrkdwn, one figure group per line.

    Agents appear by `display_names[id]` when given, else by their raw id. They are never
    written as `<@U…>` mentions, because a mention would notify every agent every day.
    Product names and agent names are escaped for Slack (`&`, `<`, `>`).
    """
    names = display_names or {}
    day = figures.day
    lines = [
        f"*일일 리포트 · {day.isoformat()} ({WEEKDAYS_KO[day.weekday()]})*",
        f"*신규* {_by_kind(figures.new_by_kind)}",
        f"*답변* {_by_kind(figures.answered_by_kind)}",
        "*24시간 내 답변율*",
    ]
    for kind, day_rate in figures.answer_rate_day.items():
        month_rate = figures.answer_rate_30_days[kind]
        lines.append(
            f"• {KIND_LABELS[kind]}: 어제 {_rate(day_rate)} · 최근 30일 {_rate(month_rate)}"
        )

    times = figures.response_times
    lines.append(
        f"*첫 응답 시간* 중앙값 {_duration(times.median)} · 90백분위 {_duration(times.p90)}"
        f" ({times.count}건)"
    )
    overdue = {kind: count for kind, count in figures.overdue_by_kind.items() if count}
    lines.append(f"*기한 초과* {_by_kind(overdue) if overdue else '없음'}")

    lines.append("*반품·교환 미처리*")
    backlog_lines = [
        f"• {KIND_LABELS[kind]} {STATUS_LABELS.get(status, status)}: {_buckets(buckets)}"
        for kind, statuses in figures.backlog.items()
        for status, buckets in sorted(statuses.items())
    ]
    lines.extend(backlog_lines or ["• 없음"])

    products = [f"{_escape(name)} {count}건" for name, count in figures.top_products]
    lines.append(f"*문의 많은 상품 (30일)* {' · '.join(products) or '없음'}")
    agents = [
        f"{_escape(names.get(agent, agent))} {count}건" for agent, count in figures.answers_by_agent
    ]
    lines.append(f"*담당자별 답변* {' · '.join(agents) or '없음'}")
    return "\n".join(lines)


def _by_kind(counts: Mapping[ItemKind, int]) -> str:
    return " · ".join(f"{KIND_LABELS[kind]} {count}" for kind, count in counts.items())


def _rate(rate: AnswerRate) -> str:
    share = rate.share
    text = NO_VALUE if share is None else f"{share * 100:.0f}%"
    detail = f"{rate.met}/{rate.decided}"
    if rate.pending:
        detail += f", 대기 {rate.pending}"
    return f"{text} ({detail})"


def _duration(value: timedelta | None) -> str:
    if value is None:
        return NO_VALUE
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes}분"
    return f"{hours}시간 {minutes}분" if minutes else f"{hours}시간"


def _buckets(buckets: Mapping[AgeBucket, int]) -> str:
    return ", ".join(f"{AGE_LABELS[bucket]} {count}" for bucket, count in buckets.items() if count)


def _escape(text: str) -> str:
    # Slack reads &, < and > as control characters in message text.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
