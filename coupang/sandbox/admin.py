"""Admin API under `/_sandbox/`, a prefix no Coupang path uses.

It is unsigned, so the sandbox must stay on loopback. Each route calls the `SandboxState`
method of the same meaning, and errors come back as `{"error": "..."}` with 400, 404 or 409.
"""

import json
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from aiohttp import web

from coupang.sandbox.api import STATE_KEY, json_response
from coupang.sandbox.faults import FaultRule
from coupang.sandbox.state import Item, SandboxState

ADMIN_PREFIX = "/_sandbox/"
ITEM_KINDS = ("product_inquiry", "call_center_inquiry", "return", "exchange")
RETURN_STATUSES = (
    "RELEASE_STOP_UNCHECKED",
    "RETURNS_UNCHECKED",
    "VENDOR_WAREHOUSE_CONFIRM",
    "REQUEST_COUPANG_CHECK",
    "RETURNS_COMPLETED",
)
EXCHANGE_STATUSES = ("RECEIPT", "PROGRESS", "SUCCESS", "REJECT", "CANCEL")

routes = web.RouteTableDef()
Handler = Callable[[web.Request], Coroutine[Any, Any, web.Response]]


class AdminError(Exception):
    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


def admin_route(method: str, path: str) -> Callable[[Handler], Handler]:
    """Register an admin handler and turn AdminError, KeyError and ValueError into JSON errors."""

    def register(handler: Handler) -> Handler:
        async def wrapped(request: web.Request) -> web.Response:
            try:
                return await handler(request)
            except AdminError as exc:
                return json_response({"error": str(exc)}, exc.status)
            except KeyError as exc:
                return json_response({"error": str(exc.args[0])}, 404)
            except ValueError as exc:
                return json_response({"error": str(exc)}, 409)

        routes.route(method, ADMIN_PREFIX + path)(wrapped)
        return handler

    return register


@admin_route("GET", "state")
async def read_state(request: web.Request) -> web.Response:
    """Return the clock, the vendors (without secret keys) and every item in Coupang's shapes."""
    state = _state(request)
    state.tick()
    now = state.clock.now()
    store = state.store
    body = {
        "now": now.isoformat(),
        "vendors": [
            {
                "vendorId": vendor.vendor_id,
                "accessKey": vendor.access_key,
                "wingUserIds": list(vendor.wing_user_ids),
                "allowedIps": sorted(vendor.allowed_ips) if vendor.allowed_ips else None,
            }
            for vendor in state.vendors
        ],
        "productInquiries": [i.to_json(now) for i in store.product_inquiries.values()],
        "callCenterInquiries": [i.to_json(now) for i in store.call_center_inquiries.values()],
        "returns": [
            {**receipt.to_json(), "withdrawn": receipt.withdrawn_at is not None}
            for receipt in store.returns.values()
        ],
        "exchanges": [e.to_json(now) for e in store.exchanges.values()],
    }
    return json_response(body)


@admin_route("GET", "planted-values")
async def read_planted_values(request: web.Request) -> web.Response:
    values = _state(request).planted_personal_values()
    return json_response([{"kind": value.kind, "value": value.value} for value in values])


@admin_route("POST", "items")
async def inject_item(request: web.Request) -> web.Response:
    """Add an item as a buyer would: `{"kind": ..., "vendorId": ..., options}`."""
    state = _state(request)
    body = await _json_object(request)
    kind = body.get("kind")
    vendor_id = body.get("vendorId")
    if vendor_id is not None and vendor_id not in state.store.vendors:
        raise AdminError(f"unknown vendorId {vendor_id!r}", 404)
    item: Item
    if kind == "product_inquiry":
        item = state.add_product_inquiry(vendor_id, answered=bool(body.get("answered", False)))
        item_id, now = item.inquiry_id, state.clock.now()
        return json_response({"kind": kind, "id": item_id, "item": item.to_json(now)}, 201)
    if kind == "call_center_inquiry":
        needs_answer = bool(body.get("needsAnswer", True))
        item = state.add_call_center_inquiry(vendor_id, needs_answer=needs_answer)
        item_id, now = item.inquiry_id, state.clock.now()
        return json_response({"kind": kind, "id": item_id, "item": item.to_json(now)}, 201)
    if kind == "return":
        status = _choice(body, "status", RETURN_STATUSES, "RETURNS_UNCHECKED")
        receipt_type = _choice(body, "receiptType", ("RETURN", "CANCEL"), "RETURN")
        item = state.add_return(vendor_id, status=status, receipt_type=receipt_type)
        return json_response({"kind": kind, "id": item.receipt_id, "item": item.to_json()}, 201)
    if kind == "exchange":
        status = _choice(body, "status", EXCHANGE_STATUSES, "RECEIPT")
        item = state.add_exchange(vendor_id, status=status)
        item_id, now = item.exchange_id, state.clock.now()
        return json_response({"kind": kind, "id": item_id, "item": item.to_json(now)}, 201)
    raise AdminError(f"kind must be one of {', '.join(ITEM_KINDS)}, got {kind!r}")


