"""Exchange routes: list, receipt confirmation, rejection and replacement invoices."""

from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from coupang.sandbox.api import (
    ok,
    parse_int,
    parse_kst_datetime,
    parse_next_token,
    read_json,
    read_json_object,
    required,
    state_of,
    vendor_of,
)
from coupang.sandbox.claims import ExchangeRequest
from coupang.sandbox.errors import SandboxApiError
from coupang.sandbox.records import Vendor
from coupang.sandbox.routes_returns import patch_or_put

API = "/v2/providers/openapi/apis/api"
EXCHANGES = API + "/v4/vendors/{vendorId}/exchangeRequests"
EXCHANGE_STATUSES = ("RECEIPT", "PROGRESS", "SUCCESS", "REJECT", "CANCEL")
REJECT_CODES = ("SOLDOUT", "WITHDRAW")
MAX_PER_PAGE = 50

routes = web.RouteTableDef()


@routes.get(EXCHANGES)
async def list_exchange_requests(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    bounds = []
    for name in ("createdAtFrom", "createdAtTo"):
        message = f"{name} format should be yyyy-MM-ddTHH:mm:ss."
        text = required(request, name)
        bounds.append(parse_kst_datetime(text, with_seconds=True, message=message))
    start, end = bounds
    if end < start or end - start > timedelta(days=7):
        raise SandboxApiError("createdAtTo - createdAtFrom should less then 7day")
    status = request.query.get("status") or None
    if status is not None and status not in EXCHANGE_STATUSES:
        raise SandboxApiError("Invalid status")
    order_id = request.query.get("orderId") or None
    size = parse_int(request.query.get("maxPerPage"), "maxPerPage", default=10)
    if not 1 <= size <= MAX_PER_PAGE:
        raise SandboxApiError(f"maxPerPage should be between 1 and {MAX_PER_PAGE}")
    offset = parse_next_token(request.query.get("nextToken"))

    # Unlike returns, cancelled exchanges stay in the list with status CANCEL.
    matching = [
        exchange
        for exchange in state.store.exchanges.values()
        if exchange.vendor_id == vendor.vendor_id
        and start <= exchange.created_at <= end
        and (status is None or exchange.exchange_status == status)
        and (order_id is None or str(exchange.order_id) == order_id)
    ]
    matching.sort(key=lambda exchange: (exchange.created_at, exchange.exchange_id))
    page = matching[offset : offset + size]
    next_token = str(offset + size) if offset + size < len(matching) else ""
    now = state.clock.now()
    return ok([exchange.to_json(now) for exchange in page], nextToken=next_token)


@patch_or_put(EXCHANGES + "/{exchangeId}/receiveConfirmation")
async def confirm_exchange_receipt(request: web.Request) -> web.Response:
    """Move RECEIPT to PROGRESS. The replacement shipment box appears 10 minutes later."""
    state = state_of(request)
    body = await read_json_object(request)
    exchange = _exchange(request, body)
    if exchange.exchange_status != "RECEIPT":
        raise SandboxApiError(
            f"exchange {exchange.exchange_id} is {exchange.exchange_status}, not RECEIPT"
        )
    now = state.clock.now()
    exchange.exchange_status = "PROGRESS"
    exchange.collect_status = "CompleteCollect"
    exchange.confirmed_at = now
    exchange.modified_at = now
    exchange.new_shipment_box_id = state.factory.next_id("box")
    return ok(code="200", message="SUCCESS")


@patch_or_put(EXCHANGES + "/{exchangeId}/rejection")
async def reject_exchange_request(request: web.Request) -> web.Response:
    """Reject an exchange in RECEIPT, and return HTTP 200 with `resultCode` FAIL in other states."""
    state = state_of(request)
    body = await read_json_object(request)
    exchange = _exchange(request, body)
    code = body.get("exchangeRejectCode")
    if code not in REJECT_CODES:
        raise SandboxApiError(f"Invalid exchangeRejectCode : {code}")
    # Coupang documents resultCode FAIL but not its message, so this text is the sandbox's.
    if exchange.exchange_status != "RECEIPT":
        result = f"exchange {exchange.exchange_id} is {exchange.exchange_status}, not RECEIPT"
        return ok({"resultCode": "FAIL", "resultMessage": result}, code="200", message="SUCCESS")
    exchange.exchange_status = "REJECT"
    exchange.reject_code = str(code)
    exchange.modified_at = state.clock.now()
    data = {"resultCode": "SUCCESS", "resultMessage": "요청 처리완료"}
    return ok(data, code="200", message="SUCCESS")


@routes.post(EXCHANGES + "/{exchangeId}/invoices")
async def upload_exchange_invoices(request: web.Request) -> web.Response:
    """Register replacement invoices from a JSON array body with one entry per shipment box."""
    state = state_of(request)
    entries = await read_json(request)
    if not isinstance(entries, list) or not entries:
        raise SandboxApiError("Object is null")
    exchanges: list[tuple[ExchangeRequest, str, str]] = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise SandboxApiError("Object is null")
        fields = ("shipmentBoxId", "goodsDeliveryCode", "invoiceNumber")
        if any(not entry.get(name) for name in fields):
            raise SandboxApiError("Object is null")
        exchange = _exchange(request, entry)
        _check_invoice_box(exchange, str(entry["shipmentBoxId"]), state.clock.now())
        exchanges.append((exchange, str(entry["goodsDeliveryCode"]), str(entry["invoiceNumber"])))

    for exchange, company, invoice in exchanges:
        exchange.invoices.append((company, invoice))
        exchange.delivery_status = "Delivering"
        exchange.modified_at = state.clock.now()
    data = {"resultCode": "SUCCESS", "resultMessage": "Invoice number save successfully"}
    return ok(data, code="200", message="SUCCESS")


def _exchange(request: web.Request, body: dict[str, Any]) -> ExchangeRequest:
    """Return the path's exchange after checking the body's vendorId and exchangeId match it."""
    vendor: Vendor = vendor_of(request)
    exchange_id = parse_int(request.match_info["exchangeId"], "exchangeId")
    if body.get("vendorId") != vendor.vendor_id:
        raise SandboxApiError("Invalid vendor ID")
    if str(body.get("exchangeId")) != str(exchange_id):
        raise SandboxApiError(
            f"exchangeId in the body must equal the path exchangeId {exchange_id}"
        )
    exchange = state_of(request).store.exchanges.get(exchange_id)
    if exchange is None or exchange.vendor_id != vendor.vendor_id:
        raise SandboxApiError(f"exchange {exchange_id} not found")
    return exchange


def _check_invoice_box(exchange: ExchangeRequest, box_id: str, now: datetime) -> None:
    if box_id == str(exchange.original_shipment_box_id):
        raise SandboxApiError(
            f"shipmentBoxId ({box_id})'s status [NONE_TRACKING] is not suitable for applyInvoice. "
            "Only INSTRUCT status shipment can be called with applyInvoice"
        )
    if exchange.exchange_status != "PROGRESS" or exchange.collect_status != "CompleteCollect":
        raise SandboxApiError(
            f"exchange {exchange.exchange_id} is {exchange.exchange_status} with collectStatus "
            f"{exchange.collect_status}, invoices need PROGRESS and CompleteCollect"
        )
    visible = exchange.replacement_box_visible(now)
    if not visible or box_id != str(exchange.new_shipment_box_id):
        raise SandboxApiError(
            f"shipmentBoxId ({box_id}) not found for exchange {exchange.exchange_id}"
        )
