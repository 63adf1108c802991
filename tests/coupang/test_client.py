"""CoupangClient against a fake gateway on 127.0.0.1: wire format, errors, retries, budget."""

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import aiohttp
import pytest

from coupang.client import CoupangClient, ExchangeInvoice
from coupang.credentials import VendorCredentials
from coupang.errors import (
    ApiErrorKind,
    CoupangApiError,
    CoupangAuthError,
    CoupangBlockedError,
    CoupangConnectionError,
    CoupangError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
    CoupangResponseError,
    CoupangServerError,
    CoupangTimeoutError,
    InvalidSignatureError,
    SignatureExpiredError,
)
from coupang.models import AnsweredType, ExchangeRejectCode, ReturnStatusFilter
from coupang.transport import CoupangTransport, Endpoint, RetryPolicy
from tests.coupang.fake_coupang import (
    ACCESS_KEY,
    SECRET_KEY,
    VENDOR_ID,
    CannedReply,
    FakeCoupang,
    json_reply,
)

OPENAPI = "/v2/providers/openapi/apis/api"
ONE_TRY = RetryPolicy(max_attempts=1)
ACCESS_DENIED_PAGE = (
    b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>You don't have permission."
    b" Reference #18.1f2e3d4c</BODY></HTML>"
)
CANARY_PHONE = "010-9876-5432"
CANARY_NAME = "홍길동테스트"


def empty_page(*, pagination: bool = True) -> CannedReply:
    data: dict[str, object] = {"content": []}
    if pagination:
        data["pagination"] = {"currentPage": 1, "totalPages": 0}
    return json_reply({"code": 200, "message": "OK", "data": data})


