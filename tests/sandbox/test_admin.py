"""Admin API under /_sandbox/: items, withdrawals, WING answers, clock, faults, call log."""

import logging
from typing import Any
from urllib.parse import quote

import pytest

from tests.sandbox.conftest import API, FROZEN_START, SandboxClient

VENDOR_ID = "A00012345"
ADMIN = "/_sandbox"
RETURNS = f"{API}/v6/vendors/{VENDOR_ID}/returnRequests"
RETURNS_QUERY = "createdAtFrom=2026-11-28&createdAtTo=2026-12-04&status=UC"


async def admin(client: SandboxClient, method: str, path: str, body: Any = None) -> Any:
    reply = await client.send(method, f"{ADMIN}/{path}", body=body)
    return reply


async def test_state_lists_vendors_without_secrets(client: SandboxClient) -> None:
    reply = await admin(client, "GET", "state")

    vendor = reply.body["vendors"][0]
    assert reply.status == 200
    assert vendor["vendorId"] == VENDOR_ID
    assert vendor["accessKey"] == client.vendor.access_key
    assert client.vendor.secret_key not in reply.text
    assert len(reply.body["productInquiries"]) == 5
    assert len(reply.body["exchanges"]) == 3
    assert sum(r["withdrawn"] for r in reply.body["returns"]) == 1


async def test_inject_each_kind(client: SandboxClient) -> None:
    bodies = [
        {"kind": "product_inquiry"},
        {"kind": "call_center_inquiry", "needsAnswer": False},
        {"kind": "return", "status": "VENDOR_WAREHOUSE_CONFIRM"},
        {"kind": "exchange", "vendorId": VENDOR_ID},
    ]
    created = []
    for body in bodies:
        reply = await admin(client, "POST", "items", body)

        assert reply.status == 201, body
        created.append(reply.body["id"])

    store = client.state.store
    assert created[0] in store.product_inquiries
    assert store.call_center_inquiries[created[1]].needs_answer is False
    assert store.returns[created[2]].receipt_status == "VENDOR_WAREHOUSE_CONFIRM"
    assert created[3] in store.exchanges


async def test_inject_rejects_bad_input(client: SandboxClient) -> None:
    bad_kind = await admin(client, "POST", "items", {"kind": "review"})
    bad_vendor = await admin(client, "POST", "items", {"kind": "return", "vendorId": "A1"})
    bad_status = await admin(client, "POST", "items", {"kind": "return", "status": "LOST"})
    not_json = await admin(client, "POST", "items", "{kind")

    assert bad_kind.status == 400
    assert bad_vendor.status == 404
    assert bad_status.status == 400
    assert "status must be one of" in bad_status.body["error"]
    assert not_json.status == 400


