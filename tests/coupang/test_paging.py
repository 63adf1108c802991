"""Period splitting and the three Coupang paging styles, against the fake gateway."""

from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupang.client import CoupangClient
from coupang.errors import CoupangResponseError
from coupang.models import ReturnStatusFilter
from coupang.paging import (
    EXCHANGE_WINDOW,
    iter_exchange_requests,
    iter_online_inquiries,
    iter_return_requests,
    iter_return_withdrawals,
    korea_date,
    split_date_range,
    split_time_range,
)
from tests.coupang.fake_coupang import FakeCoupang, json_reply


def query_of(fake: FakeCoupang, index: int) -> dict[str, str]:
    parsed = parse_qs(fake.requests[index].raw_query)
    return {key: values[0] for key, values in parsed.items()}


def test_korea_date_crosses_midnight() -> None:
    assert korea_date(datetime(2025, 1, 1, 15, 0, tzinfo=UTC)) == date(2025, 1, 2)
    assert korea_date(datetime(2025, 1, 1, 14, 59, tzinfo=UTC)) == date(2025, 1, 1)


def test_korea_date_rejects_naive() -> None:
    with pytest.raises(ValueError, match="aware"):
        korea_date(datetime(2025, 1, 1))  # noqa: DTZ001


def test_split_date_range_into_weeks() -> None:
    windows = split_date_range(date(2025, 1, 1), date(2025, 1, 20), 7)

    assert windows == [
        (date(2025, 1, 1), date(2025, 1, 7)),
        (date(2025, 1, 8), date(2025, 1, 14)),
        (date(2025, 1, 15), date(2025, 1, 20)),
    ]


def test_split_date_range_rejects_reversed() -> None:
    with pytest.raises(ValueError, match="before"):
        split_date_range(date(2025, 1, 2), date(2025, 1, 1), 7)


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
    length=st.integers(min_value=0, max_value=400),
    window_days=st.integers(min_value=1, max_value=40),
)
def test_date_windows_cover_range_exactly(start: date, length: int, window_days: int) -> None:
    end = start + timedelta(days=length)

    windows = split_date_range(start, end, window_days)

    assert windows[0][0] == start
    assert windows[-1][1] == end
    for first, last in windows:
        assert first <= last
        assert (last - first).days < window_days
    for previous, following in zip(windows, windows[1:], strict=False):
        assert following[0] == previous[1] + timedelta(days=1)


@given(
    start=st.datetimes(
        min_value=datetime(2020, 1, 1),  # noqa: DTZ001
        max_value=datetime(2030, 1, 1),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
    length=st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=60)),
)
def test_time_windows_stay_under_span(start: datetime, length: timedelta) -> None:
    end = start + length

    windows = split_time_range(start, end, EXCHANGE_WINDOW)

    assert windows[0][0] == start
    assert windows[-1][1] == end
    for first, last in windows:
        assert timedelta(0) <= last - first < timedelta(days=7)
    for previous, following in zip(windows, windows[1:], strict=False):
        assert following[0] == previous[1] + timedelta(seconds=1)


def inquiry_page(ids: list[int], total_pages: int) -> dict[str, object]:
    content = [{"inquiryId": inquiry_id} for inquiry_id in ids]
    return {
        "code": 200,
        "data": {"content": content, "pagination": {"currentPage": 1, "totalPages": total_pages}},
    }


async def test_online_inquiries_walk_windows_and_pages(
    client: CoupangClient, fake: FakeCoupang
) -> None:
    fake.queue(
        json_reply(inquiry_page([1, 2], 2)),
        json_reply(inquiry_page([3], 2)),
        json_reply(inquiry_page([4], 1)),
    )
    start = datetime(2024, 12, 31, 15, 0, tzinfo=UTC)  # 2025-01-01 00:00 in Korea

    ids = [
        inquiry.inquiry_id
        async for inquiry in iter_online_inquiries(client, start, start + timedelta(days=9))
    ]

    assert ids == [1, 2, 3, 4]
    assert len(fake.requests) == 3
    first, second, third = (query_of(fake, index) for index in range(3))
    assert (first["inquiryStartAt"], first["inquiryEndAt"]) == ("2025-01-01", "2025-01-07")
    assert (first["pageNum"], second["pageNum"]) == ("1", "2")
    assert (third["inquiryStartAt"], third["inquiryEndAt"]) == ("2025-01-08", "2025-01-10")


async def test_short_page_without_pagination_ends(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(json_reply({"code": 200, "data": {"content": [{"inquiryId": 1}]}}))
    start = datetime(2025, 1, 1, tzinfo=UTC)

    ids = [inquiry.inquiry_id async for inquiry in iter_online_inquiries(client, start, start)]

    assert ids == [1]
    assert len(fake.requests) == 1


async def test_returns_follow_next_token(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(
        json_reply({"code": 200, "data": [{"receiptId": 1}], "nextToken": "t+1"}),
        json_reply({"code": 200, "data": [{"receiptId": 2}], "nextToken": ""}),
    )
    start = datetime(2025, 1, 1, tzinfo=UTC)

    ids = [
        request.receipt_id
        async for request in iter_return_requests(
            client, ReturnStatusFilter.RELEASE_STOP_UNCHECKED, start, start + timedelta(days=3)
        )
    ]

    assert ids == [1, 2]
    assert "nextToken" not in query_of(fake, 0)
    assert query_of(fake, 1)["nextToken"] == "t+1"
    assert query_of(fake, 1)["status"] == "RU"


async def test_repeated_next_token_raises(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.default = json_reply({"code": 200, "data": [{"receiptId": 1}], "nextToken": "same"})
    start = datetime(2025, 1, 1, tzinfo=UTC)

    with pytest.raises(CoupangResponseError, match="repeated a nextToken"):
        async for _ in iter_return_requests(
            client, ReturnStatusFilter.RETURNS_UNCHECKED, start, start
        ):
            pass

    assert len(fake.requests) == 2


async def test_withdrawals_follow_page_index(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(
        json_reply({"code": 200, "data": [{"cancelId": 1}], "nextPageIndex": "2"}),
        json_reply({"code": 200, "data": [{"cancelId": 2}], "nextPageIndex": ""}),
    )
    start = datetime(2025, 1, 1, tzinfo=UTC)

    ids = [
        withdrawal.cancel_id async for withdrawal in iter_return_withdrawals(client, start, start)
    ]

    assert ids == [1, 2]
    assert query_of(fake, 0)["pageIndex"] == "1"
    assert query_of(fake, 1)["pageIndex"] == "2"


async def test_exchanges_split_into_short_windows(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.default = json_reply({"code": 200, "data": [], "nextToken": None})
    start = datetime(2024, 12, 31, 15, 0, tzinfo=UTC)

    found = [
        request
        async for request in iter_exchange_requests(client, start, start + timedelta(days=10))
    ]

    assert found == []
    assert len(fake.requests) == 2
    assert query_of(fake, 0)["createdAtFrom"] == "2025-01-01T00:00:00"
    assert query_of(fake, 0)["createdAtTo"] == "2025-01-07T23:59:59"
    assert query_of(fake, 1)["createdAtFrom"] == "2025-01-08T00:00:00"
    assert query_of(fake, 1)["createdAtTo"] == "2025-01-11T00:00:00"
