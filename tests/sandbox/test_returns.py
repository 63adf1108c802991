"""Return and cancel receipts: lists, lookup, receipt, approval, withdrawals and invoices."""

import re
from typing import Any

from tests.sandbox.conftest import API, SandboxClient

VENDOR_ID = "A00012345"
VENDOR = f"{API}/v4/vendors/{VENDOR_ID}"
RETURNS = f"{API}/v6/vendors/{VENDOR_ID}/returnRequests"
DAY_WINDOW = "createdAtFrom=2026-11-28&createdAtTo=2026-12-04"
KST_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
NOT_FOUND = "ReceiptId doesn't belong to the vendorId, or cannot find the Receipt by the given id"
COUNT_MISMATCH = "[INTERNAL_SERVER_ERROR] 취소반품접수수량과 cancelCount가 일치하지 않습니다."


async def list_returns(client: SandboxClient, query: str) -> list[dict[str, Any]]:
    reply = await client.call("GET", RETURNS, query)
    assert reply.status == 200, reply.text
    data: list[dict[str, Any]] = reply.body["data"]
    return data


def action_path(receipt_id: int, action: str, version: str = "v4") -> str:
    return f"{API}/{version}/vendors/{VENDOR_ID}/returnRequests/{receipt_id}/{action}"


def receipt_body(receipt_id: int, **extra: Any) -> dict[str, Any]:
    return {"vendorId": VENDOR_ID, "receiptId": receipt_id, **extra}


async def test_list_by_status(client: SandboxClient) -> None:
    counts = {}
    for status in ("RU", "UC", "CC", "PR"):
        counts[status] = len(await list_returns(client, f"{DAY_WINDOW}&status={status}"))
    cancels = await list_returns(client, f"{DAY_WINDOW}&cancelType=CANCEL")

    # A stop-shipment request shows under both RU and UC.
    assert counts == {"RU": 1, "UC": 4, "CC": 1, "PR": 0}
    assert len(cancels) == 1
    assert cancels[0]["receiptType"] == "CANCEL"


async def test_list_item_shape(client: SandboxClient) -> None:
    reply = await client.call("GET", RETURNS, f"{DAY_WINDOW}&status=UC")
    item = reply.body["data"][0]

    assert reply.body["nextToken"] == ""
    assert KST_SECONDS.fullmatch(item["createdAt"])
    assert item["cancelCountSum"] == sum(i["cancelCount"] for i in item["returnItems"])
    assert item["requesterPhoneNumber"].startswith("050")
    assert item["requesterRealPhoneNumber"] is None


async def test_list_pages_with_next_token(client: SandboxClient) -> None:
    first = await client.call("GET", RETURNS, f"{DAY_WINDOW}&status=UC&maxPerPage=3")
    token = first.body["nextToken"]
    second = await client.call(
        "GET", RETURNS, f"{DAY_WINDOW}&status=UC&maxPerPage=3&nextToken={token}"
    )

    first_ids = [item["receiptId"] for item in first.body["data"]]
    second_ids = [item["receiptId"] for item in second.body["data"]]
    assert len(first_ids) == 3
    assert token != ""
    assert len(second_ids) == 1
    assert second.body["nextToken"] == ""
    assert not set(first_ids) & set(second_ids)


async def test_list_time_frame(client: SandboxClient) -> None:
    query = (
        "searchType=timeFrame&createdAtFrom=2026-12-04T00:00&createdAtTo=2026-12-04T12:00&status=UC"
    )

    reply = await client.call("GET", RETURNS, query)

    statuses = sorted(item["receiptStatus"] for item in reply.body["data"])
    assert reply.status == 200
    assert statuses == ["RELEASE_STOP_UNCHECKED", "RETURNS_UNCHECKED"]
    assert "nextToken" not in reply.body


