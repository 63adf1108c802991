"""Client methods for returns, cancellations, withdrawals and pickup invoices."""

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from coupang.client_base import (
    RETURN_MAX_PER_PAGE,
    RETURN_MAX_PERIOD,
    WITHDRAWAL_MAX_IDS,
    WITHDRAWAL_MAX_PAGE_SIZE,
    WITHDRAWAL_MAX_PERIOD,
    ClientBase,
    IndexPage,
    Query,
    TokenPage,
    check_id,
    check_period,
    check_range,
    dump_json_body,
    format_korea_time,
    require_text,
)
from coupang.models import (
    ReturnInvoice,
    ReturnRequest,
    ReturnStatusFilter,
    ReturnWithdrawal,
)
from coupang.responses import DataShape, extract_data, parse_model


class ReturnCalls(ClientBase):
    """Return and cancellation calls of `CoupangClient`."""

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
        listed separately. A stop-shipment request appears under both RU and UC.
        """
        check_period(created_from, created_to, RETURN_MAX_PERIOD)
        check_range("max_per_page", max_per_page, 1, RETURN_MAX_PER_PAGE)
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
        check_period(created_from, created_to, RETURN_MAX_PERIOD)
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
            endpoint, path_params={"receipt_id": check_id("receipt_id", receipt_id)}
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
        receipt_id = check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.confirm_return_receipt,
            path_params={"receipt_id": receipt_id},
            body={"vendorId": self.vendor_id, "receiptId": receipt_id},
        )

    async def approve_return_request(self, receipt_id: int, cancel_count: int) -> None:
        """Approve a return, which triggers the refund (allowed in `VENDOR_WAREHOUSE_CONFIRM`).

        `cancel_count` must equal the receipt's `cancelCountSum` (all units of all items).
        """
        receipt_id = check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.approve_return_request,
            path_params={"receipt_id": receipt_id},
            body={
                "vendorId": self.vendor_id,
                "receiptId": receipt_id,
                "cancelCount": check_id("cancel_count", cancel_count),
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
        check_period(date_from, date_to, WITHDRAWAL_MAX_PERIOD)
        check_range("size_per_page", size_per_page, 1, WITHDRAWAL_MAX_PAGE_SIZE)
        check_range("page_index", page_index, 1, None)
        query: Query = [
            ("dateFrom", date_from.isoformat()),
            ("dateTo", date_to.isoformat()),
            ("pageIndex", page_index),
            ("sizePerPage", size_per_page),
        ]
        endpoint = self.endpoints.list_return_withdrawals
        response = await self._transport.request(endpoint, query=query)
        items, skipped = self._parse_records(endpoint, response, ReturnWithdrawal, "cancelId")
        next_index = response.envelope.get("nextPageIndex")
        return IndexPage(items, self._parse_next_index(endpoint, next_index), skipped)

    async def get_return_withdrawals(self, cancel_ids: Sequence[int]) -> list[ReturnWithdrawal]:
        """Fetch withdrawals for up to 50 return `receiptId`s; absent ids are not withdrawn."""
        if not 1 <= len(cancel_ids) <= WITHDRAWAL_MAX_IDS:
            raise ValueError(f"pass 1 to {WITHDRAWAL_MAX_IDS} cancel ids, got {len(cancel_ids)}")
        ids = [check_id("cancel_ids", cancel_id) for cancel_id in cancel_ids]
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
            "receiptId": check_id("receipt_id", receipt_id),
            "deliveryCompanyCode": require_text("delivery_company_code", delivery_company_code),
            "invoiceNumber": require_text("invoice_number", invoice_number),
        }
        if reg_number:
            body["regNumber"] = reg_number
        endpoint = self.endpoints.register_return_invoice
        response = await self._transport.request(endpoint, body=dump_json_body(body))
        return self._parse_object(endpoint, response, ReturnInvoice)

    async def stop_return_shipment(self, receipt_id: int, cancel_count: int) -> None:
        """Report the shipment stopped for a `RELEASE_STOP_UNCHECKED` cancellation."""
        receipt_id = check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.stop_return_shipment,
            path_params={"receipt_id": receipt_id},
            body={
                "vendorId": self.vendor_id,
                "receiptId": receipt_id,
                "cancelCount": check_id("cancel_count", cancel_count),
            },
        )

    async def mark_return_already_shipped(
        self, receipt_id: int, delivery_company_code: str, invoice_number: str
    ) -> None:
        """Report that a `RELEASE_STOP_UNCHECKED` order had already shipped, with its invoice."""
        receipt_id = check_id("receipt_id", receipt_id)
        await self._write(
            self.endpoints.mark_return_already_shipped,
            path_params={"receipt_id": receipt_id},
            body={
                "vendorId": self.vendor_id,
                "receiptId": receipt_id,
                "deliveryCompanyCode": require_text("delivery_company_code", delivery_company_code),
                "invoiceNumber": require_text("invoice_number", invoice_number),
            },
        )

    async def _list_returns(
        self, query: list[tuple[str, str | int | None]]
    ) -> TokenPage[ReturnRequest]:
        endpoint = self.endpoints.list_return_requests
        response = await self._transport.request(endpoint, query=query)
        items, skipped = self._parse_records(endpoint, response, ReturnRequest, "receiptId")
        return TokenPage(items, self._parse_next_token(endpoint, response), skipped)