async def test_withdraw_return(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    completed = client.state.add_return(status="RETURNS_COMPLETED")

    withdrawn = await admin(client, "POST", f"returns/{receipt.receipt_id}/withdraw")
    again = await admin(client, "POST", f"returns/{receipt.receipt_id}/withdraw")
    done = await admin(client, "POST", f"returns/{completed.receipt_id}/withdraw")
    listed = await client.call("GET", RETURNS, RETURNS_QUERY)

    assert withdrawn.body["cancelId"] == receipt.receipt_id
    assert again.status == 404
    assert done.status == 409
    assert receipt.receipt_id not in [item["receiptId"] for item in listed.body["data"]]


async def test_wing_answers_and_close(client: SandboxClient) -> None:
    inquiry = client.state.add_product_inquiry()
    case = client.state.add_call_center_inquiry()
    closed_case = client.state.add_call_center_inquiry()

    product = await admin(
        client, "POST", f"product-inquiries/{inquiry.inquiry_id}/wing-answer", {"content": "답변"}
    )
    call_center = await admin(
        client, "POST", f"call-center-inquiries/{case.inquiry_id}/wing-answer", {"content": "답변"}
    )
    close = await admin(client, "POST", f"call-center-inquiries/{closed_case.inquiry_id}/close")
    empty = await admin(
        client, "POST", f"product-inquiries/{inquiry.inquiry_id}/wing-answer", {"content": ""}
    )
    unknown = await admin(client, "POST", "product-inquiries/1/wing-answer", {"content": "답변"})

    assert product.status == 200
    assert inquiry.answered
    assert call_center.status == 200
    assert case.counseling_status == "ANSWER"
    assert close.status == 200
    assert closed_case.inquiry_status == "complete"
    assert empty.status == 400
    assert unknown.status == 404


async def test_clock_read_and_advance(client: SandboxClient) -> None:
    before = await admin(client, "GET", "clock")
    advanced = await admin(client, "POST", "clock/advance", {"seconds": 3600})
    negative = await admin(client, "POST", "clock/advance", {"seconds": -1})

    assert before.body == {"now": FROZEN_START.isoformat(), "frozen": True}
    assert advanced.body["now"] == "2026-12-04T04:00:00+00:00"
    assert negative.status == 400


async def test_faults_via_admin(client: SandboxClient) -> None:
    rule = {"kind": "server_error", "pathPattern": "returnRequests", "count": 1, "status": 502}

    added = await admin(client, "POST", "faults", rule)
    listed = await admin(client, "GET", "faults")
    failed = await client.call("GET", RETURNS, RETURNS_QUERY)
    passed = await client.call("GET", RETURNS, RETURNS_QUERY)
    invalid = await admin(client, "POST", "faults", {"kind": "meteor"})
    zero = await admin(client, "POST", "faults", {"kind": "latency", "count": 0})
    await admin(client, "POST", "faults", {"kind": "rate_limit", "count": None})
    cleared = await admin(client, "DELETE", "faults")
    after_clear = await client.call("GET", RETURNS, RETURNS_QUERY)

    assert added.status == 201
    assert listed.body == [rule | {"method": None, "latencySeconds": 0.0}]
    assert failed.status == 502
    assert passed.status == 200
    assert invalid.status == 400
    assert zero.status == 400
    assert cleared.status == 200
    assert after_clear.status == 200


async def test_call_log_via_admin(client: SandboxClient) -> None:
    await client.call("GET", RETURNS, RETURNS_QUERY)
    await admin(client, "GET", "state")

    calls = await admin(client, "GET", "calls")
    await admin(client, "DELETE", "calls")
    emptied = await admin(client, "GET", "calls")

    assert len(calls.body) == 1
    record = calls.body[0]
    assert record["method"] == "GET"
    assert record["path"] == RETURNS
    assert record["query"] == RETURNS_QUERY
    assert record["status"] == 200
    assert record["vendorId"] == VENDOR_ID
    assert emptied.body == []


async def test_rate_counter_via_admin(client: SandboxClient) -> None:
    for _ in range(3):
        await client.call("GET", RETURNS, RETURNS_QUERY)

    reply = await admin(client, "GET", f"rate/{VENDOR_ID}")
    unknown = await admin(client, "GET", "rate/A1")

    second = str(int(FROZEN_START.timestamp()))
    assert reply.body == {"limitPerSecond": None, "callsPerSecond": {second: 3}}
    assert unknown.status == 404


async def test_planted_values_via_admin(client: SandboxClient) -> None:
    reply = await admin(client, "GET", "planted-values")

    kinds = {value["kind"] for value in reply.body}
    assert {"name", "phone", "safe_number", "address", "address_detail"} <= kinds
    assert len(reply.body) == len(client.state.planted_personal_values())


async def test_rejection_log_has_no_personal_data(
    client: SandboxClient, caplog: pytest.LogCaptureFixture
) -> None:
    receipt = client.state.add_return()
    query = "createdAtFrom=2026-11-28&createdAtTo=2026-12-04&status=XX"
    # A safe number needs no percent-encoding, so it would show verbatim if the query were logged.
    query += f"&requesterPhoneNumber={quote(receipt.requester_phone)}"

    with caplog.at_level(logging.INFO, logger="coupang.sandbox"):
        reply = await client.call("GET", RETURNS, query)

    assert reply.status == 400
    assert "sandbox rejected GET" in caplog.text
    for value in client.state.planted_personal_values():
        assert value.value not in caplog.text
    assert client.vendor.access_key not in caplog.text