async def test_list_sends_signed_exact_query(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(empty_page())

    await client.list_online_inquiries(
        date(2025, 1, 1), date(2025, 1, 7), AnsweredType.NOANSWER, page_size=50
    )

    sent = fake.requests[0]
    assert sent.method == "GET"
    assert sent.path == f"{OPENAPI}/v5/vendors/{VENDOR_ID}/onlineInquiries"
    assert sent.raw_query == (
        "vendorId=A00012345&answeredType=NOANSWER&inquiryStartAt=2025-01-01"
        "&inquiryEndAt=2025-01-07&pageNum=1&pageSize=50"
    )
    assert sent.signature_valid
    assert sent.headers["Content-Type"] == "application/json;charset=UTF-8"
    assert sent.headers["X-EXTENDED-TIMEOUT"] == "90000"


async def test_signature_uses_injected_clock(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    client = make_client(clock=lambda: datetime(2025, 1, 7, 1, 2, 3, tzinfo=UTC))
    fake.queue(json_reply({"code": 200, "data": []}))

    await client.list_return_shipping_centers()

    assert "signed-date=250107T010203Z" in fake.requests[0].headers["Authorization"]
    assert fake.requests[0].signature_valid


async def test_reply_body_keeps_korean_and_lf(client: CoupangClient, fake: FakeCoupang) -> None:
    await client.reply_to_online_inquiry(846, "안녕하세요\r\n입고 지연\r확인", "wing-user")

    sent = fake.requests[0]
    assert sent.method == "POST"
    assert sent.path == f"{OPENAPI}/v4/vendors/{VENDOR_ID}/onlineInquiries/846/replies"
    assert sent.raw_query == ""
    assert "X-EXTENDED-TIMEOUT" not in sent.headers
    assert "안녕하세요".encode() in sent.body
    assert b"\r" not in sent.body
    assert sent.json() == {
        "content": "안녕하세요\n입고 지연\n확인",
        "vendorId": VENDOR_ID,
        "replyBy": "wing-user",
    }
    assert sent.signature_valid


async def test_call_center_reply_body(client: CoupangClient, fake: FakeCoupang) -> None:
    await client.reply_to_call_center_inquiry(1007837444, "확인했습니다", "wing-user", 1023208324)

    sent = fake.requests[0]
    assert sent.path == (f"{OPENAPI}/v4/vendors/{VENDOR_ID}/callCenterInquiries/1007837444/replies")
    assert sent.json() == {
        "vendorId": VENDOR_ID,
        "inquiryId": "1007837444",
        "content": "확인했습니다",
        "replyBy": "wing-user",
        "parentAnswerId": 1023208324,
    }


@pytest.mark.parametrize("content", ["a", "x" * 1001, "\r"])
async def test_call_center_reply_rejects_length(
    client: CoupangClient, fake: FakeCoupang, content: str
) -> None:
    with pytest.raises(ValueError, match="2 to 1000"):
        await client.reply_to_call_center_inquiry(1, content, "wing-user", 2)

    assert fake.requests == []


async def test_write_method_option_changes_verb(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    client = make_client(write_method="PUT", return_action_version="v5")

    await client.approve_return_request(363585, 7)

    sent = fake.requests[0]
    assert sent.method == "PUT"
    assert sent.path == f"{OPENAPI}/v5/vendors/{VENDOR_ID}/returnRequests/363585/approval"
    assert sent.json() == {"vendorId": VENDOR_ID, "receiptId": 363585, "cancelCount": 7}
    assert sent.signature_valid


async def test_approval_defaults_to_patch_v4(client: CoupangClient, fake: FakeCoupang) -> None:
    await client.approve_return_request(363585, 1)

    assert fake.requests[0].method == "PATCH"
    assert "/v4/" in fake.requests[0].path


ERROR_CASES = [
    (
        json_reply({"code": "ERROR", "message": "Specified signature is expired."}, 401),
        SignatureExpiredError,
    ),
    (json_reply({"code": "ERROR", "message": "Invalid signature."}, 401), InvalidSignatureError),
    (json_reply({"code": "ERROR", "message": "Request is not authorized."}, 401), CoupangAuthError),
    (CannedReply(403, b"[FORBIDDEN] Not allowed IP", "text/plain"), CoupangForbiddenError),
    (CannedReply(403, ACCESS_DENIED_PAGE, "text/html"), CoupangBlockedError),
    (
        CannedReply(302, b"", "text/plain", headers={"Location": "http://127.0.0.1:9/blocked"}),
        CoupangBlockedError,
    ),
    (json_reply({"code": 404, "message": "Not Found"}, 404), CoupangNotFoundError),
    (CannedReply(429, b"Too Many Requests", "text/plain"), CoupangRateLimitedError),
    (CannedReply(500, b"Internal Exception", "text/plain"), CoupangServerError),
    (CannedReply(521, b"", "text/plain"), CoupangServerError),
    (json_reply({"code": 504, "message": "Request timed out"}, 504), CoupangTimeoutError),
    (json_reply({"code": 400, "message": "Invalid vendor ID"}, 400), CoupangApiError),
    (json_reply({"code": "ERROR", "message": "something failed"}), CoupangApiError),
    (
        json_reply({"code": "ERROR", "message": "Specified signature is expired."}),
        SignatureExpiredError,
    ),
    (json_reply({"code": "ERROR", "message": "HMAC format is invalid."}), CoupangAuthError),
    (CannedReply(200, b'{"code": 200, "data": ', "application/json"), CoupangResponseError),
    (CannedReply(200, ACCESS_DENIED_PAGE, "text/html"), CoupangResponseError),
    (json_reply({"message": "OK", "data": []}), CoupangResponseError),
    (json_reply({"code": 200, "message": "OK", "data": {"content": []}}), CoupangResponseError),
    (json_reply({"code": 200, "message": "OK", "data": {"receiptId": 1}}), CoupangResponseError),
    (json_reply([1, 2, 3]), CoupangResponseError),
]


@pytest.mark.parametrize(("reply", "error_type"), ERROR_CASES)
async def test_error_maps_to_tree(
    make_client: Callable[..., CoupangClient],
    fake: FakeCoupang,
    reply: CannedReply,
    error_type: type[CoupangError],
) -> None:
    client = make_client(retry_policy=ONE_TRY)
    fake.queue(reply)

    with pytest.raises(CoupangError) as caught:
        await client.list_return_requests(
            ReturnStatusFilter.RETURNS_UNCHECKED, date(2025, 1, 1), date(2025, 1, 31)
        )

    assert type(caught.value) is error_type
    assert caught.value.operation == "list_return_requests"
    assert caught.value.vendor_id == VENDOR_ID
    assert len(fake.requests) == 1


async def test_malformed_record_is_skipped(client: CoupangClient, fake: FakeCoupang) -> None:
    valid = {"receiptId": 11, "orderId": 21, "receiptStatus": "RETURNS_UNCHECKED"}
    records = [valid, {"receiptId": 12, "orderId": "not-a-number"}, {"receiptId": "abc"}, "x"]
    fake.queue(json_reply({"code": 200, "message": "OK", "data": records}))

    page = await client.list_return_requests(
        ReturnStatusFilter.RETURNS_UNCHECKED, date(2025, 1, 1), date(2025, 1, 31)
    )

    assert [receipt.receipt_id for receipt in page.items] == [11]
    assert [record.record_id for record in page.skipped] == [12, None, None]
    assert "orderId" in page.skipped[0].detail
    assert "not-a-number" not in page.skipped[0].detail


async def test_malformed_inquiry_is_skipped(client: CoupangClient, fake: FakeCoupang) -> None:
    content = [{"inquiryId": 1, "orderIds": ["x"]}, {"inquiryId": 2}]
    fake.queue(json_reply({"code": 200, "message": "OK", "data": {"content": content}}))

    page = await client.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 2))

    assert [inquiry.inquiry_id for inquiry in page.content] == [2]
    assert [record.record_id for record in page.skipped] == [1]


async def test_inquiry_content_not_a_list_raises(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(json_reply({"code": 200, "message": "OK", "data": {"content": {"inquiryId": 1}}}))

    with pytest.raises(CoupangResponseError):
        await client.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 2))


