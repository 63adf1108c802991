"""Return and cancel routes: lists, single lookup, receipt, approval, shipment stop,
withdrawal history and manual pickup invoices."""

from collections.abc import Callable, Coroutine
from datetime import date, datetime, timedelta
from typing import Any

from aiohttp import web

from coupang.sandbox.api import (
    STATE_KEY,
    ok,
    parse_date,
    parse_int,
    parse_kst_datetime,
    parse_next_token,
    read_json,
    read_json_object,
    required,
    state_of,
    vendor_of,
)
from coupang.sandbox.claims import RETURN_STATUS_FILTERS, ReturnRequest
from coupang.sandbox.errors import SandboxApiError
from coupang.sandbox.records import KST, Vendor

API = "/v2/providers/openapi/apis/api"
RETURN_LIST_MAX_DAYS = 31
# NOTE: the current docs give 31 days for both modes, but a 2019 FAQ limited minute mode
# (searchType=timeFrame) to 24 hours, so the sandbox enforces the stricter limit.
TIME_FRAME_MAX = timedelta(hours=24)
MAX_PER_PAGE = 50
NOT_FOUND_RECEIPT = (
    "ReceiptId doesn't belong to the vendorId, or cannot find the Receipt by the given id"
)
NO_RECEIPT = "취소반품접수내역이 존재하지 않습니다"
COUNT_MISMATCH = "[INTERNAL_SERVER_ERROR] 취소반품접수수량과 cancelCount가 일치하지 않습니다."
WITHDRAW_DATE_FORMAT = "날짜입력을 확인해 주세요. (형식:yyyy-MM-dd)"

routes = web.RouteTableDef()
Handler = Callable[[web.Request], Coroutine[Any, Any, web.Response]]


def patch_or_put(path: str) -> Callable[[Handler], Handler]:
    """Register a handler for both PATCH and PUT, as Coupang's pages print both verbs."""

    def register(handler: Handler) -> Handler:
        routes.patch(path)(handler)
        routes.put(path)(handler)
        return handler

    return register


@routes.get(API + "/v6/vendors/{vendorId}/returnRequests")
async def list_return_requests(request: web.Request) -> web.Response:
    state, vendor = state_of(request), vendor_of(request)
    query = request.query
    cancel_type = query.get("cancelType", "RETURN")
    if cancel_type not in ("RETURN", "CANCEL"):
        raise SandboxApiError(f"Invalid cancelType : {cancel_type}")
    search_type = query.get("searchType")
    if search_type not in (None, "", "timeFrame"):
        raise SandboxApiError(f"Invalid searchType : {search_type}")
    time_frame = search_type == "timeFrame"
    status = query.get("status") or None
    order_id = query.get("orderId") or None
    _check_return_filters(cancel_type, status, order_id, time_frame, request)
    start, end = _return_window(request, time_frame)

    wanted = RETURN_STATUS_FILTERS[status] if status else None
    matching = [
        receipt
        for receipt in state.store.returns.values()
        if receipt.vendor_id == vendor.vendor_id
        and receipt.withdrawn_at is None
        and receipt.receipt_type == cancel_type
        and start <= receipt.created_at <= end
        and (wanted is None or receipt.receipt_status in wanted)
        and (order_id is None or str(receipt.order_id) == order_id)
    ]
    matching.sort(key=lambda receipt: (receipt.created_at, receipt.receipt_id))
    if time_frame:
        return ok([receipt.to_json() for receipt in matching])

    offset = parse_next_token(query.get("nextToken"))
    size = parse_int(query.get("maxPerPage"), "maxPerPage", default=MAX_PER_PAGE)
    if not 1 <= size <= MAX_PER_PAGE:
        raise SandboxApiError(f"maxPerPage should be between 1 and {MAX_PER_PAGE}")
    page = matching[offset : offset + size]
    next_token = str(offset + size) if offset + size < len(matching) else ""
    return ok([receipt.to_json() for receipt in page], nextToken=next_token)