async def test_list_validation(client: SandboxClient) -> None:
    time_frame = "searchType=timeFrame&createdAtFrom=2026-12-04T00:00"
    cases = [
        (DAY_WINDOW, "OrderId can't be null , if doesn't pass the parameter status"),
        (f"{DAY_WINDOW}&status=XX", "Invalid status : XX"),
        (
            f"{DAY_WINDOW}&cancelType=CANCEL&status=UC",
            "status and orderId cannot be used with cancelType=CANCEL",
        ),
        (
            "createdAtFrom=2026-10-01&createdAtTo=2026-12-04&status=UC",
            "createdAtTo - createdAtFrom should less then 31day",
        ),
        (
            "createdAtFrom=2026/12/01&createdAtTo=2026-12-04&status=UC",
            "createdAtFrom format should be yyyy-MM-dd",
        ),
        (
            "createdAtFrom=2026-12-04&createdAtTo=2026-12-01&status=UC",
            "createdAtTo should be later than or equal to createdAtFrom",
        ),
        (
            "createdAtTo=2026-12-04&status=UC",
            "Required String parameter 'createdAtFrom' is not present",
        ),
        (
            f"{time_frame}&createdAtTo=2026-12-04&status=UC",
            "createdAtTo format should be yyyy-MM-ddTHH:mm",
        ),
        (f"{time_frame}&createdAtTo=2026-12-05T01:00&status=UC", "range should less than 1 day"),
        (
            f"{time_frame}&createdAtTo=2026-12-04T09:00&status=UC&maxPerPage=10",
            "nextToken and maxPerPage are not supported with searchType=timeFrame",
        ),
        (
            f"{time_frame}&createdAtTo=2026-12-04T09:00&orderId=1",
            "orderId is not supported with searchType=timeFrame",
        ),
        (f"{DAY_WINDOW}&status=UC&maxPerPage=51", "maxPerPage should be between 1 and 50"),
        (f"{DAY_WINDOW}&status=UC&nextToken=abc", "Invalid nextToken : abc"),
    ]
    for query, message in cases:
        reply = await client.call("GET", RETURNS, query)

        assert reply.status == 400, query
        assert reply.body == {"code": 400, "message": message}, query


async def test_list_by_order_without_status(client: SandboxClient) -> None:
    receipt = client.state.add_return()

    found = await list_returns(client, f"{DAY_WINDOW}&orderId={receipt.order_id}")

    assert [item["receiptId"] for item in found] == [receipt.receipt_id]


async def test_single_lookup(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    cancel = client.state.add_return(status="RETURNS_COMPLETED", receipt_type="CANCEL")

    found = await client.call("GET", f"{RETURNS}/{receipt.receipt_id}")
    missing = await client.call("GET", f"{RETURNS}/1")
    cancel_reply = await client.call("GET", f"{RETURNS}/{cancel.receipt_id}")
    malformed = await client.call("GET", f"{RETURNS}/R123")

    assert found.status == 200
    assert [item["receiptId"] for item in found.body["data"]] == [receipt.receipt_id]
    assert missing.body == {"code": 400, "message": NOT_FOUND}
    assert cancel_reply.body["message"] == NOT_FOUND
    assert malformed.status == 400


async def test_receipt_then_approval_completes(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    count = receipt.cancel_count_sum

    confirmed = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "receiveConfirmation"),
        body=receipt_body(receipt.receipt_id),
    )
    status_after_receipt = receipt.receipt_status
    mismatch = await client.call(
        "PUT",
        action_path(receipt.receipt_id, "approval"),
        body=receipt_body(receipt.receipt_id, cancelCount=count + 1),
    )
    approved = await client.call(
        "PUT",
        action_path(receipt.receipt_id, "approval"),
        body=receipt_body(receipt.receipt_id, cancelCount=count),
    )
    again = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "approval"),
        body=receipt_body(receipt.receipt_id, cancelCount=count),
    )
    completed = await list_returns(client, f"{DAY_WINDOW}&status=CC")

    assert confirmed.body == {"code": "200", "message": "OK"}
    assert status_after_receipt == "VENDOR_WAREHOUSE_CONFIRM"
    assert mismatch.body["message"] == COUNT_MISMATCH
    assert approved.status == 200
    assert again.status == 400
    assert again.body["message"].startswith("이미 반품이 완료되었습니다.")
    done = next(item for item in completed if item["receiptId"] == receipt.receipt_id)
    assert done["receiptStatus"] == "RETURNS_COMPLETED"
    assert KST_SECONDS.fullmatch(done["completeConfirmDate"])


