"""`CoupangClient`: one async method per Coupang Wing Open API operation the bot uses.

Methods take typed arguments, send one signed request through `CoupangTransport` (reads may
be retried, writes never) and return parsed models from `coupang.models`. Every failure
raises from `coupang.errors`; invalid arguments raise ValueError before any call is made.
"""

import asyncio
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, Literal, TypeVar

import aiohttp
from aiolimiter import AsyncLimiter
from pydantic import BaseModel

from coupang.credentials import VendorCredentials
from coupang.endpoints import ApiVersion, CoupangEndpoints, WriteMethod
from coupang.errors import CoupangApiError, CoupangResponseError
from coupang.fields import KOREA_TZ
from coupang.models import (
    AnsweredType,
    CallCenterInquiry,
    CallCenterInquiryPage,
    CounselingStatus,
    ExchangeRejectCode,
    ExchangeRequest,
    ExchangeStatus,
    OnlineInquiryPage,
    OrderSheet,
    ResultData,
    ReturnInvoice,
    ReturnRequest,
    ReturnShippingCenter,
    ReturnStatusFilter,
    ReturnWithdrawal,
    SellerProduct,
)
from coupang.responses import DataShape, extract_data, parse_model, parse_model_list
from coupang.transport import (
    DEFAULT_BASE_URL,
    DEFAULT_RATE_PER_SECOND,
    DEFAULT_TIMEOUT_SECONDS,
    LIST_TIMEOUT_SECONDS,
    Clock,
    CoupangTransport,
    Endpoint,
    RawResponse,
    RetryPolicy,
    Sleep,
    utc_now,
)

ItemT = TypeVar("ItemT")
ModelT = TypeVar("ModelT", bound=BaseModel)
Query = list[tuple[str, str | int | None]]

ONLINE_INQUIRY_MAX_PAGE_SIZE = 50
CALL_CENTER_MAX_PAGE_SIZE = 30
RETURN_MAX_PER_PAGE = 50
WITHDRAWAL_MAX_PAGE_SIZE = 100
WITHDRAWAL_MAX_IDS = 50
CS_MAX_PERIOD = timedelta(days=7)
# Withdrawal history counts both dates, so 7 days means dateTo is at most dateFrom + 6.
WITHDRAWAL_MAX_PERIOD = timedelta(days=6)
RETURN_MAX_PERIOD = timedelta(days=31)
CALL_CENTER_REPLY_MIN_CHARS = 2
CALL_CENTER_REPLY_MAX_CHARS = 1000
DEFAULT_PRODUCT_CACHE_TTL = timedelta(hours=6)
PRODUCT_CACHE_MAX_ENTRIES = 10_000
# Line separators other than \n and \r may be rejected by Coupang with a 400.
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")


@dataclass(frozen=True)
class TokenPage(Generic[ItemT]):
    """One page of a `nextToken`-paged list; `next_token` is None on the last page."""

    items: list[ItemT]
    next_token: str | None


@dataclass(frozen=True)
class IndexPage(Generic[ItemT]):
    """One page of a `nextPageIndex`-paged list; `next_page_index` is None on the last page."""

    items: list[ItemT]
    next_page_index: int | None


@dataclass(frozen=True)
class ExchangeInvoice:
    """An invoice for a replacement shipment; `shipment_box_id` is the NEW box id."""

    shipment_box_id: int
    goods_delivery_code: str
    invoice_number: str


def normalize_reply_text(text: str) -> str:
    """Convert CRLF, CR and Unicode line separators to `\\n`, the break Coupang accepts."""
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, "\n")
    return text