@routes.get(API + "/v6/vendors/{vendorId}/returnRequests/{receiptId}")
async def get_return_request(request: web.Request) -> web.Response:
    """Serve one return receipt as a one-element `data` array, as Coupang sends it."""
    raw_id = request.match_info["receiptId"]
    if not raw_id.isdigit():
        raise SandboxApiError(f"Invalid format receiptId : {raw_id}")
    receipt = state_of(request).store.returns.get(int(raw_id))
    vendor = vendor_of(request)
    if receipt is None or receipt.vendor_id != vendor.vendor_id:
        raise SandboxApiError(NOT_FOUND_RECEIPT)
    if receipt.receipt_type != "RETURN" or receipt.withdrawn_at is not None:
        raise SandboxApiError(NOT_FOUND_RECEIPT)
    return ok([receipt.to_json()], code="200")


@patch_or_put(API + "/v4/vendors/{vendorId}/returnRequests/{receiptId}/receiveConfirmation")
@patch_or_put(API + "/v5/vendors/{vendorId}/returnRequests/{receiptId}/receiveConfirmation")
async def confirm_return_receipt(request: web.Request) -> web.Response:
    """Confirm the returned goods arrived. Quick-refund receipts complete at once."""
    receipt = await _receipt_from_body(request)
    if receipt.receipt_status != "RETURNS_UNCHECKED":
        raise SandboxApiError(
            f"receiveConfirmation needs receiptStatus RETURNS_UNCHECKED, "
            f"receipt {receipt.receipt_id} is {receipt.receipt_status}"
        )
    now = request.app[STATE_KEY].clock.now()
    if receipt.pre_refund:
        _complete(receipt, now)
    else:
        receipt.receipt_status = "VENDOR_WAREHOUSE_CONFIRM"
        receipt.modified_at = now
    return ok(code="200")


@patch_or_put(API + "/v4/vendors/{vendorId}/returnRequests/{receiptId}/approval")
@patch_or_put(API + "/v5/vendors/{vendorId}/returnRequests/{receiptId}/approval")
async def approve_return_request(request: web.Request) -> web.Response:
    body = await read_json_object(request)
    receipt = await _receipt_from_body(request, body)
    if receipt.receipt_status == "RETURNS_COMPLETED":
        raise SandboxApiError(f"이미 반품이 완료되었습니다. receiptId={receipt.receipt_id}")
    if receipt.receipt_status != "VENDOR_WAREHOUSE_CONFIRM":
        raise SandboxApiError(
            f"approval needs receiptStatus VENDOR_WAREHOUSE_CONFIRM, "
            f"receipt {receipt.receipt_id} is {receipt.receipt_status}"
        )
    if body.get("cancelCount") != receipt.cancel_count_sum:
        raise SandboxApiError(COUNT_MISMATCH)
    _complete(receipt, request.app[STATE_KEY].clock.now())
    return ok(code="200")


@patch_or_put(API + "/v4/vendors/{vendorId}/returnRequests/{receiptId}/stoppedShipment")
async def stop_return_shipment(request: web.Request) -> web.Response:
    """Mark a stop-shipment request as stopped (출고중지완료), which completes the cancel."""
    body = await read_json_object(request)
    receipt = await _receipt_from_body(request, body)
    _require_release_stop(receipt)
    if body.get("cancelCount") != receipt.cancel_count_sum:
        raise SandboxApiError(COUNT_MISMATCH)
    receipt.release_stop_status = "처리(출고중지)"
    for item in receipt.items:
        item.release_status = "S"
    _complete(receipt, request.app[STATE_KEY].clock.now())
    return ok({"resultCode": "SUCCESS", "resultMessage": "OK"}, code="200")


@patch_or_put(API + "/v4/vendors/{vendorId}/returnRequests/{receiptId}/completedShipment")
async def mark_return_already_shipped(request: web.Request) -> web.Response:
    """Mark a stop-shipment request as already shipped (이미출고), which turns it into a return."""
    body = await read_json_object(request)
    receipt = await _receipt_from_body(request, body)
    _require_release_stop(receipt)
    company, invoice = body.get("deliveryCompanyCode"), body.get("invoiceNumber")
    if not company or not invoice:
        raise SandboxApiError("Object is null")
    receipt.release_stop_status = "처리(이미출고)"
    receipt.receipt_status = "RETURNS_UNCHECKED"
    receipt.modified_at = request.app[STATE_KEY].clock.now()
    for item in receipt.items:
        item.release_status = "Y"
    return ok({"resultCode": "SUCCESS", "resultMessage": "OK"}, code="200")


