"""The sandbox aiohttp application: gateway middleware in front of the Coupang routes."""

import asyncio
import itertools
import logging

from aiohttp import web
from aiohttp.typedefs import Handler

from coupang.sandbox import (
    admin,
    routes_catalog,
    routes_exchanges,
    routes_inquiries,
    routes_returns,
)
from coupang.sandbox.api import STATE_KEY, VENDOR_KEY, json_response
from coupang.sandbox.auth import authenticate, path_vendor_matches
from coupang.sandbox.errors import GatewayError, SandboxApiError
from coupang.sandbox.faults import (
    GATEWAY_TIMEOUT_MESSAGE,
    FaultKind,
    fault_response,
    gateway_timeout_seconds,
)
from coupang.sandbox.state import CallRecord, SandboxState

log = logging.getLogger(__name__)

ADMIN_PREFIX = admin.ADMIN_PREFIX
_transaction_ids = itertools.count(1)


def build_app(state: SandboxState) -> web.Application:
    """Build the sandbox application serving the Coupang routes and the admin API."""
    app = web.Application(middlewares=[gateway_middleware])
    app[STATE_KEY] = state
    app.add_routes(routes_inquiries.routes)
    app.add_routes(routes_returns.routes)
    app.add_routes(routes_exchanges.routes)
    app.add_routes(routes_catalog.routes)
    app.add_routes(admin.routes)
    return app


@web.middleware
async def gateway_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Run a Coupang call through faults, auth, vendor and rate checks, and log it.

    Admin calls skip every check and are not logged as calls.
    """
    if request.path.startswith(ADMIN_PREFIX):
        return await handler(request)
    state = request.app[STATE_KEY]
    state.tick()
    vendor_id: str | None = None
    fault: str | None = None
    status = 500
    try:
        response, vendor_id, fault = await _handle_call(state, request, handler)
        status = response.status
        if status >= 400:
            # Only ids in the path are logged, never the query or a body.
            log.info(
                "sandbox rejected %s %s with %d (vendor %s, fault %s)",
                request.method,
                request.path,
                status,
                vendor_id,
                fault,
            )
        return response
    except web.HTTPException as exc:
        status = exc.status
        raise
    finally:
        query = request.raw_path.partition("?")[2]
        record = CallRecord(
            state.clock.now(), request.method, request.path, query, status, vendor_id, fault
        )
        state.record_call(record)


async def _handle_call(
    state: SandboxState, request: web.Request, handler: Handler
) -> tuple[web.StreamResponse, str | None, str | None]:
    rule = state.faults.take(request.method, request.path)
    fault = str(rule.kind) if rule is not None else None
    if rule is not None and rule.kind is FaultKind.LATENCY:
        timeout = gateway_timeout_seconds(request)
        await asyncio.sleep(min(rule.latency_seconds, timeout))
        if rule.latency_seconds > timeout:
            return _gateway_error(GatewayError(GATEWAY_TIMEOUT_MESSAGE, 504)), None, fault
    elif rule is not None:
        return fault_response(rule, state.faults.next_reference()), None, fault

    try:
        vendor = authenticate(state, request)
    except GatewayError as exc:
        return _gateway_error(exc), None, fault
    if not path_vendor_matches(request, vendor):
        return json_response({"code": 404, "message": "Not Found"}, 404), vendor.vendor_id, fault
    if not state.admit_call(vendor.vendor_id):
        response = _gateway_error(GatewayError("Too Many Requests", 429))
        return response, vendor.vendor_id, fault

    request[VENDOR_KEY] = vendor
    try:
        return await handler(request), vendor.vendor_id, fault
    except SandboxApiError as exc:
        return json_response(exc.body(), exc.status), vendor.vendor_id, fault
    except web.HTTPException as exc:
        # An unknown path or verb, such as GET on a reply route, gets a JSON 404 or 405.
        body = {"code": exc.status, "message": exc.reason}
        return json_response(body, exc.status), vendor.vendor_id, fault


def _gateway_error(exc: GatewayError) -> web.Response:
    body = {
        "code": "ERROR",
        "message": exc.message,
        "transactionId": f"sandbox-{next(_transaction_ids):08d}",
    }
    return json_response(body, exc.status)
