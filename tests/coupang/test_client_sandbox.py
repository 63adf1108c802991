"""Every CoupangClient endpoint against the in-process Coupang sandbox over real HTTP."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from coupang.client import CoupangClient, ExchangeInvoice
from coupang.credentials import VendorCredentials
from coupang.errors import (
    ApiErrorKind,
    CoupangApiError,
    CoupangBlockedError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
    CoupangResponseError,
    CoupangTimeoutError,
    InvalidSignatureError,
)
from coupang.models import (
    AnsweredType,
    CounselingStatus,
    ExchangeRejectCode,
    ExchangeStatus,
    ReceiptStatus,
    ReturnStatusFilter,
)
from coupang.paging import (
    iter_call_center_inquiries,
    iter_cancellations,
    iter_exchange_requests,
    iter_online_inquiries,
    iter_return_requests,
    iter_return_withdrawals,
)
from coupang.sandbox import (
    FaultKind,
    FaultRule,
    RunningSandbox,
    SandboxClock,
    SandboxState,
    run_sandbox,
)
from coupang.transport import RetryPolicy

START = datetime(2025, 3, 3, 3, 0, tzinfo=UTC)
FAST_RETRIES = RetryPolicy(
    max_attempts=3, initial_delay=0.001, rate_limited_initial_delay=0.001, max_delay=0.01
)


@pytest.fixture
async def sandbox() -> AsyncIterator[RunningSandbox]:
    state = SandboxState(
        seed=7,
        clock=SandboxClock(START),
        rate_limit_per_second=None,
        arrival_interval=None,
    )
    async with run_sandbox(state) as running:
        yield running


@pytest.fixture
async def sandbox_client(sandbox: RunningSandbox) -> AsyncIterator[CoupangClient]:
    vendor = sandbox.state.vendor()
    credentials = VendorCredentials(
        vendor_id=vendor.vendor_id, access_key=vendor.access_key, secret_key=vendor.secret_key
    )
    async with aiohttp.ClientSession() as session:
        yield CoupangClient(
            session,
            credentials,
            base_url=sandbox.base_url,
            rate_per_second=10.0,
            clock=sandbox.state.clock.now,
            retry_policy=FAST_RETRIES,
        )


def wing_user(sandbox: RunningSandbox) -> str:
    return sandbox.state.vendor().wing_user_ids[0]


async def test_probe_lists_return_centers(sandbox_client: CoupangClient) -> None:
    centers = await sandbox_client.list_return_shipping_centers()

    assert len(centers) == 1
    assert centers[0].return_center_code


async def test_online_inquiry_reply_flow(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    week_ago = START - timedelta(days=6)
    open_inquiries = [
        inquiry
        async for inquiry in iter_online_inquiries(sandbox_client, week_ago, START, page_size=2)
    ]
    every = [
        i async for i in iter_online_inquiries(sandbox_client, week_ago, START, AnsweredType.ALL)
    ]
    target = open_inquiries[0]

    await sandbox_client.reply_to_online_inquiry(
        target.inquiry_id, "문의 감사합니다.\r\n내일 출고됩니다.", wing_user(sandbox)
    )
    with pytest.raises(CoupangApiError) as duplicate:
        await sandbox_client.reply_to_online_inquiry(
            target.inquiry_id, "문의 감사합니다.\n내일 출고됩니다.", wing_user(sandbox)
        )
    answered = [
        i.inquiry_id
        async for i in iter_online_inquiries(sandbox_client, week_ago, START, AnsweredType.ANSWERED)
    ]

    assert len(open_inquiries) == 3
    assert len(every) == 5
    assert not any(inquiry.answered for inquiry in open_inquiries)
    assert target.inquiry_id in answered
    stored = sandbox.state.store.product_inquiries[target.inquiry_id].comments[-1].content
    assert stored == "문의 감사합니다.\n내일 출고됩니다."
    assert duplicate.value.kind is ApiErrorKind.DUPLICATE_ANSWER


async def test_call_center_reply_flow(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    open_cases = [
        case
        async for case in iter_call_center_inquiries(
            sandbox_client, START - timedelta(days=2), START
        )
    ]
    case = await sandbox_client.get_call_center_inquiry(open_cases[0].inquiry_id)
    parent_id = case.reply_parent_answer_id
    assert parent_id is not None
    assert case.can_reply
    request = case.open_answer_request
    assert request is not None
    assert request.reply_at is not None
    assert case.answer_deadline == request.reply_at + timedelta(hours=24)

    await sandbox_client.reply_to_call_center_inquiry(
        case.inquiry_id, "회수 접수했습니다.", wing_user(sandbox), parent_id
    )
    after = await sandbox_client.get_call_center_inquiry(case.inquiry_id)
    with pytest.raises(CoupangApiError) as again:
        await sandbox_client.reply_to_call_center_inquiry(
            case.inquiry_id, "회수 접수했습니다.", wing_user(sandbox), parent_id
        )

    assert not after.can_reply
    assert again.value.kind is ApiErrorKind.NOT_ANSWERABLE


async def test_call_center_confirm_and_closed_case(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    page = await sandbox_client.list_call_center_inquiries(
        (START - timedelta(days=1)).date(), START.date(), CounselingStatus.TRANSFER
    )
    transfer = page.content[0]
    closed = sandbox.state.add_call_center_inquiry(needs_answer=True)
    sandbox.state.close_call_center_inquiry(closed.inquiry_id)

    await sandbox_client.confirm_call_center_inquiry(transfer.inquiry_id, wing_user(sandbox))
    with pytest.raises(CoupangApiError) as caught:
        await sandbox_client.reply_to_call_center_inquiry(
            closed.inquiry_id, "확인했습니다.", wing_user(sandbox), 1
        )
    with pytest.raises(CoupangApiError) as bad_user:
        await sandbox_client.confirm_call_center_inquiry(transfer.inquiry_id, "nobody")

    assert len(page.content) == 1
    assert caught.value.kind is ApiErrorKind.CASE_CLOSED
    assert bad_user.value.kind is ApiErrorKind.INVALID_WING_ID


async def test_return_receipt_and_approval(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    week_ago = START - timedelta(days=7)
    unchecked = [
        receipt
        async for receipt in iter_return_requests(
            sandbox_client, ReturnStatusFilter.RETURNS_UNCHECKED, week_ago, START
        )
    ]
    # A stop-shipment request is listed under UC as well as RU, but cannot be confirmed.
    requested = [r for r in unchecked if r.receipt_status is ReceiptStatus.RETURNS_UNCHECKED]
    slow_refund = [receipt for receipt in requested if not receipt.pre_refund]
    target = slow_refund[0] if slow_refund else requested[0]

    await sandbox_client.confirm_return_receipt(target.receipt_id)
    confirmed = await sandbox_client.get_return_request(target.receipt_id)
    if confirmed.receipt_status is ReceiptStatus.VENDOR_WAREHOUSE_CONFIRM:
        assert confirmed.cancel_count_sum is not None
        with pytest.raises(CoupangApiError) as mismatch:
            await sandbox_client.approve_return_request(
                target.receipt_id, confirmed.cancel_count_sum + 1
            )
        assert mismatch.value.kind is ApiErrorKind.CANCEL_COUNT_MISMATCH
        await sandbox_client.approve_return_request(target.receipt_id, confirmed.cancel_count_sum)
    completed = await sandbox_client.get_return_request(target.receipt_id)

    assert ReceiptStatus.RELEASE_STOP_UNCHECKED in {r.receipt_status for r in unchecked}
    assert len(requested) == 2
    assert completed.receipt_status is ReceiptStatus.RETURNS_COMPLETED
    assert completed.created_at is not None
    assert completed.created_at.tzinfo is UTC


async def test_return_lists_and_timeframe(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    week_ago = START - timedelta(days=7)
    cancels = [c async for c in iter_cancellations(sandbox_client, week_ago, START)]
    recent = await sandbox_client.list_return_requests_in_timeframe(
        ReturnStatusFilter.RETURNS_UNCHECKED, START - timedelta(hours=6), START
    )
    completed = [
        r
        async for r in iter_return_requests(
            sandbox_client, ReturnStatusFilter.RETURNS_COMPLETED, week_ago, START
        )
    ]

    assert [c.receipt_type for c in cancels] == ["CANCEL"]
    assert {r.receipt_status for r in recent} == {
        ReceiptStatus.RELEASE_STOP_UNCHECKED,
        ReceiptStatus.RETURNS_UNCHECKED,
    }
    assert all(r.receipt_status is ReceiptStatus.RETURNS_COMPLETED for r in completed)


async def test_release_stop_actions(sandbox: RunningSandbox, sandbox_client: CoupangClient) -> None:
    stop = sandbox.state.add_return(status="RELEASE_STOP_UNCHECKED")
    shipped = sandbox.state.add_return(status="RELEASE_STOP_UNCHECKED")

    await sandbox_client.stop_return_shipment(stop.receipt_id, stop.cancel_count_sum)
    await sandbox_client.mark_return_already_shipped(shipped.receipt_id, "CJGLS", "555000111222")

    assert sandbox.state.store.returns[stop.receipt_id].receipt_status == "RETURNS_COMPLETED"
    assert sandbox.state.store.returns[shipped.receipt_id].receipt_status == "RETURNS_UNCHECKED"


async def test_withdrawals_by_period_and_ids(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    withdrawn = [
        w async for w in iter_return_withdrawals(sandbox_client, START - timedelta(days=9), START)
    ]
    by_ids = await sandbox_client.get_return_withdrawals([withdrawn[0].cancel_id, 999999999])

    assert len(withdrawn) == 1
    assert [w.cancel_id for w in by_ids] == [withdrawn[0].cancel_id]


async def test_return_pickup_invoice(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    receipt = sandbox.state.add_return(status="RETURNS_UNCHECKED")

    invoice = await sandbox_client.register_return_invoice(
        receipt.receipt_id,
        delivery_type="RETURN",
        delivery_company_code="CJGLS",
        invoice_number="123456789012",
    )

    assert invoice.receipt_id == receipt.receipt_id
    assert invoice.delivery_company_code == "CJGLS"


async def test_exchange_confirm_then_invoice(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    since = START - timedelta(days=3)
    exchanges = [e async for e in iter_exchange_requests(sandbox_client, since, START)]
    receipt = next(e for e in exchanges if e.exchange_status is ExchangeStatus.RECEIPT)

    await sandbox_client.confirm_exchange_receipt(receipt.exchange_id)
    sandbox.state.advance_clock(timedelta(minutes=10))
    page = await sandbox_client.list_exchange_requests(since, sandbox.state.clock.now())
    confirmed = next(e for e in page.items if e.exchange_id == receipt.exchange_id)
    with pytest.raises(CoupangApiError):
        await sandbox_client.upload_exchange_invoices(
            receipt.exchange_id,
            [ExchangeInvoice(receipt.items[0].original_shipment_box_id or 1, "CJGLS", "1")],
        )
    await sandbox_client.upload_exchange_invoices(
        receipt.exchange_id,
        [ExchangeInvoice(confirmed.replacement_shipment_box_ids[0], "CJGLS", "987654321098")],
    )

    assert len(exchanges) == 3
    assert confirmed.exchange_status is ExchangeStatus.PROGRESS
    assert len(confirmed.replacement_shipment_box_ids) == 1


async def test_exchange_rejection(sandbox: RunningSandbox, sandbox_client: CoupangClient) -> None:
    fresh = sandbox.state.add_exchange(status="RECEIPT")
    progress = sandbox.state.add_exchange(status="PROGRESS")

    await sandbox_client.reject_exchange_request(fresh.exchange_id, ExchangeRejectCode.SOLDOUT)
    with pytest.raises(CoupangApiError) as caught:
        await sandbox_client.reject_exchange_request(
            progress.exchange_id, ExchangeRejectCode.WITHDRAW
        )

    assert sandbox.state.store.exchanges[fresh.exchange_id].exchange_status == "REJECT"
    assert caught.value.code == "FAIL"


async def test_order_sheets_and_product(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    order_id = next(iter(sandbox.state.store.orders))
    product_id = next(iter(sandbox.state.store.products))

    sheets = await sandbox_client.get_order_sheets(order_id)
    product = await sandbox_client.get_seller_product(product_id)
    cached = await sandbox_client.get_seller_product(product_id)

    assert sheets
    assert all(sheet.order_id == order_id for sheet in sheets)
    assert sheets[0].order_items
    assert product.seller_product_id == product_id
    assert product.seller_product_name
    assert cached == product
    product_calls = [c for c in sandbox.state.calls if "seller-products" in c.path]
    assert len(product_calls) == 1


async def test_v4_lookup_and_put_options(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    vendor = sandbox.state.vendor()
    credentials = VendorCredentials(
        vendor_id=vendor.vendor_id, access_key=vendor.access_key, secret_key=vendor.secret_key
    )
    case = sandbox.state.add_call_center_inquiry()
    receipt = sandbox.state.add_return(status="RETURNS_UNCHECKED")
    async with aiohttp.ClientSession() as session:
        client = CoupangClient(
            session,
            credentials,
            base_url=sandbox.base_url,
            clock=sandbox.state.clock.now,
            write_method="PUT",
            return_action_version="v5",
            call_center_lookup_version="v4",
        )

        fetched = await client.get_call_center_inquiry(case.inquiry_id)
        await client.confirm_return_receipt(receipt.receipt_id)

    assert fetched.inquiry_id == case.inquiry_id
    last = sandbox.state.calls[-1]
    assert last.method == "PUT"
    assert "/v5/" in last.path
    assert last.status == 200


async def test_sandbox_faults_map_to_errors(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    faults = sandbox.state.faults
    faults.add(FaultRule(FaultKind.ACCESS_DENIED, "returnShippingCenters"))
    with pytest.raises(CoupangBlockedError):
        await sandbox_client.list_return_shipping_centers()

    faults.add(FaultRule(FaultKind.MALFORMED_JSON, "returnShippingCenters"))
    with pytest.raises(CoupangResponseError):
        await sandbox_client.list_return_shipping_centers()

    faults.add(FaultRule(FaultKind.ERROR_IN_200, "returnShippingCenters"))
    with pytest.raises(CoupangApiError):
        await sandbox_client.list_return_shipping_centers()

    faults.add(FaultRule(FaultKind.GATEWAY_TIMEOUT, "returnShippingCenters", count=3))
    with pytest.raises(CoupangTimeoutError):
        await sandbox_client.list_return_shipping_centers()

    faults.add(FaultRule(FaultKind.RATE_LIMIT, "returnShippingCenters", count=2))
    centers = await sandbox_client.list_return_shipping_centers()

    assert centers
    statuses = [call.status for call in sandbox.state.calls]
    assert statuses == [403, 200, 200, 504, 504, 504, 429, 429, 200]


async def test_sandbox_write_fault_not_retried(
    sandbox: RunningSandbox, sandbox_client: CoupangClient
) -> None:
    receipt = sandbox.state.add_return(status="RETURNS_UNCHECKED")
    sandbox.state.faults.add(FaultRule(FaultKind.RATE_LIMIT, "receiveConfirmation"))

    with pytest.raises(CoupangRateLimitedError):
        await sandbox_client.confirm_return_receipt(receipt.receipt_id)

    assert len(sandbox.state.calls) == 1


async def test_wrong_secret_is_invalid_signature(sandbox: RunningSandbox) -> None:
    vendor = sandbox.state.vendor()
    credentials = VendorCredentials(
        vendor_id=vendor.vendor_id, access_key=vendor.access_key, secret_key="0" * 40
    )
    async with aiohttp.ClientSession() as session:
        client = CoupangClient(
            session, credentials, base_url=sandbox.base_url, clock=sandbox.state.clock.now
        )

        with pytest.raises(InvalidSignatureError):
            await client.list_return_shipping_centers()

    assert len(sandbox.state.calls) == 1


async def test_other_vendor_path_is_not_found(sandbox: RunningSandbox) -> None:
    vendor = sandbox.state.vendor()
    credentials = VendorCredentials(
        vendor_id="A99999999", access_key=vendor.access_key, secret_key=vendor.secret_key
    )
    async with aiohttp.ClientSession() as session:
        client = CoupangClient(
            session, credentials, base_url=sandbox.base_url, clock=sandbox.state.clock.now
        )

        with pytest.raises(CoupangNotFoundError):
            await client.list_return_shipping_centers()

    assert len(sandbox.state.calls) == 1


async def test_sandbox_counts_at_most_rate() -> None:
    state = SandboxState(seed=3, arrival_interval=None)
    vendor = state.vendor()
    credentials = VendorCredentials(
        vendor_id=vendor.vendor_id, access_key=vendor.access_key, secret_key=vendor.secret_key
    )
    async with run_sandbox(state) as running, aiohttp.ClientSession() as session:
        client = CoupangClient(
            session,
            credentials,
            base_url=running.base_url,
            clock=state.clock.now,
            rate_per_second=8.0,
            retry_policy=RetryPolicy(max_attempts=1),
        )
        for _ in range(12):
            await client.list_return_shipping_centers()

    per_second = state.calls_per_second(vendor.vendor_id)
    assert sum(per_second.values()) == 12
    assert max(per_second.values()) <= 10
    assert all(call.status == 200 for call in state.calls)