@routes.get(API + "/v4/vendors/{vendorId}/returnWithdrawRequests")
async def list_return_withdrawals(request: web.Request) -> web.Response:
    """List withdrawn returns by withdrawal date, at most 7 days with both ends inclusive."""
    state, vendor = state_of(request), vendor_of(request)
    start = parse_date(required(request, "dateFrom"), WITHDRAW_DATE_FORMAT)
    end = parse_date(required(request, "dateTo"), WITHDRAW_DATE_FORMAT)
    if end < start:
        raise SandboxApiError("종료일자는 시작일자보다 작거나 같아야 합니다.")
    # Both days count, so 7 days means dateTo is at most dateFrom + 6.
    if (end - start).days >= 7:
        raise SandboxApiError("최대 조회 기간은 7 일 입니다.(The maximum view duration is 7 days)")
    page = parse_int(request.query.get("pageIndex"), "pageIndex", default=1)
    if page < 1:
        raise SandboxApiError("pageindex 는 음수 또는 0 일 수 없습니다.")
    size = parse_int(request.query.get("sizePerPage"), "sizePerPage", default=10)
    if size > 100:
        raise SandboxApiError("페이지별 최대 표시 갯수(sizePerPage)는 100 입니다.")
    if size < 1:
        raise SandboxApiError(f"sizePerPage should be 1 or more, got {size}")

    withdrawn = [
        receipt
        for receipt in state.store.returns.values()
        if receipt.vendor_id == vendor.vendor_id
        and receipt.withdrawn_at is not None
        and start <= _kst_date(receipt.withdrawn_at) <= end
    ]
    withdrawn.sort(key=lambda receipt: receipt.receipt_id)
    chunk = withdrawn[(page - 1) * size : page * size]
    next_page = str(page + 1) if page * size < len(withdrawn) else ""
    return ok([r.withdrawal_json() for r in chunk], nextPageIndex=next_page)


@routes.post(API + "/v4/vendors/{vendorId}/returnWithdrawList")
async def get_return_withdrawals(request: web.Request) -> web.Response:
    """Look up withdrawals by receipt id (at most 50), leaving out ids that were not withdrawn."""
    state, vendor = state_of(request), vendor_of(request)
    body = await read_json(request)
    cancel_ids = body.get("cancelIds") if isinstance(body, dict) else None
    if not isinstance(cancel_ids, list) or not cancel_ids:
        raise SandboxApiError("CReturns getWithdrawnList failed", 500)
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in cancel_ids):
        raise SandboxApiError("CReturns getWithdrawnList failed", 500)
    if len(cancel_ids) > 50:
        raise SandboxApiError(f"cancelIds can hold at most 50 ids, got {len(cancel_ids)}")
    found = []
    for cancel_id in cancel_ids:
        receipt = state.store.returns.get(cancel_id)
        if receipt and receipt.vendor_id == vendor.vendor_id and receipt.withdrawn_at is not None:
            found.append(receipt.withdrawal_json())
    return ok(found, code="200")


@routes.post(API + "/v4/vendors/{vendorId}/return-exchange-invoices/manual")
async def register_return_invoice(request: web.Request) -> web.Response:
    """Register a pickup invoice for a return (RETURNS_UNCHECKED) or an exchange (before pickup)."""
    state, vendor = state_of(request), vendor_of(request)
    body = await read_json_object(request)
    kind = body.get("returnExchangeDeliveryType")
    receipt_id, company = body.get("receiptId"), body.get("deliveryCompanyCode")
    invoice = body.get("invoiceNumber")
    if kind not in ("RETURN", "EXCHANGE") or not isinstance(receipt_id, int):
        raise SandboxApiError("Object is null")
    if not company or not invoice:
        raise SandboxApiError("Object is null")

    if kind == "RETURN":
        receipt = state.store.returns.get(receipt_id)
        if receipt is None or receipt.vendor_id != vendor.vendor_id or receipt.withdrawn_at:
            raise SandboxApiError(NO_RECEIPT)
        if receipt.receipt_status != "RETURNS_UNCHECKED":
            raise SandboxApiError(f"receipt {receipt_id} is {receipt.receipt_status}")
        receipt.invoices.append((str(company), str(invoice)))
        delivery_id = receipt.return_delivery_id
    else:
        exchange = state.store.exchanges.get(receipt_id)
        if exchange is None or exchange.vendor_id != vendor.vendor_id:
            raise SandboxApiError(NO_RECEIPT)
        if exchange.collect_status != "BeforeDirection":
            raise SandboxApiError(
                f"exchange {receipt_id} collectStatus is {exchange.collect_status}"
            )
        exchange.collect_status = "CompleteDirection"
        delivery_id = exchange.exchange_id * 10 + 3
    data = {
        "deliveryCompanyCode": company,
        "invoiceNumber": invoice,
        "invoiceNumberId": state.factory.next_id("delivery"),
        "receiptId": receipt_id,
        "regNumber": body.get("regNumber"),
        "returnDeliveryId": delivery_id,
        "returnExchangeDeliveryType": kind,
    }
    return ok(data)


