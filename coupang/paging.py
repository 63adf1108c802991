"""Paging helpers and period splitting for Coupang list endpoints.

Coupang pages lists three ways: `pageNum` with a `pagination` block (inquiries),
`nextToken` (returns, exchanges) and `nextPageIndex` (withdrawals). Each list also limits
the period one call may cover, counted in Korea dates: 7 days for inquiries, exchanges and
withdrawals, 31 days for returns. The `iter_*` functions split a period into allowed
windows, call the client serially (one call at a time per vendor) and yield items.

NOTE: records that fail validation are left out of each page's items (the client returns
them in the page's `skipped`), and these iterators do not report them. The poller reads pages
itself so that it can log and count them.
"""

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from typing import TypeVar

from coupang.client import (
    CALL_CENTER_MAX_PAGE_SIZE,
    ONLINE_INQUIRY_MAX_PAGE_SIZE,
    CoupangClient,
    IndexPage,
    TokenPage,
)
from coupang.errors import CoupangResponseError
from coupang.fields import KOREA_TZ
from coupang.models import (
    AnsweredType,
    CallCenterInquiry,
    CounselingStatus,
    ExchangeRequest,
    OnlineInquiry,
    ReturnRequest,
    ReturnStatusFilter,
    ReturnWithdrawal,
)

ItemT = TypeVar("ItemT")

# NOTE: Coupang states "<= 7 days" for inquiries without saying whether both ends count,
# so windows span 7 calendar days including both ends (end = start + 6).
INQUIRY_WINDOW_DAYS = 7
WITHDRAWAL_WINDOW_DAYS = 7
RETURN_WINDOW_DAYS = 31
# Exchange lists need `createdAtTo - createdAtFrom` under 7 days; times have 1 s resolution.
EXCHANGE_WINDOW = timedelta(days=7) - timedelta(seconds=1)
TIME_RESOLUTION = timedelta(seconds=1)
# Stops a server that keeps returning pages from looping forever.
MAX_PAGES = 1000