async def test_not_found_is_lookup_error(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(json_reply({"code": 404, "message": "Inquiry not found"}, 404))

    with pytest.raises(LookupError):
        await client.get_call_center_inquiry(42)

    assert len(fake.requests) == 1


async def test_business_error_keeps_api_message(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(json_reply({"code": 400, "message": "동일한 답변이 존재합니다."}, 400))

    with pytest.raises(CoupangApiError) as caught:
        await client.reply_to_online_inquiry(846, "답변입니다", "wing-user")

    assert caught.value.api_message == "동일한 답변이 존재합니다."
    assert caught.value.kind is ApiErrorKind.DUPLICATE_ANSWER
    assert caught.value.status == 400
    assert caught.value.code == "400"
    assert "동일한" not in str(caught.value)
    assert str(caught.value) == (
        "Coupang reply_online_inquiry for vendor A00012345 (inquiry_id=846) failed (HTTP 400): "
        "request rejected by Coupang"
    )


async def test_result_code_fail_raises(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(
        json_reply(
            {"code": "200", "message": "OK", "data": {"resultCode": "FAIL", "resultMessage": "x"}}
        )
    )

    with pytest.raises(CoupangApiError) as caught:
        await client.reject_exchange_request(100000070, ExchangeRejectCode.SOLDOUT)

    assert caught.value.code == "FAIL"
    assert caught.value.api_message == "x"
    assert caught.value.ids == {"exchange_id": 100000070}
    assert "(exchange_id=100000070)" in str(caught.value)


async def test_client_timeout_raises_timeout_error(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    client = make_client(request_timeout=0.05, retry_policy=ONE_TRY)
    fake.queue(CannedReply(delay=0.5))

    with pytest.raises(CoupangTimeoutError) as caught:
        await client.get_call_center_inquiry(42)

    assert isinstance(caught.value, TimeoutError)


async def test_connection_refused_is_connection_error(
    session: aiohttp.ClientSession, credentials: VendorCredentials, unused_tcp_port: int
) -> None:
    client = CoupangClient(
        session,
        credentials,
        base_url=f"http://127.0.0.1:{unused_tcp_port}",
        retry_policy=ONE_TRY,
    )

    with pytest.raises(CoupangServerError, match="could not connect") as caught:
        await client.list_return_shipping_centers()

    assert isinstance(caught.value, CoupangConnectionError)


class SleepRecorder:
    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


async def test_read_retries_429_then_succeeds(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    sleep = SleepRecorder()
    policy = RetryPolicy(max_attempts=3, initial_delay=5, rate_limited_initial_delay=30)
    client = make_client(retry_policy=policy, sleep=sleep)
    fake.queue(CannedReply(429, b"", "text/plain"), empty_page())

    page = await client.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 2))

    assert page.content == []
    assert len(fake.requests) == 2
    assert len(sleep.delays) == 1
    assert 30 * 0.8 <= sleep.delays[0] <= 30 * 1.2


async def test_read_retries_5xx_with_growing_backoff(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    sleep = SleepRecorder()
    policy = RetryPolicy(max_attempts=3, initial_delay=5, jitter=0)
    client = make_client(retry_policy=policy, sleep=sleep)
    fake.queue(CannedReply(504, b"", "text/plain"), CannedReply(500, b"", "text/plain"))
    fake.queue(json_reply({"code": 200, "data": []}))

    await client.list_return_shipping_centers()

    assert len(fake.requests) == 3
    assert sleep.delays == [5, 10]


async def test_read_retries_stop_at_max_attempts(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.default = CannedReply(503, b"", "text/plain")

    with pytest.raises(CoupangServerError):
        await client.list_return_shipping_centers()

    assert len(fake.requests) == 3


@pytest.mark.parametrize(
    "reply",
    [
        CannedReply(500, b"", "text/plain"),
        CannedReply(429, b"", "text/plain"),
        CannedReply(504, b"", "text/plain"),
    ],
)
async def test_write_is_never_retried(
    client: CoupangClient, fake: FakeCoupang, reply: CannedReply
) -> None:
    fake.default = reply

    with pytest.raises(CoupangError):
        await client.confirm_return_receipt(363585)

    assert len(fake.requests) == 1


async def test_write_timeout_is_not_retried(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    client = make_client(request_timeout=0.05)
    fake.default = CannedReply(delay=0.5)

    with pytest.raises(CoupangTimeoutError):
        await client.confirm_exchange_receipt(40362)

    assert len(fake.requests) == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410])
async def test_read_4xx_is_never_retried(
    client: CoupangClient, fake: FakeCoupang, status: int
) -> None:
    fake.default = json_reply({"code": status, "message": "rejected"}, status)

    with pytest.raises(CoupangError):
        await client.get_return_request(1)

    assert len(fake.requests) == 1


async def test_limiter_caps_requests_per_second(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    client = make_client(rate_per_second=10.0)
    fake.default = json_reply({"code": 200, "data": []})

    await asyncio.gather(*(client.list_return_shipping_centers() for _ in range(13)))

    times = sorted(request.received_at for request in fake.requests)
    assert len(times) == 13
    # 0.9 s instead of a full second leaves room for scheduling jitter between requests.
    busiest = max(sum(1 for t in times if start <= t < start + 0.9) for start in times)
    assert busiest <= 10


@pytest.mark.parametrize("rate", [0.0, -1.0, 10.5, 100.0])
def test_rate_outside_limit_is_rejected(
    make_client: Callable[..., CoupangClient], rate: float
) -> None:
    with pytest.raises(ValueError, match="rate_per_second"):
        make_client(rate_per_second=rate)


async def test_product_lookup_is_cached(
    make_client: Callable[..., CoupangClient], fake: FakeCoupang
) -> None:
    now = [1000.0]
    client = make_client(monotonic=lambda: now[0], product_cache_ttl=timedelta(minutes=10))
    product = {"sellerProductId": 786583589, "sellerProductName": "테스트 상품"}
    fake.default = json_reply({"code": "SUCCESS", "message": "", "data": product})

    first = await client.get_seller_product(786583589)
    second = await client.get_seller_product(786583589)
    now[0] += 601
    third = await client.get_seller_product(786583589)

    assert first.seller_product_name == "테스트 상품"
    assert second == first
    assert third == first
    assert len(fake.requests) == 2
    assert fake.requests[0].path == (
        "/v2/providers/seller_api/apis/api/v1/marketplace/seller-products/786583589"
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 9)),
        lambda c: c.list_online_inquiries(date(2025, 1, 2), date(2025, 1, 1)),
        lambda c: c.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 2), page_size=51),
        lambda c: c.list_call_center_inquiries(date(2025, 1, 1), date(2025, 1, 2), page_size=31),
        lambda c: c.list_return_requests(
            ReturnStatusFilter.RETURNS_UNCHECKED, date(2025, 1, 1), date(2025, 2, 2)
        ),
        lambda c: c.list_exchange_requests(
            datetime(2025, 1, 1),  # noqa: DTZ001
            datetime(2025, 1, 2),  # noqa: DTZ001
        ),
        lambda c: c.list_exchange_requests(
            datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 8, tzinfo=UTC)
        ),
        lambda c: c.get_return_withdrawals([]),
        lambda c: c.get_return_withdrawals(list(range(1, 52))),
        lambda c: c.get_call_center_inquiry(0),
        lambda c: c.get_call_center_inquiry(True),
        lambda c: c.reply_to_online_inquiry(1, "  ", "wing-user"),
        lambda c: c.reply_to_online_inquiry(1, "답변", ""),
        lambda c: c.upload_exchange_invoices(1, []),
    ],
)
async def test_invalid_arguments_send_nothing(
    client: CoupangClient, fake: FakeCoupang, call: Callable[[CoupangClient], object]
) -> None:
    with pytest.raises(ValueError):
        await call(client)  # type: ignore[misc]

    assert fake.requests == []


