"""Read one vendor's lists from Coupang over an overlapping window, page by page, deduplicated.

Windows are split into spans that each list endpoint accepts (7 days for CS, withdrawals and
exchanges), and every record is normalised to a `PolledItem` keyed by its Coupang id.
"""

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.services.normalize import (
    PolledItem,
    normalize_call_center_inquiry,
    normalize_exchange_request,
    normalize_online_inquiry,
    normalize_return_request,
)
from bot.storage.tables import ItemKind
from coupang.client import CoupangClient
from coupang.errors import CoupangServerError
from coupang.fields import KOREA_TZ
from coupang.models import AnsweredType, CounselingStatus, ReturnStatusFilter, ReturnWithdrawal
from coupang.responses import SkippedRecord

log = logging.getLogger(__name__)

# CS, withdrawal and exchange lists accept at most 7 days; 6 keeps both ends inclusive.
DATE_SPAN = timedelta(days=6)
# Exchange windows are timestamps and must stay under 7 days.
EXCHANGE_SPAN = timedelta(days=6, hours=23)
# Coupang reads exchange window ends to the second, so a request created in the current
# second would fall after an end of "now"; the last window ends this much later instead.
EXCHANGE_END_MARGIN = timedelta(minutes=1)
WITHDRAWAL_IDS_PER_CALL = 50
# Stops a list whose paging never ends (a server bug) from looping forever.
MAX_PAGES = 200
# How far back a poll reaches to follow items that are still open: the return list takes
# 31 days in one call per status, the CS and exchange lists 7 days per call.
MAX_WINDOW = {
    ItemKind.ONLINE_INQUIRY: timedelta(days=7),
    ItemKind.CALL_CENTER_INQUIRY: timedelta(days=7),
    ItemKind.RETURN_REQUEST: timedelta(days=30),
    ItemKind.EXCHANGE_REQUEST: timedelta(days=7),
}

CallCounter = Callable[[str], None]


@dataclass(frozen=True)
class FetchCounters:
    """Callbacks that count Coupang calls and skipped records, each by operation name."""

    count_call: CallCounter
    count_skipped: CallCounter

    def call(self, operation: str) -> None:
        """Count one call of `operation`."""
        self.count_call(operation)

    def skip(self, operation: str, skipped: tuple[SkippedRecord, ...]) -> None:
        """Log and count the records of one page that failed validation.

        The log line carries the record id and the failing field locations, never values.
        """
        for record in skipped:
            log.warning(
                "coupang.record.skipped",
                extra={"operation": operation, "id": record.record_id, "detail": record.detail},
            )
            self.count_skipped(operation)


@dataclass(frozen=True)
class Window:
    """The overlapping poll window `[start, end]`, both aware UTC datetimes."""

    start: datetime
    end: datetime

    @classmethod
    def ending_at(cls, end: datetime, lookback: timedelta) -> "Window":
        return cls(end - lookback, end)

    def reaching_back_to(self, moment: datetime | None, max_length: timedelta) -> "Window":
        """Return the window started early enough to include `moment`, up to `max_length`."""
        if moment is None or moment >= self.start:
            return self
        return Window(max(moment, self.end - max_length), self.end)

    def korea_date_spans(self) -> Iterator[tuple[date, date]]:
        """Yield `(first, last)` Korea calendar dates covering the window, 7 days at most each."""
        first = self.start.astimezone(KOREA_TZ).date()
        last = self.end.astimezone(KOREA_TZ).date()
        while first <= last:
            span_end = min(first + DATE_SPAN, last)
            yield first, span_end
            first = span_end + timedelta(days=1)

    def time_spans(self, span: timedelta) -> Iterator[tuple[datetime, datetime]]:
        """Yield consecutive `(start, end)` sub-windows no longer than `span`."""
        start = self.start
        while start < self.end:
            end = min(start + span, self.end)
            yield start, end
            start = end


async def fetch_online_inquiries(
    client: CoupangClient, window: Window, counters: FetchCounters
) -> dict[int, PolledItem]:
    """List product inquiries asked in the window, answered or not (`answeredType=ALL`)."""
    items: dict[int, PolledItem] = {}
    for first, last in window.korea_date_spans():
        for page_num in range(1, MAX_PAGES + 1):
            counters.call("list_online_inquiries")
            page = await client.list_online_inquiries(
                first, last, AnsweredType.ALL, page_num=page_num
            )
            counters.skip("list_online_inquiries", page.skipped)
            for inquiry in page.content:
                items[inquiry.inquiry_id] = normalize_online_inquiry(inquiry)
            if not page.content or page.pagination is None:
                break
            if page_num >= page.pagination.total_pages:
                break
    return items


