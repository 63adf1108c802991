"""Korean mrkdwn rendering of digest figures."""

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.services.digest import (
    AgeBucket,
    AnswerRate,
    DailyPoint,
    DigestFigures,
    ResponseTimes,
    compute_digests,
)
from bot.services.digest_text import render_digest_text
from bot.storage.tables import ItemKind

PI = ItemKind.ONLINE_INQUIRY
CC = ItemKind.CALL_CENTER_INQUIRY
RET = ItemKind.RETURN_REQUEST
EXC = ItemKind.EXCHANGE_REQUEST
ZERO_BUCKETS = dict.fromkeys(AgeBucket, 0)

FIGURES = DigestFigures(
    channel="C0CSTEAM01",
    day=date(2025, 11, 11),
    new_by_kind={PI: 3, CC: 1, RET: 1, EXC: 0},
    answered_by_kind={PI: 3, CC: 2, RET: 0, EXC: 1},
    answer_rate_day={
        PI: AnswerRate(met=2, decided=2, pending=1),
        CC: AnswerRate(met=1, decided=1, pending=0),
    },
    answer_rate_30_days={
        PI: AnswerRate(met=3, decided=6, pending=1),
        CC: AnswerRate(met=0, decided=0, pending=0),
    },
    response_times=ResponseTimes(
        count=5, median=timedelta(hours=2, minutes=30), p90=timedelta(hours=25)
    ),
    overdue_by_kind={PI: 1, CC: 0, RET: 1, EXC: 0},
    backlog={
        RET: {
            "VENDOR_WAREHOUSE_CONFIRM": ZERO_BUCKETS | {AgeBucket.OVER_7_DAYS: 1},
            "RETURNS_UNCHECKED": ZERO_BUCKETS
            | {AgeBucket.UNDER_1_DAY: 1, AgeBucket.DAYS_3_TO_7: 1},
        },
        EXC: {"NEW_CODE": ZERO_BUCKETS | {AgeBucket.DAYS_1_TO_3: 2}},
    },
    top_products=[("텀블러 <500ml> & 뚜껑", 3), ("머그컵", 2)],
    answers_by_agent=[("U0AGENT0001", 3), ("wing-synthetic-01", 1)],
    series=[DailyPoint(date(2025, 11, 11), 4, 3)],
)


def test_digest_text_full() -> None:
    text = render_digest_text(FIGURES, display_names={"U0AGENT0001": "이서연"})

    assert text.splitlines() == [
        "*일일 리포트 · 2025-11-11 (화)*",
        "*신규* 상품 문의 3 · 고객센터 문의 1 · 반품 1 · 교환 0",
        "*답변* 상품 문의 3 · 고객센터 문의 2 · 반품 0 · 교환 1",
        "*24시간 내 답변율*",
        "• 상품 문의: 어제 100% (2/2, 대기 1) · 최근 30일 50% (3/6, 대기 1)",
        "• 고객센터 문의: 어제 100% (1/1) · 최근 30일 – (0/0)",
        "*첫 응답 시간* 중앙값 2시간 30분 · 90백분위 25시간 (5건)",
        "*기한 초과* 상품 문의 1 · 반품 1",
        "*반품·교환 미처리*",
        "• 반품 반품접수: 1일 미만 1, 3~7일 1",
        "• 반품 입고완료: 7일 이상 1",
        "• 교환 NEW_CODE: 1~3일 2",
        "*문의 많은 상품 (30일)* 텀블러 &lt;500ml&gt; &amp; 뚜껑 3건 · 머그컵 2건",
        "*담당자별 답변* 이서연 3건 · wing-synthetic-01 1건",
    ]


def test_digest_text_never_mentions_agents() -> None:
    text = render_digest_text(FIGURES)

    assert "<@" not in text
    assert "U0AGENT0001 3건" in text


def test_digest_text_for_empty_channel() -> None:
    now = datetime(2025, 11, 12, 9, tzinfo=ZoneInfo("Asia/Seoul"))
    figures = compute_digests([], now, channels=["C0EMPTY001"])["C0EMPTY001"]

    lines = render_digest_text(figures).splitlines()

    assert "*첫 응답 시간* 중앙값 – · 90백분위 – (0건)" in lines
    assert "*기한 초과* 없음" in lines
    assert "*문의 많은 상품 (30일)* 없음" in lines
    assert "*담당자별 답변* 없음" in lines
    assert lines[lines.index("*반품·교환 미처리*") + 1] == "• 없음"


def test_digest_text_short_durations() -> None:
    times = ResponseTimes(count=2, median=timedelta(minutes=45), p90=timedelta(hours=3))

    text = render_digest_text(replace(FIGURES, response_times=times))

    assert "중앙값 45분 · 90백분위 3시간 (2건)" in text