async def test_exchange_window_sent_as_korea_time(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(json_reply({"code": 200, "data": [], "nextToken": ""}))

    page = await client.list_exchange_requests(
        datetime(2025, 1, 1, 15, 0, tzinfo=UTC), datetime(2025, 1, 2, 14, 59, 59, tzinfo=UTC)
    )

    assert page.next_token is None
    assert fake.requests[0].raw_query == (
        "createdAtFrom=2025-01-02T00%3A00%3A00&createdAtTo=2025-01-02T23%3A59%3A59&maxPerPage=50"
    )
    assert fake.requests[0].signature_valid


async def test_order_sheet_date_plus_is_encoded(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(json_reply({"code": 200, "data": [], "nextToken": "abc+/="}))
    fake.queue(json_reply({"code": 200, "data": []}))

    first = await client.list_cancellations(date(2025, 1, 1), date(2025, 1, 31))
    await client.list_cancellations(
        date(2025, 1, 1), date(2025, 1, 31), next_token=first.next_token
    )

    assert first.next_token == "abc+/="
    assert "nextToken=abc%2B%2F%3D" in fake.requests[1].raw_query
    assert "cancelType=CANCEL" in fake.requests[1].raw_query
    assert "status=" not in fake.requests[1].raw_query
    assert fake.requests[1].signature_valid


async def test_upload_exchange_invoices_body(client: CoupangClient, fake: FakeCoupang) -> None:
    fake.queue(
        json_reply({"code": "200", "data": {"resultCode": "SUCCESS", "resultMessage": "ok"}})
    )

    await client.upload_exchange_invoices(
        100000170, [ExchangeInvoice(197277127, "CJGLS", "123456431")]
    )

    assert fake.requests[0].method == "POST"
    assert fake.requests[0].json() == [
        {
            "exchangeId": 100000170,
            "vendorId": VENDOR_ID,
            "shipmentBoxId": 197277127,
            "goodsDeliveryCode": "CJGLS",
            "invoiceNumber": "123456431",
        }
    ]


async def test_logs_hold_no_secrets_or_bodies(
    make_client: Callable[..., CoupangClient],
    fake: FakeCoupang,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    client = make_client(retry_policy=RetryPolicy(max_attempts=2, initial_delay=0))
    body = {"code": 200, "data": {"content": [], "pagination": None}, "note": CANARY_PHONE}
    error_body = {"code": 400, "message": f"{CANARY_NAME} {CANARY_PHONE}"}
    fake.queue(json_reply(body), CannedReply(500, CANARY_NAME.encode(), "text/plain"))
    fake.queue(json_reply(body), json_reply(error_body, 400))

    await client.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 2))
    await client.list_online_inquiries(date(2025, 1, 1), date(2025, 1, 2))
    with pytest.raises(CoupangApiError) as caught:
        await client.reply_to_online_inquiry(846, f"{CANARY_NAME}님 안녕하세요", "wing-user")

    signature = fake.requests[0].headers["Authorization"].rsplit("signature=", 1)[1]
    for secret in (SECRET_KEY, ACCESS_KEY, signature, CANARY_NAME, CANARY_PHONE):
        assert secret not in caplog.text
        assert secret not in str(caught.value)
    assert (
        "path=/v2/providers/openapi/apis/api/v4/vendors/{vendor_id}/onlineInquiries/"
        "{inquiry_id}/replies" in caplog.text
    )
    assert "status=400" in caplog.text
    assert "coupang.retry" in caplog.text


async def test_korean_query_signed_as_sent(
    gateway: tuple[FakeCoupang, str],
    session: aiohttp.ClientSession,
    credentials: VendorCredentials,
) -> None:
    fake, base_url = gateway
    transport = CoupangTransport(session=session, credentials=credentials, base_url=base_url)
    endpoint = Endpoint("search", "GET", "/v2/providers/test/{vendor_id}/search", is_read=True)
    fake.queue(json_reply({"code": "SUCCESS", "data": None}))

    await transport.request(
        endpoint,
        query=[("keyword", "반품 문의+1"), ("at", "2025-01-07T00:00"), ("name", "a~b")],
    )

    sent = fake.requests[0]
    assert sent.raw_query == (
        "keyword=%EB%B0%98%ED%92%88%20%EB%AC%B8%EC%9D%98%2B1&at=2025-01-07T00%3A00&name=a~b"
    )
    assert sent.path == f"/v2/providers/test/{VENDOR_ID}/search"
    assert sent.signature_valid


def test_client_repr_hides_keys(client: CoupangClient) -> None:
    transport_repr = repr(client._transport)

    assert SECRET_KEY not in transport_repr
    assert ACCESS_KEY not in transport_repr
    assert "**********" in transport_repr
