"""Exchange requests: list rules, receipt confirmation, rejection and replacement invoices."""

import re
from datetime import timedelta
from typing import Any

from tests.sandbox.conftest import API, SandboxClient

VENDOR_ID = "A00012345"
EXCHANGES = f"{API}/v4/vendors/{VENDOR_ID}/exchangeRequests"
WINDOW = "createdAtFrom=2026-11-28T00:00:00&createdAtTo=2026-12-04T23:59:59"
KST_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")


async def list_exchanges(client: SandboxClient, extra: str = "") -> list[dict[str, Any]]:
    reply = await client.call("GET", EXCHANGES, WINDOW + extra)
    assert reply.status == 200, reply.text
    data: list[dict[str, Any]] = reply.body["data"]
    return data


def exchange_body(exchange_id: int | str, **extra: Any) -> dict[str, Any]:
    return {"exchangeId": exchange_id, "vendorId": VENDOR_ID, **extra}


async def test_list_by_status(client: SandboxClient) -> None:
    everything = await list_exchanges(client)
    receipts = await list_exchanges(client, "&status=RECEIPT")
    in_progress = await list_exchanges(client, "&status=PROGRESS")

    assert len(everything) == 3
    assert len(receipts) == 2
    assert len(in_progress) == 1
    assert KST_SECONDS.fullmatch(everything[0]["createdAt"])
    assert everything[0]["exchangeAddressDtoV1"]["returnMobile"].startswith("050")


async def test_list_pages_with_next_token(client: SandboxClient) -> None:
    first = await client.call("GET", EXCHANGES, f"{WINDOW}&maxPerPage=2")
    token = first.body["nextToken"]
    second = await client.call("GET", EXCHANGES, f"{WINDOW}&maxPerPage=2&nextToken={token}")

    assert len(first.body["data"]) == 2
    assert token != ""
    assert len(second.body["data"]) == 1
    assert second.body["nextToken"] == ""


async def test_list_validation(client: SandboxClient) -> None:
    cases = [
        (
            "createdAtFrom=2026-12-01&createdAtTo=2026-12-04T00:00:00",
            "createdAtFrom format should be yyyy-MM-ddTHH:mm:ss.",
        ),
        (
            "createdAtFrom=2026-12-01T00:00:00&createdAtTo=2026-12-04T00:00",
            "createdAtTo format should be yyyy-MM-ddTHH:mm:ss.",
        ),
        (
            "createdAtFrom=2026-11-20T00:00:00&createdAtTo=2026-12-04T00:00:00",
            "createdAtTo - createdAtFrom should less then 7day",
        ),
        (f"{WINDOW}&status=DONE", "Invalid status"),
        (
            "createdAtTo=2026-12-04T00:00:00",
            "Required String parameter 'createdAtFrom' is not present",
        ),
    ]
    for query, message in cases:
        reply = await client.call("GET", EXCHANGES, query)

        assert reply.status == 400, query
        assert reply.body == {"code": 400, "message": message}, query


async def test_receipt_moves_to_progress(client: SandboxClient) -> None:
    exchange = client.state.add_exchange()
    path = f"{EXCHANGES}/{exchange.exchange_id}/receiveConfirmation"

    confirmed = await client.call("PATCH", path, body=exchange_body(exchange.exchange_id))
    again = await client.call("PUT", path, body=exchange_body(exchange.exchange_id))
    listed = await list_exchanges(client, "&status=PROGRESS")

    assert confirmed.body == {"code": "200", "message": "SUCCESS"}
    assert again.status == 400
    assert exchange.exchange_id in [item["exchangeId"] for item in listed]


