"""Client methods for exchange requests and replacement invoices."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from coupang.client_base import (
    CS_MAX_PERIOD,
    ClientBase,
    Query,
    TokenPage,
    check_id,
    check_range,
    format_korea_time,
    require_text,
)
from coupang.models import (
    ExchangeRejectCode,
    ExchangeRequest,
    ExchangeStatus,
)


@dataclass(frozen=True)
class ExchangeInvoice:
    """An invoice for a replacement shipment; `shipment_box_id` is the NEW box id."""

    shipment_box_id: int
    goods_delivery_code: str
    invoice_number: str


class ExchangeCalls(ClientBase):
    """Exchange calls of `CoupangClient`."""

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
        filter locally, because one public integration reported `400 Invalid status` for every
        status value.
        """
        if not timedelta(0) <= created_to - created_from < CS_MAX_PERIOD:
            raise ValueError("exchange windows must not be negative and must be under 7 days")
        query: Query = [
            ("createdAtFrom", format_korea_time(created_from, "%Y-%m-%dT%H:%M:%S")),
            ("createdAtTo", format_korea_time(created_to, "%Y-%m-%dT%H:%M:%S")),
            ("status", None if status is None else ExchangeStatus(status).value),
            ("orderId", None if order_id is None else check_id("order_id", order_id)),
            ("nextToken", next_token or None),
            ("maxPerPage", check_range("max_per_page", max_per_page, 1, None)),
        ]
        endpoint = self.endpoints.list_exchange_requests
        response = await self._transport.request(endpoint, query=query)
        items, skipped = self._parse_records(endpoint, response, ExchangeRequest, "exchangeId")
        return TokenPage(items, self._parse_next_token(endpoint, response), skipped)

    async def confirm_exchange_receipt(self, exchange_id: int) -> None:
        """Confirm an exchange request, moving it from RECEIPT to PROGRESS."""
        exchange_id = check_id("exchange_id", exchange_id)
        await self._write(
            self.endpoints.confirm_exchange_receipt,
            path_params={"exchange_id": exchange_id},
            body={"exchangeId": exchange_id, "vendorId": self.vendor_id},
        )

    async def reject_exchange_request(
        self, exchange_id: int, reject_code: ExchangeRejectCode
    ) -> None:
        """Reject an exchange because the item is sold out or the buyer withdrew it."""
        exchange_id = check_id("exchange_id", exchange_id)
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
        exchange_id = check_id("exchange_id", exchange_id)
        body = [
            {
                "exchangeId": exchange_id,
                "vendorId": self.vendor_id,
                "shipmentBoxId": check_id("shipment_box_id", invoice.shipment_box_id),
                "goodsDeliveryCode": require_text(
                    "goods_delivery_code", invoice.goods_delivery_code
                ),
                "invoiceNumber": require_text("invoice_number", invoice.invoice_number),
            }
            for invoice in invoices
        ]
        await self._write(
            self.endpoints.upload_exchange_invoices,
            path_params={"exchange_id": exchange_id},
            body=body,
        )
