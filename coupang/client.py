"""`CoupangClient`: one async method per Coupang Wing Open API operation the bot uses.

Methods take typed arguments, send one signed request through `CoupangTransport` (reads may
be retried, writes never) and return parsed models from `coupang.models`. Every failure
raises from `coupang.errors`; invalid arguments raise ValueError before any call is made.
"""

from coupang.client_base import (
    CALL_CENTER_MAX_PAGE_SIZE,
    ONLINE_INQUIRY_MAX_PAGE_SIZE,
    PRODUCT_CACHE_MAX_ENTRIES,
    IndexPage,
    TokenPage,
    check_id,
    check_range,
    dump_json_body,
    format_korea_time,
    normalize_reply_text,
)
from coupang.exchange_calls import ExchangeCalls, ExchangeInvoice
from coupang.inquiry_calls import InquiryCalls
from coupang.models import (
    OrderSheet,
    ReturnShippingCenter,
    SellerProduct,
)
from coupang.responses import DataShape, extract_data, parse_model_list
from coupang.return_calls import ReturnCalls


class CoupangClient(InquiryCalls, ReturnCalls, ExchangeCalls):
    """Client for one vendor's calls to the Coupang Wing Open API.

    Create one per vendor and share it, because it owns the vendor's call budget: calls
    are spaced `1 / rate_per_second` seconds apart (at most 10 per second, Coupang's
    throttle). List calls send `X-EXTENDED-TIMEOUT: 90000` and wait `list_request_timeout`
    (95 s, above Coupang's extended 90 s); others wait `request_timeout` (30 s).
    `retry_policy` sets the read backoff; tests pass tiny delays or a fake `sleep`.
    """

    async def get_order_sheets(self, order_id: int) -> list[OrderSheet]:
        """Fetch the shipment boxes of one order (one `OrderSheet` per `shipmentBoxId`)."""
        endpoint = self.endpoints.get_order_sheets
        response = await self._transport.request(
            endpoint, path_params={"order_id": check_id("order_id", order_id)}
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
        seller_product_id = check_id("seller_product_id", seller_product_id)
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
        check_range("page_num", page_num, 1, None)
        check_range("page_size", page_size, 1, 50)
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


__all__ = [
    "CALL_CENTER_MAX_PAGE_SIZE",
    "ONLINE_INQUIRY_MAX_PAGE_SIZE",
    "CoupangClient",
    "ExchangeInvoice",
    "IndexPage",
    "TokenPage",
    "dump_json_body",
    "format_korea_time",
    "normalize_reply_text",
]