async def test_replacement_box_after_ten_minutes(client: SandboxClient) -> None:
    exchange = client.state.add_exchange()
    await client.call(
        "PATCH",
        f"{EXCHANGES}/{exchange.exchange_id}/receiveConfirmation",
        body=exchange_body(exchange.exchange_id),
    )

    def groups(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        item = next(i for i in items if i["exchangeId"] == exchange.exchange_id)
        found: list[dict[str, Any]] = item["deliveryInvoiceGroupDtos"]
        return found

    before = groups(await list_exchanges(client))
    client.state.advance_clock(timedelta(minutes=10))
    after = groups(await list_exchanges(client))

    assert before == []
    assert [group["shipmentBoxId"] for group in after] == [exchange.new_shipment_box_id]


async def test_invoice_needs_new_box(client: SandboxClient) -> None:
    exchange = client.state.add_exchange()
    exchange_id = exchange.exchange_id
    path = f"{EXCHANGES}/{exchange_id}/invoices"
    await client.call(
        "PATCH",
        f"{EXCHANGES}/{exchange_id}/receiveConfirmation",
        body=exchange_body(exchange_id),
    )

    def entry(box_id: int | None) -> dict[str, Any]:
        return exchange_body(
            exchange_id, shipmentBoxId=box_id, goodsDeliveryCode="CJGLS", invoiceNumber="5123"
        )

    too_early = await client.call("POST", path, body=[entry(exchange.new_shipment_box_id)])
    client.state.advance_clock(timedelta(minutes=10))
    original = await client.call("POST", path, body=[entry(exchange.original_shipment_box_id)])
    not_a_list = await client.call("POST", path, body=entry(exchange.new_shipment_box_id))
    uploaded = await client.call("POST", path, body=[entry(exchange.new_shipment_box_id)])

    assert too_early.status == 400
    assert original.status == 400
    assert "status [NONE_TRACKING] is not suitable for applyInvoice" in original.body["message"]
    assert not_a_list.body["message"] == "Object is null"
    assert uploaded.body["data"]["resultCode"] == "SUCCESS"
    assert exchange.invoices == [("CJGLS", "5123")]


async def test_invoice_before_receipt_rejected(client: SandboxClient) -> None:
    exchange = client.state.add_exchange()
    entry = exchange_body(
        exchange.exchange_id,
        shipmentBoxId=12345,
        goodsDeliveryCode="CJGLS",
        invoiceNumber="5123",
    )

    reply = await client.call("POST", f"{EXCHANGES}/{exchange.exchange_id}/invoices", body=[entry])

    assert reply.status == 400
    assert exchange.invoices == []


async def test_rejection_codes_and_states(client: SandboxClient) -> None:
    exchange = client.state.add_exchange()
    path = f"{EXCHANGES}/{exchange.exchange_id}/rejection"

    bad_code = await client.call(
        "PATCH", path, body=exchange_body(exchange.exchange_id, exchangeRejectCode="LATE")
    )
    rejected = await client.call(
        "PATCH", path, body=exchange_body(exchange.exchange_id, exchangeRejectCode="SOLDOUT")
    )
    again = await client.call(
        "PUT", path, body=exchange_body(exchange.exchange_id, exchangeRejectCode="WITHDRAW")
    )

    assert bad_code.body == {"code": 400, "message": "Invalid exchangeRejectCode : LATE"}
    assert rejected.body["data"]["resultCode"] == "SUCCESS"
    assert exchange.exchange_status == "REJECT"
    # Coupang reports some failures inside an HTTP 200.
    assert again.status == 200
    assert again.body["data"]["resultCode"] == "FAIL"


async def test_body_must_match_path(client: SandboxClient) -> None:
    exchange = client.state.add_exchange()
    path = f"{EXCHANGES}/{exchange.exchange_id}/receiveConfirmation"

    wrong_vendor = await client.call(
        "PATCH", path, body={"exchangeId": exchange.exchange_id, "vendorId": "A00000001"}
    )
    wrong_id = await client.call("PATCH", path, body=exchange_body(1))
    string_id = await client.call("PATCH", path, body=exchange_body(str(exchange.exchange_id)))

    assert wrong_vendor.body["message"] == "Invalid vendor ID"
    assert wrong_id.status == 400
    assert string_id.status == 200