def _check_return_filters(
    cancel_type: str,
    status: str | None,
    order_id: str | None,
    time_frame: bool,
    request: web.Request,
) -> None:
    if cancel_type == "CANCEL" and (status or order_id):
        raise SandboxApiError("status and orderId cannot be used with cancelType=CANCEL")
    if status is not None and status not in RETURN_STATUS_FILTERS:
        raise SandboxApiError(f"Invalid status : {status}")
    if cancel_type == "RETURN" and status is None and order_id is None:
        raise SandboxApiError("OrderId can't be null , if doesn't pass the parameter status")
    if time_frame and order_id is not None:
        raise SandboxApiError("orderId is not supported with searchType=timeFrame")
    if time_frame and ("nextToken" in request.query or "maxPerPage" in request.query):
        raise SandboxApiError(
            "nextToken and maxPerPage are not supported with searchType=timeFrame"
        )


def _return_window(request: web.Request, time_frame: bool) -> tuple[datetime, datetime]:
    """Parse createdAtFrom/createdAtTo as Korea time and check the window limits."""
    pattern = "yyyy-MM-ddTHH:mm" if time_frame else "yyyy-MM-dd"
    bounds = []
    for name in ("createdAtFrom", "createdAtTo"):
        text = required(request, name)
        message = f"{name} format should be {pattern}"
        if time_frame:
            bounds.append(parse_kst_datetime(text, with_seconds=False, message=message))
        else:
            day = parse_date(text, message)
            bounds.append(datetime(day.year, day.month, day.day, tzinfo=KST))
    start, end = bounds
    if end < start:
        raise SandboxApiError("createdAtTo should be later than or equal to createdAtFrom")
    if time_frame:
        if end - start > TIME_FRAME_MAX:
            raise SandboxApiError("range should less than 1 day")
        return start, end
    if (end - start).days > RETURN_LIST_MAX_DAYS:
        raise SandboxApiError(
            f"createdAtTo - createdAtFrom should less then {RETURN_LIST_MAX_DAYS}day"
        )
    # Day mode includes the whole end day.
    return start, end + timedelta(days=1) - timedelta(microseconds=1)


async def _receipt_from_body(
    request: web.Request, body: dict[str, Any] | None = None
) -> ReturnRequest:
    """Return the path's receipt after checking the body's vendorId and receiptId match it."""
    payload = body if body is not None else await read_json_object(request)
    vendor: Vendor = vendor_of(request)
    receipt_id = parse_int(request.match_info["receiptId"], "receiptId")
    if payload.get("vendorId") != vendor.vendor_id:
        raise SandboxApiError("Invalid vendor ID")
    if payload.get("receiptId") != receipt_id:
        raise SandboxApiError(f"receiptId in the body must equal the path receiptId {receipt_id}")
    receipt = state_of(request).store.returns.get(receipt_id)
    if receipt is None or receipt.vendor_id != vendor.vendor_id or receipt.withdrawn_at:
        raise SandboxApiError(NO_RECEIPT)
    return receipt


def _require_release_stop(receipt: ReturnRequest) -> None:
    if receipt.receipt_status != "RELEASE_STOP_UNCHECKED":
        raise SandboxApiError(
            f"receipt {receipt.receipt_id} is {receipt.receipt_status}, not RELEASE_STOP_UNCHECKED"
        )


def _complete(receipt: ReturnRequest, now: datetime) -> None:
    receipt.receipt_status = "RETURNS_COMPLETED"
    receipt.complete_confirm_type = "VENDOR_CONFIRM"
    receipt.complete_confirmed_at = now
    receipt.modified_at = now


def _kst_date(moment: datetime) -> date:
    return moment.astimezone(KST).date()