async def test_actions_check_state(client: SandboxClient) -> None:
    receipt = client.state.add_return()

    early_approval = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "approval"),
        body=receipt_body(receipt.receipt_id, cancelCount=receipt.cancel_count_sum),
    )
    first = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "receiveConfirmation", "v5"),
        body=receipt_body(receipt.receipt_id),
    )
    second = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "receiveConfirmation"),
        body=receipt_body(receipt.receipt_id),
    )
    wrong_vendor = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "receiveConfirmation"),
        body={"vendorId": "A00000001", "receiptId": receipt.receipt_id},
    )

    assert early_approval.status == 400
    assert first.status == 200
    assert second.status == 400
    assert wrong_vendor.body["message"] == "Invalid vendor ID"


async def test_quick_refund_receipt_completes(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    receipt.pre_refund = True

    reply = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "receiveConfirmation"),
        body=receipt_body(receipt.receipt_id),
    )

    assert reply.status == 200
    assert receipt.receipt_status == "RETURNS_COMPLETED"


async def test_stopped_shipment_completes_cancel(client: SandboxClient) -> None:
    receipt = client.state.add_return(status="RELEASE_STOP_UNCHECKED")
    other = client.state.add_return()

    stopped = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "stoppedShipment"),
        body=receipt_body(receipt.receipt_id, cancelCount=receipt.cancel_count_sum),
    )
    not_stoppable = await client.call(
        "PATCH",
        action_path(other.receipt_id, "stoppedShipment"),
        body=receipt_body(other.receipt_id, cancelCount=other.cancel_count_sum),
    )

    assert stopped.body["data"]["resultCode"] == "SUCCESS"
    assert receipt.receipt_status == "RETURNS_COMPLETED"
    assert receipt.release_stop_status == "처리(출고중지)"
    assert not_stoppable.status == 400


async def test_completed_shipment_becomes_return(client: SandboxClient) -> None:
    receipt = client.state.add_return(status="RELEASE_STOP_UNCHECKED")
    body = receipt_body(
        receipt.receipt_id, deliveryCompanyCode="CJGLS", invoiceNumber="512345678901"
    )

    missing_invoice = await client.call(
        "PUT",
        action_path(receipt.receipt_id, "completedShipment"),
        body=receipt_body(receipt.receipt_id),
    )
    shipped = await client.call(
        "PUT", action_path(receipt.receipt_id, "completedShipment"), body=body
    )

    assert missing_invoice.body["message"] == "Object is null"
    assert shipped.status == 200
    assert receipt.receipt_status == "RETURNS_UNCHECKED"
    assert receipt.release_stop_status == "처리(이미출고)"


async def test_withdrawn_return_moves_to_history(client: SandboxClient) -> None:
    receipt = client.state.add_return()

    client.state.withdraw_return(receipt.receipt_id)
    listed = await list_returns(client, f"{DAY_WINDOW}&status=UC")
    history = await client.call(
        "GET", f"{VENDOR}/returnWithdrawRequests", "dateFrom=2026-11-28&dateTo=2026-12-04"
    )
    by_ids = await client.call(
        "POST", f"{VENDOR}/returnWithdrawList", body={"cancelIds": [receipt.receipt_id, 1]}
    )
    confirm = await client.call(
        "PATCH",
        action_path(receipt.receipt_id, "receiveConfirmation"),
        body=receipt_body(receipt.receipt_id),
    )

    assert receipt.receipt_id not in [item["receiptId"] for item in listed]
    history_ids = [item["cancelId"] for item in history.body["data"]]
    assert receipt.receipt_id in history_ids
    assert len(history_ids) == 2
    assert history.body["nextPageIndex"] == ""
    assert [item["cancelId"] for item in by_ids.body["data"]] == [receipt.receipt_id]
    assert KST_SECONDS.fullmatch(by_ids.body["data"][0]["createdAt"])
    assert confirm.body["message"] == "취소반품접수내역이 존재하지 않습니다"