@admin_route("POST", "returns/{receiptId}/withdraw")
async def withdraw_return(request: web.Request) -> web.Response:
    receipt = _state(request).withdraw_return(_int_param(request, "receiptId"))
    return json_response(receipt.withdrawal_json())


@admin_route("POST", "product-inquiries/{inquiryId}/wing-answer")
async def answer_product_inquiry_in_wing(request: web.Request) -> web.Response:
    content = await _content(request)
    inquiry_id = _int_param(request, "inquiryId")
    comment = _state(request).answer_product_inquiry(inquiry_id, content)
    return json_response({"inquiryCommentId": comment.comment_id})


@admin_route("POST", "call-center-inquiries/{inquiryId}/wing-answer")
async def answer_call_center_inquiry_in_wing(request: web.Request) -> web.Response:
    content = await _content(request)
    inquiry_id = _int_param(request, "inquiryId")
    reply = _state(request).answer_call_center_inquiry(inquiry_id, content)
    return json_response({"answerId": reply.answer_id})


@admin_route("POST", "call-center-inquiries/{inquiryId}/close")
async def close_call_center_inquiry(request: web.Request) -> web.Response:
    inquiry = _state(request).close_call_center_inquiry(_int_param(request, "inquiryId"))
    return json_response({"inquiryId": inquiry.inquiry_id, "inquiryStatus": "complete"})


@admin_route("GET", "clock")
async def read_clock(request: web.Request) -> web.Response:
    clock = _state(request).clock
    return json_response({"now": clock.now().isoformat(), "frozen": clock.frozen})


@admin_route("POST", "clock/advance")
async def advance_clock(request: web.Request) -> web.Response:
    """Move the sandbox clock forward by `{"seconds": N}` and apply what became due."""
    body = await _json_object(request)
    seconds = body.get("seconds")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise AdminError(f"seconds must be a number of 0 or more, got {seconds!r}")
    now = _state(request).advance_clock(timedelta(seconds=seconds))
    return json_response({"now": now.isoformat()})


@admin_route("GET", "faults")
async def list_faults(request: web.Request) -> web.Response:
    return json_response([rule.to_json() for rule in _state(request).faults.rules])


@admin_route("POST", "faults")
async def add_fault(request: web.Request) -> web.Response:
    """Add a fault rule such as `{"kind": "server_error", "pathPattern": "returnRequests"}`."""
    body = await _json_object(request)
    try:
        rule = FaultRule.from_json(body)
    except (KeyError, TypeError, ValueError) as exc:
        raise AdminError(f"invalid fault rule: {exc}") from None
    try:
        _state(request).faults.add(rule)
    except ValueError as exc:
        raise AdminError(str(exc)) from None
    return json_response(rule.to_json(), 201)


@admin_route("DELETE", "faults")
async def clear_faults(request: web.Request) -> web.Response:
    _state(request).faults.clear()
    return json_response({"cleared": True})


@admin_route("GET", "calls")
async def list_calls(request: web.Request) -> web.Response:
    return json_response([record.to_json() for record in _state(request).calls])


@admin_route("DELETE", "calls")
async def clear_calls(request: web.Request) -> web.Response:
    _state(request).calls.clear()
    return json_response({"cleared": True})


@admin_route("GET", "rate/{vendorId}")
async def read_rate(request: web.Request) -> web.Response:
    """Return the vendor's calls per sandbox-clock second, keyed by Unix second."""
    state = _state(request)
    vendor = state.vendor(request.match_info["vendorId"])
    counts = state.calls_per_second(vendor.vendor_id)
    body = {
        "limitPerSecond": state.rate_limit_per_second,
        "callsPerSecond": {str(second): count for second, count in counts.items()},
    }
    return json_response(body)


def _state(request: web.Request) -> SandboxState:
    return request.app[STATE_KEY]


def _choice(body: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = body.get(name, default)
    if value not in allowed:
        raise AdminError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return str(value)


def _int_param(request: web.Request, name: str) -> int:
    raw = request.match_info[name]
    if not raw.isdigit():
        raise AdminError(f"{name} must be a number, got {raw!r}")
    return int(raw)


async def _json_object(request: web.Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except json.JSONDecodeError as exc:
        raise AdminError(f"invalid JSON body: {exc.msg}") from None
    if not isinstance(body, dict):
        raise AdminError("the body must be a JSON object")
    return body


async def _content(request: web.Request) -> str:
    content = (await _json_object(request)).get("content")
    if not isinstance(content, str) or not content.strip():
        raise AdminError("content must be a non-empty string")
    return content