async def fetch_call_center_inquiries(
    client: CoupangClient, window: Window, counters: FetchCounters
) -> dict[int, PolledItem]:
    """List call-center inquiries in the window with status NONE, which contains every status."""
    items: dict[int, PolledItem] = {}
    for first, last in window.korea_date_spans():
        for page_num in range(1, MAX_PAGES + 1):
            counters.call("list_call_center_inquiries")
            page = await client.list_call_center_inquiries(
                first, last, CounselingStatus.NONE, page_num=page_num
            )
            counters.skip("list_call_center_inquiries", page.skipped)
            for inquiry in page.content:
                items[inquiry.inquiry_id] = normalize_call_center_inquiry(inquiry)
            if not page.content or page.pagination is None:
                break
            if page_num >= page.pagination.total_pages:
                break
    return items


async def fetch_return_requests(
    client: CoupangClient, window: Window, counters: FetchCounters
) -> dict[int, PolledItem]:
    """List return receipts in each status RU, UC, CC and PR, merged by `receiptId`.

    A stop-shipment request is listed under both RU and UC; the later list wins, which
    is the same record.
    """
    first = window.start.astimezone(KOREA_TZ).date()
    last = window.end.astimezone(KOREA_TZ).date()
    items: dict[int, PolledItem] = {}
    for status in ReturnStatusFilter:
        next_token: str | None = None
        for _page in range(MAX_PAGES):
            counters.call("list_return_requests")
            page = await client.list_return_requests(status, first, last, next_token=next_token)
            counters.skip("list_return_requests", page.skipped)
            for receipt in page.items:
                items[receipt.receipt_id] = normalize_return_request(receipt)
            next_token = page.next_token
            if not next_token:
                break
    return items


async def fetch_exchange_requests(
    client: CoupangClient, window: Window, counters: FetchCounters
) -> dict[int, PolledItem]:
    """List exchange requests created in the window; cancelled ones stay listed as CANCEL."""
    items: dict[int, PolledItem] = {}
    for start, span_end in window.time_spans(EXCHANGE_SPAN):
        end = span_end + EXCHANGE_END_MARGIN if span_end == window.end else span_end
        next_token: str | None = None
        for _page in range(MAX_PAGES):
            counters.call("list_exchange_requests")
            page = await client.list_exchange_requests(start, end, next_token=next_token)
            counters.skip("list_exchange_requests", page.skipped)
            for exchange in page.items:
                items[exchange.exchange_id] = normalize_exchange_request(exchange)
            next_token = page.next_token
            if not next_token:
                break
    return items


async def fetch_withdrawn_receipt_ids(
    client: CoupangClient,
    window: Window,
    missing_ids: list[int],
    counters: FetchCounters,
) -> set[int]:
    """Return which of `missing_ids` were withdrawn: from the window's history, then by id.

    The lookup by id covers receipts withdrawn before the window; it takes 50 ids a call.
    Coupang documents a 500 for ids it cannot resolve, so a failed lookup is logged and
    its ids count as not withdrawn until the next poll.
    """
    withdrawn: set[int] = set()
    for first, last in window.korea_date_spans():
        page_index: int | None = 1
        for _page in range(MAX_PAGES):
            if page_index is None:
                break
            counters.call("list_return_withdrawals")
            page = await client.list_return_withdrawals(first, last, page_index=page_index)
            counters.skip("list_return_withdrawals", page.skipped)
            withdrawn.update(_ids(page.items))
            page_index = page.next_page_index

    unresolved = [receipt_id for receipt_id in missing_ids if receipt_id not in withdrawn]
    for offset in range(0, len(unresolved), WITHDRAWAL_IDS_PER_CALL):
        batch = unresolved[offset : offset + WITHDRAWAL_IDS_PER_CALL]
        counters.call("get_return_withdrawals")
        try:
            found = await client.get_return_withdrawals(batch)
        except CoupangServerError as exc:
            log.warning(
                "withdrawals.lookup.failed", extra={"error": type(exc).__name__, "ids": len(batch)}
            )
            continue
        withdrawn.update(_ids(found))
    return withdrawn & set(missing_ids)


def _ids(withdrawals: list[ReturnWithdrawal]) -> set[int]:
    return {withdrawal.cancel_id for withdrawal in withdrawals}


FETCHERS = {
    ItemKind.ONLINE_INQUIRY: fetch_online_inquiries,
    ItemKind.CALL_CENTER_INQUIRY: fetch_call_center_inquiries,
    ItemKind.RETURN_REQUEST: fetch_return_requests,
    ItemKind.EXCHANGE_REQUEST: fetch_exchange_requests,
}
