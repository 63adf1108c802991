"""Read one item's current state from Coupang, just before and just after a write.

Coupang has no single-record read for product inquiries or exchanges, so those are found
in the list around the item's creation time. A return that Coupang no longer serves is
looked up among withdrawals.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.services.normalize import (
    ItemStatus,
    PolledItem,
    normalize_call_center_inquiry,
    normalize_exchange_request,
    normalize_online_inquiry,
    normalize_return_request,
)
from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from coupang.client import CoupangClient
from coupang.errors import ApiErrorKind, CoupangApiError
from coupang.fields import KOREA_TZ
from coupang.models import AnsweredType

# List pages read to find one record; an item further down is reported as not found.
MAX_PAGES = 20
# Half-width of the creation-time window searched for an exchange.
EXCHANGE_WINDOW = timedelta(hours=1)


class ItemNotFoundError(LookupError):
    """Coupang no longer lists the item (deleted, or outside the searched window)."""


@dataclass(frozen=True)
class CurrentState:
    """The item as Coupang shows it now: the tracked status and the parsed record."""

    polled: PolledItem
    record: Any

    @property
    def status(self) -> ItemStatus:
        return self.polled.status


async def read_current_state(client: CoupangClient, item: StoredItem) -> CurrentState:
    """Fetch the item from Coupang and map it as the poller would."""
    readers = {
        ItemKind.ONLINE_INQUIRY: _online_inquiry,
        ItemKind.CALL_CENTER_INQUIRY: _call_center_inquiry,
        ItemKind.RETURN_REQUEST: _return_request,
        ItemKind.EXCHANGE_REQUEST: _exchange_request,
    }
    return await readers[item.kind](client, item)


async def _online_inquiry(client: CoupangClient, item: StoredItem) -> CurrentState:
    day = item.created_at.astimezone(KOREA_TZ).date()
    for page_num in range(1, MAX_PAGES + 1):
        page = await client.list_online_inquiries(day, day, AnsweredType.ALL, page_num=page_num)
        for inquiry in page.content:
            if inquiry.inquiry_id == item.coupang_id:
                return CurrentState(normalize_online_inquiry(inquiry), inquiry)
        pagination = page.pagination
        if not page.content or pagination is None or page_num >= (pagination.total_pages or 0):
            break
    raise ItemNotFoundError(f"product inquiry {item.coupang_id} is not listed by Coupang")


async def _call_center_inquiry(client: CoupangClient, item: StoredItem) -> CurrentState:
    inquiry = await client.get_call_center_inquiry(item.coupang_id)
    return CurrentState(normalize_call_center_inquiry(inquiry), inquiry)


async def _return_request(client: CoupangClient, item: StoredItem) -> CurrentState:
    try:
        receipt = await client.get_return_request(item.coupang_id)
    except CoupangApiError as exc:
        if exc.kind is not ApiErrorKind.RECEIPT_NOT_FOUND:
            raise
        withdrawals = await client.get_return_withdrawals([item.coupang_id])
        if not any(w.cancel_id == item.coupang_id for w in withdrawals):
            raise ItemNotFoundError(f"return {item.coupang_id} is not served by Coupang") from None
        polled = PolledItem(
            kind=ItemKind.RETURN_REQUEST,
            coupang_id=item.coupang_id,
            status=ItemStatus.WITHDRAWN,
            status_detail="WITHDRAWN",
            created_at=item.created_at,
            raw={},
        )
        return CurrentState(polled, None)
    return CurrentState(normalize_return_request(receipt), receipt)


async def _exchange_request(client: CoupangClient, item: StoredItem) -> CurrentState:
    start = item.created_at - EXCHANGE_WINDOW
    end = item.created_at + EXCHANGE_WINDOW
    next_token: str | None = None
    for _ in range(MAX_PAGES):
        page = await client.list_exchange_requests(start, end, next_token=next_token)
        for exchange in page.items:
            if exchange.exchange_id == item.coupang_id:
                return CurrentState(normalize_exchange_request(exchange), exchange)
        next_token = page.next_token
        if not next_token:
            break
    raise ItemNotFoundError(f"exchange {item.coupang_id} is not listed by Coupang")