async def test_withdrawal_history_pages(client: SandboxClient) -> None:
    for _ in range(3):
        client.state.withdraw_return(client.state.add_return().receipt_id)
    query = "dateFrom=2026-11-28&dateTo=2026-12-04&sizePerPage=3"

    first = await client.call("GET", f"{VENDOR}/returnWithdrawRequests", query)
    second = await client.call("GET", f"{VENDOR}/returnWithdrawRequests", f"{query}&pageIndex=2")

    assert len(first.body["data"]) == 3
    assert first.body["nextPageIndex"] == "2"
    assert len(second.body["data"]) == 1
    assert second.body["nextPageIndex"] == ""


async def test_withdrawal_history_validation(client: SandboxClient) -> None:
    cases = [
        ("dateTo=2026-12-04", "Required String parameter 'dateFrom' is not present"),
        ("dateFrom=2026-12-04&dateTo=2026-12-01", "종료일자는 시작일자보다 작거나 같아야 합니다."),
        (
            "dateFrom=2026-11-27&dateTo=2026-12-04",
            "최대 조회 기간은 7 일 입니다.(The maximum view duration is 7 days)",
        ),
        ("dateFrom=20261201&dateTo=2026-12-04", "날짜입력을 확인해 주세요. (형식:yyyy-MM-dd)"),
        (
            "dateFrom=2026-12-01&dateTo=2026-12-04&sizePerPage=101",
            "페이지별 최대 표시 갯수(sizePerPage)는 100 입니다.",
        ),
        (
            "dateFrom=2026-12-01&dateTo=2026-12-04&pageIndex=0",
            "pageindex 는 음수 또는 0 일 수 없습니다.",
        ),
    ]
    for query, message in cases:
        reply = await client.call("GET", f"{VENDOR}/returnWithdrawRequests", query)

        assert reply.status == 400, query
        assert reply.body["message"] == message, query


async def test_withdraw_list_by_ids_validation(client: SandboxClient) -> None:
    path = f"{VENDOR}/returnWithdrawList"

    too_many = await client.call("POST", path, body={"cancelIds": list(range(1, 52))})
    empty = await client.call("POST", path, body={"cancelIds": []})
    strings = await client.call("POST", path, body={"cancelIds": ["abc"]})
    fifty = await client.call("POST", path, body={"cancelIds": list(range(1, 51))})

    assert too_many.status == 400
    assert empty.status == 500
    assert empty.body["message"] == "CReturns getWithdrawnList failed"
    assert strings.status == 500
    assert fifty.status == 200


async def test_manual_invoice_for_return_and_exchange(client: SandboxClient) -> None:
    receipt = client.state.add_return()
    exchange = client.state.add_exchange()
    path = f"{VENDOR}/return-exchange-invoices/manual"
    base = {"deliveryCompanyCode": "CJGLS", "invoiceNumber": "512345678901", "regNumber": "77"}

    for_return = await client.call(
        "POST",
        path,
        body={**base, "returnExchangeDeliveryType": "RETURN", "receiptId": receipt.receipt_id},
    )
    for_exchange = await client.call(
        "POST",
        path,
        body={**base, "returnExchangeDeliveryType": "EXCHANGE", "receiptId": exchange.exchange_id},
    )
    missing = await client.call(
        "POST", path, body={"returnExchangeDeliveryType": "RETURN", "receiptId": receipt.receipt_id}
    )

    assert for_return.status == 200
    assert for_return.body["data"]["invoiceNumber"] == "512345678901"
    assert for_return.body["data"]["returnDeliveryId"] == receipt.return_delivery_id
    assert ("CJGLS", "512345678901") in receipt.invoices
    assert for_exchange.body["data"]["returnExchangeDeliveryType"] == "EXCHANGE"
    assert exchange.collect_status == "CompleteDirection"
    assert missing.body == {"code": 400, "message": "Object is null"}