def korea_date(moment: datetime) -> date:
    """Return the Korea calendar date of an aware datetime; raise ValueError if naive."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("period bounds must be aware datetimes")
    return moment.astimezone(KOREA_TZ).date()


def split_date_range(start: date, end: date, window_days: int) -> list[tuple[date, date]]:
    """Split the inclusive range start..end into windows of at most `window_days` dates."""
    if window_days < 1:
        raise ValueError(f"window_days must be at least 1, got {window_days}")
    if end < start:
        raise ValueError(f"range end {end} is before its start {start}")
    windows = []
    window_start = start
    while window_start <= end:
        window_end = min(window_start + timedelta(days=window_days - 1), end)
        windows.append((window_start, window_end))
        window_start = window_end + timedelta(days=1)
    return windows


def split_time_range(
    start: datetime, end: datetime, max_span: timedelta
) -> list[tuple[datetime, datetime]]:
    """Split start..end into windows whose `to - from` is at most `max_span`.

    Windows do not overlap: each starts one second after the previous one ends.
    """
    korea_date(start)
    korea_date(end)
    if end < start:
        raise ValueError(f"range end {end} is before its start {start}")
    if max_span < TIME_RESOLUTION:
        raise ValueError("max_span must be at least one second")
    windows = []
    window_start = start
    while window_start <= end:
        window_end = min(window_start + max_span, end)
        windows.append((window_start, window_end))
        window_start = window_end + TIME_RESOLUTION
    return windows


async def iter_by_page_number(
    fetch_page: Callable[[int], Awaitable[tuple[Sequence[ItemT], int | None]]],
    *,
    page_size: int,
) -> AsyncIterator[ItemT]:
    """Yield items from `pageNum` pages until `totalPages` is reached or a page is short.

    `fetch_page(n)` returns the items of page n and `totalPages` (None if absent).
    """
    for page_num in range(1, MAX_PAGES + 1):
        items, total_pages = await fetch_page(page_num)
        for item in items:
            yield item
        if total_pages is not None and page_num >= total_pages:
            return
        if total_pages is None and len(items) < page_size:
            return
        if not items:
            return
    raise CoupangResponseError("paging", detail=f"more than {MAX_PAGES} pages")


async def iter_by_next_token(
    fetch_page: Callable[[str | None], Awaitable[TokenPage[ItemT]]],
) -> AsyncIterator[ItemT]:
    """Yield items from `nextToken` pages until the token is empty.

    Raises CoupangResponseError if Coupang sends a token it already sent, which would
    otherwise loop forever.
    """
    token: str | None = None
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        page = await fetch_page(token)
        for item in page.items:
            yield item
        if page.next_token is None:
            return
        if page.next_token in seen:
            raise CoupangResponseError("paging", detail="Coupang repeated a nextToken")
        seen.add(page.next_token)
        token = page.next_token
    raise CoupangResponseError("paging", detail=f"more than {MAX_PAGES} pages")


async def iter_by_page_index(
    fetch_page: Callable[[int], Awaitable[IndexPage[ItemT]]],
) -> AsyncIterator[ItemT]:
    """Yield items from `nextPageIndex` pages until the index is empty.

    Raises CoupangResponseError if the next index does not move forward.
    """
    index = 1
    for _ in range(MAX_PAGES):
        page = await fetch_page(index)
        for item in page.items:
            yield item
        if page.next_page_index is None:
            return
        if page.next_page_index <= index:
            raise CoupangResponseError("paging", detail="nextPageIndex did not advance")
        index = page.next_page_index
    raise CoupangResponseError("paging", detail=f"more than {MAX_PAGES} pages")


async def iter_online_inquiries(
    client: CoupangClient,
    start: datetime,
    end: datetime,
    answered_type: AnsweredType = AnsweredType.NOANSWER,
    *,
    page_size: int = ONLINE_INQUIRY_MAX_PAGE_SIZE,
) -> AsyncIterator[OnlineInquiry]:
    """Yield product inquiries asked on the Korea dates from `start` to `end` (inclusive)."""
    for window_start, window_end in split_date_range(
        korea_date(start), korea_date(end), INQUIRY_WINDOW_DAYS
    ):

        async def fetch(
            page_num: int, first: date = window_start, last: date = window_end
        ) -> tuple[list[OnlineInquiry], int | None]:
            page = await client.list_online_inquiries(
                first, last, answered_type, page_num=page_num, page_size=page_size
            )
            return page.content, page.pagination.total_pages if page.pagination else None

        async for inquiry in iter_by_page_number(fetch, page_size=page_size):
            yield inquiry


async def iter_call_center_inquiries(
    client: CoupangClient,
    start: datetime,
    end: datetime,
    counseling_status: CounselingStatus = CounselingStatus.NO_ANSWER,
    *,
    page_size: int = CALL_CENTER_MAX_PAGE_SIZE,
) -> AsyncIterator[CallCenterInquiry]:
    """Yield call-center inquiries on the Korea dates from `start` to `end` (inclusive)."""
    for window_start, window_end in split_date_range(
        korea_date(start), korea_date(end), INQUIRY_WINDOW_DAYS
    ):

        async def fetch(
            page_num: int, first: date = window_start, last: date = window_end
        ) -> tuple[list[CallCenterInquiry], int | None]:
            page = await client.list_call_center_inquiries(
                first, last, counseling_status, page_num=page_num, page_size=page_size
            )
            return page.content, page.pagination.total_pages if page.pagination else None

        async for inquiry in iter_by_page_number(fetch, page_size=page_size):
            yield inquiry


async def iter_return_requests(
    client: CoupangClient, status: ReturnStatusFilter, start: datetime, end: datetime
) -> AsyncIterator[ReturnRequest]:
    """Yield return receipts in one status created on the Korea dates `start`..`end`."""
    for window_start, window_end in split_date_range(
        korea_date(start), korea_date(end), RETURN_WINDOW_DAYS
    ):

        async def fetch(
            token: str | None, first: date = window_start, last: date = window_end
        ) -> TokenPage[ReturnRequest]:
            return await client.list_return_requests(status, first, last, next_token=token)

        async for request in iter_by_next_token(fetch):
            yield request


async def iter_cancellations(
    client: CoupangClient, start: datetime, end: datetime
) -> AsyncIterator[ReturnRequest]:
    """Yield orders cancelled before shipping, created on the Korea dates `start`..`end`."""
    for window_start, window_end in split_date_range(
        korea_date(start), korea_date(end), RETURN_WINDOW_DAYS
    ):

        async def fetch(
            token: str | None, first: date = window_start, last: date = window_end
        ) -> TokenPage[ReturnRequest]:
            return await client.list_cancellations(first, last, next_token=token)

        async for request in iter_by_next_token(fetch):
            yield request


async def iter_return_withdrawals(
    client: CoupangClient, start: datetime, end: datetime
) -> AsyncIterator[ReturnWithdrawal]:
    """Yield returns withdrawn on the Korea dates from `start` to `end` (inclusive)."""
    for window_start, window_end in split_date_range(
        korea_date(start), korea_date(end), WITHDRAWAL_WINDOW_DAYS
    ):

        async def fetch(
            index: int, first: date = window_start, last: date = window_end
        ) -> IndexPage[ReturnWithdrawal]:
            return await client.list_return_withdrawals(first, last, page_index=index)

        async for withdrawal in iter_by_page_index(fetch):
            yield withdrawal


async def iter_exchange_requests(
    client: CoupangClient, start: datetime, end: datetime
) -> AsyncIterator[ExchangeRequest]:
    """Yield exchange requests created between two aware datetimes, in windows under 7 days."""
    for window_start, window_end in split_time_range(start, end, EXCHANGE_WINDOW):

        async def fetch(
            token: str | None, first: datetime = window_start, last: datetime = window_end
        ) -> TokenPage[ExchangeRequest]:
            return await client.list_exchange_requests(first, last, next_token=token)

        async for request in iter_by_next_token(fetch):
            yield request
