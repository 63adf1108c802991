"""Fault injection: each fault kind, its scope by path and method, and its call count."""

import asyncio

import aiohttp
import pytest

from coupang.sandbox import FaultKind, FaultRule
from tests.sandbox.conftest import API, SandboxClient

VENDOR_ID = "A00012345"
RETURNS = f"{API}/v6/vendors/{VENDOR_ID}/returnRequests"
RETURNS_QUERY = "createdAtFrom=2026-11-28&createdAtTo=2026-12-04&status=UC"
INQUIRIES = f"{API}/v5/vendors/{VENDOR_ID}/onlineInquiries"
INQUIRIES_QUERY = (
    f"vendorId={VENDOR_ID}&answeredType=ALL&inquiryStartAt=2026-11-28&inquiryEndAt=2026-12-04"
)


async def test_server_error_next_two_calls(client: SandboxClient) -> None:
    client.state.faults.add(
        FaultRule(FaultKind.SERVER_ERROR, path_pattern="returnRequests", count=2, status=503)
    )

    other_path = await client.call("GET", INQUIRIES, INQUIRIES_QUERY)
    first = await client.call("GET", RETURNS, RETURNS_QUERY)
    second = await client.call("GET", RETURNS, RETURNS_QUERY)
    third = await client.call("GET", RETURNS, RETURNS_QUERY)

    assert other_path.status == 200
    assert (first.status, second.status) == (503, 503)
    assert third.status == 200
    assert client.state.faults.rules == []
    assert [call.fault for call in client.state.calls] == [
        None,
        "server_error",
        "server_error",
        None,
    ]


async def test_gateway_timeout_fault(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.GATEWAY_TIMEOUT))

    reply = await client.call("GET", RETURNS, RETURNS_QUERY)

    assert reply.status == 504
    assert reply.body["message"].startswith("Request timed out")


async def test_rate_limit_burst(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.RATE_LIMIT, count=3))

    statuses = [(await client.call("GET", RETURNS, RETURNS_QUERY)).status for _ in range(4)]

    assert statuses == [429, 429, 429, 200]


async def test_access_denied_html_page(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.ACCESS_DENIED))

    reply = await client.call("GET", f"{API}/v5/vendors/callCenterInquiries/1")

    assert reply.status == 403
    assert reply.content_type == "text/html"
    assert "<TITLE>Access Denied</TITLE>" in reply.text
    assert "Reference&#32;&#35;18." in reply.text
    assert reply.body is None


async def test_malformed_json_body(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.MALFORMED_JSON))

    reply = await client.call("GET", INQUIRIES, INQUIRIES_QUERY)

    assert reply.status == 200
    assert reply.content_type == "application/json"
    assert reply.body is None


async def test_error_inside_http_200(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.ERROR_IN_200))

    reply = await client.call("GET", INQUIRIES, INQUIRIES_QUERY)

    assert reply.status == 200
    assert reply.body["code"] == "ERROR"
    assert "data" not in reply.body


async def test_latency_trips_client_timeout(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.LATENCY, latency_seconds=0.5))

    with pytest.raises((asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        await client.call("GET", RETURNS, RETURNS_QUERY, time_limit=0.05)


async def test_latency_within_gateway_timeout(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.LATENCY, latency_seconds=0.01))

    reply = await client.call("GET", RETURNS, RETURNS_QUERY)

    assert reply.status == 200
    assert client.state.calls[-1].fault == "latency"


async def test_latency_beyond_extended_timeout(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.LATENCY, latency_seconds=0.3))

    reply = await client.call("GET", RETURNS, RETURNS_QUERY, headers={"X-EXTENDED-TIMEOUT": "20"})

    assert reply.status == 504
    assert reply.body["message"].startswith("Request timed out")


async def test_fault_scoped_by_method_and_glob(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    path = f"{API}/v4/vendors/{VENDOR_ID}/returnRequests/{receipt.receipt_id}/receiveConfirmation"
    client.state.faults.add(
        FaultRule(
            FaultKind.SERVER_ERROR,
            path_pattern="*/returnRequests/*/receiveConfirmation",
            method="PATCH",
            count=None,
        )
    )
    body = {"vendorId": VENDOR_ID, "receiptId": receipt.receipt_id}

    listed = await client.call("GET", RETURNS, RETURNS_QUERY)
    patched = await client.call("PATCH", path, body=body)
    patched_again = await client.call("PATCH", path, body=body)
    put = await client.call("PUT", path, body=body)

    assert listed.status == 200
    assert patched.status == 500
    assert patched_again.status == 500
    assert put.status == 200
    assert len(client.state.faults.rules) == 1


async def test_fault_fires_before_auth(client: SandboxClient) -> None:
    client.state.faults.add(FaultRule(FaultKind.ACCESS_DENIED))

    reply = await client.send("GET", RETURNS, RETURNS_QUERY)

    assert reply.status == 403


async def test_fault_rule_from_json_rejects_unknowns() -> None:
    with pytest.raises(ValueError, match="unknown fault fields"):
        FaultRule.from_json({"kind": "latency", "delay": 3})
    with pytest.raises(ValueError):
        FaultRule.from_json({"kind": "meteor"})