def dump_json_body(payload: object) -> str:
    """Serialise a request body as JSON with Korean text kept as UTF-8 characters."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


class CoupangClient:
    """Client for one vendor's calls to the Coupang Wing Open API.

    Create one per vendor and share it, because it owns the vendor's call budget: calls
    are spaced `1 / rate_per_second` seconds apart (at most 10 per second, Coupang's
    throttle). List calls send `X-EXTENDED-TIMEOUT: 90000` and wait `list_request_timeout`
    (95 s, above Coupang's extended 90 s); others wait `request_timeout` (30 s).
    `retry_policy` sets the read backoff; tests pass tiny delays or a fake `sleep`.
    """

    def __init__(
        self,
        session: aiohttp.ClientSession,
        credentials: VendorCredentials,
        *,
        base_url: str = DEFAULT_BASE_URL,
        rate_per_second: float = DEFAULT_RATE_PER_SECOND,
        clock: Clock = utc_now,
        retry_policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        limiter: AsyncLimiter | None = None,
        write_method: WriteMethod = "PATCH",
        return_action_version: ApiVersion = "v4",
        call_center_lookup_version: ApiVersion = "v5",
        product_cache_ttl: timedelta = DEFAULT_PRODUCT_CACHE_TTL,
        monotonic: Callable[[], float] = time.monotonic,
        request_timeout: float = DEFAULT_TIMEOUT_SECONDS,
        list_request_timeout: float = LIST_TIMEOUT_SECONDS,
    ) -> None:
        self._transport = CoupangTransport(
            session=session,
            credentials=credentials,
            base_url=base_url,
            rate_per_second=rate_per_second,
            retry_policy=retry_policy or RetryPolicy(),
            clock=clock,
            sleep=sleep,
            limiter=limiter,
            request_timeout=request_timeout,
            list_request_timeout=list_request_timeout,
        )
        self.endpoints = CoupangEndpoints.build(
            write_method=write_method,
            return_action_version=return_action_version,
            call_center_lookup_version=call_center_lookup_version,
        )
        self._product_cache_ttl = product_cache_ttl.total_seconds()
        self._monotonic = monotonic
        self._product_cache: dict[int, tuple[float, SellerProduct]] = {}

    @property
    def vendor_id(self) -> str:
        """The vendor this client calls for."""
        return self._transport.vendor_id

    # Product inquiries

    async def list_online_inquiries(
        self,
        start: date,
        end: date,
        answered_type: AnsweredType = AnsweredType.NOANSWER,
        *,
        page_num: int = 1,
        page_size: int = ONLINE_INQUIRY_MAX_PAGE_SIZE,
    ) -> OnlineInquiryPage:
        """Fetch one page of product inquiries asked between two Korea dates (<= 7 days)."""
        _check_period(start, end, CS_MAX_PERIOD)
        _check_range("page_size", page_size, 1, ONLINE_INQUIRY_MAX_PAGE_SIZE)
        _check_range("page_num", page_num, 1, None)
        query: Query = [
            ("vendorId", self.vendor_id),
            ("answeredType", AnsweredType(answered_type).value),
            ("inquiryStartAt", start.isoformat()),
            ("inquiryEndAt", end.isoformat()),
            ("pageNum", page_num),
            ("pageSize", page_size),
        ]
        endpoint = self.endpoints.list_online_inquiries
        response = await self._transport.request(endpoint, query=query)
        return self._parse_object(endpoint, response, OnlineInquiryPage)

    async def reply_to_online_inquiry(self, inquiry_id: int, content: str, reply_by: str) -> None:
        """Post the seller's answer to a product inquiry; `reply_by` is a WING user id.

        Answers cannot be edited or deleted afterwards, and a repeated answer is rejected
        (`ApiErrorKind.DUPLICATE_ANSWER`), so callers must guard against double submits.
        """
        text = _require_text("content", normalize_reply_text(content))
        body = {
            "content": text,
            "vendorId": self.vendor_id,
            "replyBy": _require_text("reply_by", reply_by),
        }
        await self._write(
            self.endpoints.reply_online_inquiry,
            path_params={"inquiry_id": _check_id("inquiry_id", inquiry_id)},
            body=body,
        )

    # Call-center inquiries

    async def list_call_center_inquiries(
        self,
        start: date,
        end: date,
        counseling_status: CounselingStatus = CounselingStatus.NO_ANSWER,
        *,
        page_num: int = 1,
        page_size: int = CALL_CENTER_MAX_PAGE_SIZE,
        order_id: int | None = None,
    ) -> CallCenterInquiryPage:
        """Fetch one page of call-center inquiries between two Korea dates (<= 7 days).

        `CounselingStatus.NONE` already contains every status, so listing NONE and another
        status returns the same `inquiryId`s twice.
        """
        _check_period(start, end, CS_MAX_PERIOD)
        _check_range("page_size", page_size, 1, CALL_CENTER_MAX_PAGE_SIZE)
        _check_range("page_num", page_num, 1, None)
        query: Query = [
            ("vendorId", self.vendor_id),
            ("partnerCounselingStatus", CounselingStatus(counseling_status).value),
            ("inquiryStartAt", start.isoformat()),
            ("inquiryEndAt", end.isoformat()),
            ("orderId", None if order_id is None else _check_id("order_id", order_id)),
            ("pageNum", page_num),
            ("pageSize", page_size),
        ]
        endpoint = self.endpoints.list_call_center_inquiries
        response = await self._transport.request(endpoint, query=query)
        return self._parse_object(endpoint, response, CallCenterInquiryPage)

    async def get_call_center_inquiry(self, inquiry_id: int) -> CallCenterInquiry:
        """Fetch one call-center inquiry. Coupang may block callers that do this too often."""
        endpoint = self.endpoints.get_call_center_inquiry
        response = await self._transport.request(
            endpoint, path_params={"inquiry_id": _check_id("inquiry_id", inquiry_id)}
        )
        return self._parse_object(endpoint, response, CallCenterInquiry)

    async def reply_to_call_center_inquiry(
        self, inquiry_id: int, content: str, reply_by: str, parent_answer_id: int
    ) -> None:
        """Answer an agent's request; `parent_answer_id` is that request's `answerId`.

        Coupang accepts 2 to 1000 characters, only while the case is `progress` with an
        open `requestAnswer`, and only within 24 hours of the request.
        """
        text = normalize_reply_text(content)
        if not CALL_CENTER_REPLY_MIN_CHARS <= len(text) <= CALL_CENTER_REPLY_MAX_CHARS:
            raise ValueError(
                f"call-center reply must be {CALL_CENTER_REPLY_MIN_CHARS} to "
                f"{CALL_CENTER_REPLY_MAX_CHARS} characters, got {len(text)}"
            )
        inquiry_id = _check_id("inquiry_id", inquiry_id)
        body = {
            "vendorId": self.vendor_id,
            "inquiryId": str(inquiry_id),
            "content": text,
            "replyBy": _require_text("reply_by", reply_by),
            "parentAnswerId": _check_id("parent_answer_id", parent_answer_id),
        }
        await self._write(
            self.endpoints.reply_call_center_inquiry,
            path_params={"inquiry_id": inquiry_id},
            body=body,
        )

    async def confirm_call_center_inquiry(self, inquiry_id: int, confirm_by: str) -> None:
        """Confirm a `TRANSFER` case that needs no answer; `confirm_by` is a WING user id."""
        await self._write(
            self.endpoints.confirm_call_center_inquiry,
            path_params={"inquiry_id": _check_id("inquiry_id", inquiry_id)},
            body={"confirmBy": _require_text("confirm_by", confirm_by)},
        )

    # Returns and cancellations

    async def list_return_requests(
        self,
        status: ReturnStatusFilter,
        created_from: date,
        created_to: date,
        *,
        next_token: str | None = None,
        max_per_page: int = RETURN_MAX_PER_PAGE,
    ) -> TokenPage[ReturnRequest]:
        """Fetch one page of return receipts in one status, by Korea creation date (<= 31 days).

        Coupang rejects a return list without `status`, so each of RU, UC, CC and PR is
        listed separately; a stop-shipment request appears under both RU and UC.
        """
        _check_period(created_from, created_to, RETURN_MAX_PERIOD)
        _check_range("max_per_page", max_per_page, 1, RETURN_MAX_PER_PAGE)
        query: Query = [
            ("createdAtFrom", created_from.isoformat()),
            ("createdAtTo", created_to.isoformat()),
            ("status", ReturnStatusFilter(status).value),
            ("nextToken", next_token or None),
            ("maxPerPage", max_per_page),
        ]
        return await self._list_returns(query)

    async def list_return_requests_in_timeframe(
        self, status: ReturnStatusFilter, created_from: datetime, created_to: datetime
    ) -> list[ReturnRequest]:
        """Fetch return receipts created in a window of less than 24 hours, to the minute.

        This mode has no paging, so keep windows short.
        """
        if not timedelta(0) < created_to - created_from < timedelta(days=1):
            raise ValueError("timeframe windows must be positive and shorter than 24 hours")
        query: Query = [
            ("searchType", "timeFrame"),
            ("createdAtFrom", format_korea_time(created_from, "%Y-%m-%dT%H:%M")),
            ("createdAtTo", format_korea_time(created_to, "%Y-%m-%dT%H:%M")),
            ("status", ReturnStatusFilter(status).value),
        ]
        page = await self._list_returns(query)
        return page.items

    async def list_cancellations(
        self, created_from: date, created_to: date, *, next_token: str | None = None
    ) -> TokenPage[ReturnRequest]:
        """Fetch one page of orders cancelled before shipping (`cancelType=CANCEL`)."""
        _check_period(created_from, created_to, RETURN_MAX_PERIOD)
        query: Query = [
            ("createdAtFrom", created_from.isoformat()),
            ("createdAtTo", created_to.isoformat()),
            ("cancelType", "CANCEL"),
            ("nextToken", next_token or None),
            ("maxPerPage", RETURN_MAX_PER_PAGE),
        ]
        return await self._list_returns(query)

    async def get_return_request(self, receipt_id: int) -> ReturnRequest:
        """Fetch one return receipt (return receipts only, not cancellations)."""
        endpoint = self.endpoints.get_return_request
        response = await self._transport.request(
            endpoint, path_params={"receipt_id": _check_id("receipt_id", receipt_id)}
        )
        data = extract_data(
            response.envelope, DataShape.ANY, operation=endpoint.operation, vendor_id=self.vendor_id
        )
        # The documented `data` is an array with one element; accept a bare object too.
        if isinstance(data, list):
            if len(data) != 1:
                raise self._shape_error(endpoint, f"expected 1 return receipt, got {len(data)}")
            data = data[0]
        return parse_model(
            ReturnRequest, data, operation=endpoint.operation, vendor_id=self.vendor_id
        )

    async def confirm_return_receipt(self, receipt_id: int) -> None:
        """Confirm that returned goods arrived (allowed in `RETURNS_UNCHECKED`)."""
        receipt_id = _check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.confirm_return_receipt,
            path_params={"receipt_id": receipt_id},
            body={"vendorId": self.vendor_id, "receiptId": receipt_id},
        )

    async def approve_return_request(self, receipt_id: int, cancel_count: int) -> None:
        """Approve a return, which triggers the refund (allowed in `VENDOR_WAREHOUSE_CONFIRM`).

        `cancel_count` must equal the receipt's `cancelCountSum` (all units of all items).
        """
        receipt_id = _check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.approve_return_request,
            path_params={"receipt_id": receipt_id},
            body={
                "vendorId": self.vendor_id,
                "receiptId": receipt_id,
                "cancelCount": _check_id("cancel_count", cancel_count),
            },
        )

    async def list_return_withdrawals(
        self,
        date_from: date,
        date_to: date,
        *,
        page_index: int = 1,
        size_per_page: int = WITHDRAWAL_MAX_PAGE_SIZE,
    ) -> IndexPage[ReturnWithdrawal]:
        """Fetch one page of returns withdrawn between two Korea dates (inclusive, <= 7 days)."""
        _check_period(date_from, date_to, WITHDRAWAL_MAX_PERIOD)
        _check_range("size_per_page", size_per_page, 1, WITHDRAWAL_MAX_PAGE_SIZE)
        _check_range("page_index", page_index, 1, None)
        query: Query = [
            ("dateFrom", date_from.isoformat()),
            ("dateTo", date_to.isoformat()),
            ("pageIndex", page_index),
            ("sizePerPage", size_per_page),
        ]
        endpoint = self.endpoints.list_return_withdrawals
        response = await self._transport.request(endpoint, query=query)
        items = self._parse_list(endpoint, response, ReturnWithdrawal)
        next_index = response.envelope.get("nextPageIndex")
        return IndexPage(items, self._parse_next_index(endpoint, next_index))

    async def get_return_withdrawals(self, cancel_ids: Sequence[int]) -> list[ReturnWithdrawal]:
        """Fetch withdrawals for up to 50 return `receiptId`s; absent ids are not withdrawn."""
        if not 1 <= len(cancel_ids) <= WITHDRAWAL_MAX_IDS:
            raise ValueError(f"pass 1 to {WITHDRAWAL_MAX_IDS} cancel ids, got {len(cancel_ids)}")
        ids = [_check_id("cancel_ids", cancel_id) for cancel_id in cancel_ids]
        endpoint = self.endpoints.get_return_withdrawals
        response = await self._transport.request(endpoint, body=dump_json_body({"cancelIds": ids}))
        return self._parse_list(endpoint, response, ReturnWithdrawal)

    async def register_return_invoice(
        self,
        receipt_id: int,
        *,
        delivery_type: Literal["RETURN", "EXCHANGE"],
        delivery_company_code: str,
        invoice_number: str,
        reg_number: str | None = None,
    ) -> ReturnInvoice:
        """Register a pickup invoice for a return or exchange (sellers without auto-pickup).

        For exchanges, `receipt_id` is the `exchangeId`.
        """
        body = {
            "returnExchangeDeliveryType": delivery_type,
            "receiptId": _check_id("receipt_id", receipt_id),
            "deliveryCompanyCode": _require_text("delivery_company_code", delivery_company_code),
            "invoiceNumber": _require_text("invoice_number", invoice_number),
        }
        if reg_number:
            body["regNumber"] = reg_number
        endpoint = self.endpoints.register_return_invoice
        response = await self._transport.request(endpoint, body=dump_json_body(body))
        return self._parse_object(endpoint, response, ReturnInvoice)

    async def stop_return_shipment(self, receipt_id: int, cancel_count: int) -> None:
        """Report the shipment stopped for a `RELEASE_STOP_UNCHECKED` cancellation."""
        receipt_id = _check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.stop_return_shipment,
            path_params={"receipt_id": receipt_id},
            body={
                "vendorId": self.vendor_id,
                "receiptId": receipt_id,
                "cancelCount": _check_id("cancel_count", cancel_count),
            },
        )

    async def mark_return_already_shipped(
        self, receipt_id: int, delivery_company_code: str, invoice_number: str
    ) -> None:
        """Report that a `RELEASE_STOP_UNCHECKED` order had already shipped, with its invoice."""
        receipt_id = _check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.mark_return_already_shipped,
            path_params={"receipt_id": receipt_id},
            body={
                "vendorId": self.vendor_id,
                "receiptId": receipt_id,
                "deliveryCompanyCode": _require_text(
                    "delivery_company_code", delivery_company_code
                ),
                "invoiceNumber": _require_text("invoice_number", invoice_number),
            },
        )

    # Exchanges

    async def list_exchange_requests(
        self,
        created_from: datetime,
        created_to: datetime,
        *,
        status: ExchangeStatus | None = None,
        order_id: int | None = None,
        next_token: str | None = None,
        max_per_page: int = 50,
    ) -> TokenPage[ExchangeRequest]:
        """Fetch one page of exchange requests created in a window shorter than 7 days.

        Times are sent as Korea wall time `yyyy-MM-ddTHH:mm:ss`. Leave `status` unset and
        filter locally: a public report says every status value returned `400 Invalid status`.
        """
        if not timedelta(0) <= created_to - created_from < CS_MAX_PERIOD:
            raise ValueError("exchange windows must not be negative and must be under 7 days")
        query: Query = [
            ("createdAtFrom", format_korea_time(created_from, "%Y-%m-%dT%H:%M:%S")),
            ("createdAtTo", format_korea_time(created_to, "%Y-%m-%dT%H:%M:%S")),
            ("status", None if status is None else ExchangeStatus(status).value),
            ("orderId", None if order_id is None else _check_id("order_id", order_id)),
            ("nextToken", next_token or None),
            ("maxPerPage", _check_range("max_per_page", max_per_page, 1, None)),
        ]
        endpoint = self.endpoints.list_exchange_requests
        response = await self._transport.request(endpoint, query=query)
        items = self._parse_list(endpoint, response, ExchangeRequest)
        return TokenPage(items, self._parse_next_token(endpoint, response))

    async def confirm_exchange_receipt(self, exchange_id: int) -> None:
        """Confirm an exchange request, moving it from RECEIPT to PROGRESS."""
        exchange_id = _check_id("exchange_id", exchange_id)
        await self._write(
            self.endpoints.confirm_exchange_receipt,
            path_params={"exchange_id": exchange_id},
            body={"exchangeId": exchange_id, "vendorId": self.vendor_id},
        )

    async def reject_exchange_request(
        self, exchange_id: int, reject_code: ExchangeRejectCode
    ) -> None:
        """Reject an exchange because the item is sold out or the buyer withdrew it."""
        exchange_id = _check_id("exchange_id", exchange_id)
        await self._write(
            self.endpoints.reject_exchange_request,
            path_params={"exchange_id": exchange_id},
            body={
                "exchangeId": exchange_id,
                "vendorId": self.vendor_id,
                "exchangeRejectCode": ExchangeRejectCode(reject_code).value,
            },
        )

    async def upload_exchange_invoices(
        self, exchange_id: int, invoices: Sequence[ExchangeInvoice]
    ) -> None:
        """Upload replacement-shipment invoices after pickup is complete.

        Use the new box ids from `ExchangeRequest.replacement_shipment_box_ids`; the
        original box id is rejected because its status is not INSTRUCT.
        """
        if not invoices:
            raise ValueError("pass at least one exchange invoice")
        exchange_id = _check_id("exchange_id", exchange_id)
        body = [
            {
                "exchangeId": exchange_id,
                "vendorId": self.vendor_id,
                "shipmentBoxId": _check_id("shipment_box_id", invoice.shipment_box_id),
                "goodsDeliveryCode": _require_text(
                    "goods_delivery_code", invoice.goods_delivery_code
                ),
                "invoiceNumber": _require_text("invoice_number", invoice.invoice_number),
            }
            for invoice in invoices
        ]
        await self._write(
            self.endpoints.upload_exchange_invoices,
            path_params={"exchange_id": exchange_id},
            body=body,
        )

    # Orders, products and the credentials probe

    async def get_order_sheets(self, order_id: int) -> list[OrderSheet]:
        """Fetch the shipment boxes of one order (one `OrderSheet` per `shipmentBoxId`)."""
        endpoint = self.endpoints.get_order_sheets
        response = await self._transport.request(
            endpoint, path_params={"order_id": _check_id("order_id", order_id)}
        )
        data = extract_data(
            response.envelope, DataShape.ANY, operation=endpoint.operation, vendor_id=self.vendor_id
        )
        # The current page documents a list; the 2019 sample returns a single object.
        if isinstance(data, dict):
            data = [data]
        return parse_model_list(
            OrderSheet, data, operation=endpoint.operation, vendor_id=self.vendor_id
        )

    async def get_seller_product(self, seller_product_id: int) -> SellerProduct:
        """Fetch a seller product, served from an in-memory cache for `product_cache_ttl`.

        Product names change rarely and Coupang limits product APIs most strictly.
        """
        seller_product_id = _check_id("seller_product_id", seller_product_id)
        now = self._monotonic()
        cached = self._product_cache.get(seller_product_id)
        if cached is not None and now - cached[0] < self._product_cache_ttl:
            return cached[1]

        endpoint = self.endpoints.get_seller_product
        response = await self._transport.request(
            endpoint, path_params={"seller_product_id": seller_product_id}
        )
        product = self._parse_object(endpoint, response, SellerProduct)
        if len(self._product_cache) >= PRODUCT_CACHE_MAX_ENTRIES:
            self._product_cache.pop(next(iter(self._product_cache)))
        self._product_cache[seller_product_id] = (now, product)
        return product

    async def list_return_shipping_centers(
        self, *, page_num: int = 1, page_size: int = 1
    ) -> list[ReturnShippingCenter]:
        """Fetch return shipping centers; with the defaults this is the cheap credentials probe.

        A success proves the signature, the IP allow-list and the vendor id together.
        """
        _check_range("page_num", page_num, 1, None)
        _check_range("page_size", page_size, 1, 50)
        endpoint = self.endpoints.list_return_shipping_centers
        response = await self._transport.request(
            endpoint, query=[("pageNum", page_num), ("pageSize", page_size)]
        )
        data = extract_data(
            response.envelope, DataShape.ANY, operation=endpoint.operation, vendor_id=self.vendor_id
        )
        if isinstance(data, dict):
            data = data.get("content")
        return parse_model_list(
            ReturnShippingCenter, data, operation=endpoint.operation, vendor_id=self.vendor_id
        )

    # Shared steps

    async def _list_returns(
        self, query: list[tuple[str, str | int | None]]
    ) -> TokenPage[ReturnRequest]:
        endpoint = self.endpoints.list_return_requests
        response = await self._transport.request(endpoint, query=query)
        items = self._parse_list(endpoint, response, ReturnRequest)
        return TokenPage(items, self._parse_next_token(endpoint, response))

    async def _write(
        self,
        endpoint: Endpoint,
        *,
        path_params: dict[str, int | str],
        body: object,
    ) -> None:
        response = await self._transport.request(
            endpoint, path_params=path_params, body=dump_json_body(body)
        )
        # Some writes answer HTTP 200 with `data.resultCode` FAIL.
        data = response.envelope.get("data")
        if isinstance(data, dict) and "resultCode" in data:
            result = parse_model(
                ResultData, data, operation=endpoint.operation, vendor_id=self.vendor_id
            )
            if not result.succeeded:
                raise CoupangApiError(
                    endpoint.operation,
                    vendor_id=self.vendor_id,
                    status=response.status,
                    code=result.result_code,
                    api_message=result.result_message,
                    detail=f"result code {result.result_code}",
                )

    def _parse_object(
        self, endpoint: Endpoint, response: RawResponse, model_type: type[ModelT]
    ) -> ModelT:
        data = extract_data(
            response.envelope,
            DataShape.OBJECT,
            operation=endpoint.operation,
            vendor_id=self.vendor_id,
        )
        return parse_model(model_type, data, operation=endpoint.operation, vendor_id=self.vendor_id)

    def _parse_list(
        self, endpoint: Endpoint, response: RawResponse, model_type: type[ModelT]
    ) -> list[ModelT]:
        data = extract_data(
            response.envelope,
            DataShape.LIST,
            operation=endpoint.operation,
            vendor_id=self.vendor_id,
        )
        return parse_model_list(
            model_type, data, operation=endpoint.operation, vendor_id=self.vendor_id
        )

    def _parse_next_token(self, endpoint: Endpoint, response: RawResponse) -> str | None:
        token = response.envelope.get("nextToken")
        if token is None or token == "":
            return None
        if isinstance(token, str | int) and not isinstance(token, bool):
            return str(token)
        raise self._shape_error(endpoint, f"nextToken is a {type(token).__name__}")

    def _parse_next_index(self, endpoint: Endpoint, value: object) -> int | None:
        if value is None or value == "":
            return None
        try:
            return int(str(value))
        except ValueError:
            raise self._shape_error(endpoint, "nextPageIndex is not an integer") from None

    def _shape_error(self, endpoint: Endpoint, detail: str) -> CoupangResponseError:
        return CoupangResponseError(endpoint.operation, vendor_id=self.vendor_id, detail=detail)


def format_korea_time(moment: datetime, pattern: str) -> str:
    """Format an aware datetime as Korea wall time; raise ValueError for a naive one."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("query times must be aware datetimes")
    return moment.astimezone(KOREA_TZ).strftime(pattern)


def _check_id(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def _check_range(name: str, value: int, minimum: int, maximum: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ValueError(f"{name} must be at least {minimum}{upper}, got {value}")
    return value


def _check_period(start: date, end: date, max_period: timedelta) -> None:
    if isinstance(start, datetime) or isinstance(end, datetime):
        raise ValueError("pass calendar dates (Korea time), not datetimes")
    if end < start:
        raise ValueError(f"period end {end} is before its start {start}")
    if end - start > max_period:
        raise ValueError(f"period {start}..{end} spans more than {max_period.days} days")


def _require_text(name: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value
