"""Gateway checks of the sandbox: HMAC signature, clock skew, vendor path, IP, rate limit."""

from datetime import timedelta

import aiohttp

from coupang.sandbox import SandboxClock, SandboxState, run_sandbox
from coupang.sandbox.auth import compute_signature
from tests.sandbox.conftest import API, FROZEN_START, SandboxClient, authorization, sign

VENDOR_ID = "A00012345"
INQUIRIES = f"{API}/v5/vendors/{VENDOR_ID}/onlineInquiries"
INQUIRY_QUERY = (
    f"vendorId={VENDOR_ID}&answeredType=ALL&inquiryStartAt=2026-11-28&inquiryEndAt=2026-12-04"
)
RETURNS = f"{API}/v6/vendors/{VENDOR_ID}/returnRequests"


def test_signature_matches_known_vector() -> None:
    # Vector 1 computed with Python hmac over the published scheme and made-up keys.
    secret = "0123456789abcdef0123456789abcdef01234567"
    path = "/v2/providers/openapi/apis/api/v5/vendors/A00012345/onlineInquiries"
    query = (
        "vendorId=A00012345&answeredType=NOANSWER&inquiryStartAt=2025-01-01"
        "&inquiryEndAt=2025-01-07&pageNum=1&pageSize=50"
    )
    expected = "834dfc5104cb753fabe6cdfb0896353643d915fa10fadd2405039675de8b1607"

    assert sign(secret, "250107T010203Z", "GET", path, query) == expected
    assert compute_signature(secret, "250107T010203Z", "GET", f"{path}?{query}") == expected


async def test_valid_signature_accepted(client: SandboxClient) -> None:
    reply = await client.call("GET", INQUIRIES, INQUIRY_QUERY)

    assert reply.status == 200
    assert reply.body["code"] == 200


async def test_missing_header_rejected(client: SandboxClient) -> None:
    reply = await client.send("GET", INQUIRIES, INQUIRY_QUERY)

    assert reply.status == 401
    assert reply.body["code"] == "ERROR"
    assert reply.body["message"] == "HMAC format is invalid."
    assert reply.body["transactionId"]


async def test_malformed_headers_rejected(client: SandboxClient) -> None:
    good = authorization(client.vendor, "GET", INQUIRIES, INQUIRY_QUERY, FROZEN_START)
    malformed = [
        good.replace("HmacSHA256", "HmacSHA1"),
        good.replace("signed-date=261204T030000Z", "signed-date=2026-12-04T03:00:00Z"),
        good.replace("signed-date=261204T030000Z", "signed-date=261304T030000Z"),
        good.replace("CEA ", "Bearer "),
        good.split(", signature=")[0],
    ]
    for header in malformed:
        reply = await client.send(
            "GET", INQUIRIES, INQUIRY_QUERY, headers={"Authorization": header}
        )

        assert reply.status == 401, header
        assert reply.body["message"] == "HMAC format is invalid.", header


async def test_unknown_access_key_rejected(client: SandboxClient) -> None:
    good = authorization(client.vendor, "GET", INQUIRIES, INQUIRY_QUERY, FROZEN_START)
    header = good.replace(client.vendor.access_key, "00000000-0000-4000-8000-000000000000")

    reply = await client.send("GET", INQUIRIES, INQUIRY_QUERY, headers={"Authorization": header})

    assert reply.status == 401
    assert reply.body["message"] == "Request is not authorized."


async def test_clock_skew_over_five_minutes_expired(client: SandboxClient) -> None:
    for skew in (timedelta(minutes=-6), timedelta(minutes=6), timedelta(hours=9)):
        reply = await client.call("GET", INQUIRIES, INQUIRY_QUERY, signed_at=FROZEN_START + skew)

        assert reply.status == 401, skew
        assert reply.body["message"] == "Specified signature is expired.", skew


async def test_clock_skew_within_five_minutes_accepted(client: SandboxClient) -> None:
    for skew in (timedelta(minutes=-4), timedelta(minutes=4)):
        reply = await client.call("GET", INQUIRIES, INQUIRY_QUERY, signed_at=FROZEN_START + skew)

        assert reply.status == 200, skew


async def test_signature_follows_advanced_clock(client: SandboxClient) -> None:
    client.state.advance_clock(timedelta(hours=2))

    stale = await client.call("GET", INQUIRIES, INQUIRY_QUERY, signed_at=FROZEN_START)
    fresh = await client.call("GET", INQUIRIES, INQUIRY_QUERY)

    assert stale.body["message"] == "Specified signature is expired."
    assert fresh.status == 200


async def test_wrong_secret_invalid_signature(client: SandboxClient) -> None:
    good = authorization(client.vendor, "GET", INQUIRIES, INQUIRY_QUERY, FROZEN_START)
    signature = good.rsplit("signature=", 1)[1]
    forged = good.replace(signature, sign("wrong-secret", "261204T030000Z", "GET", INQUIRIES, ""))

    reply = await client.send("GET", INQUIRIES, INQUIRY_QUERY, headers={"Authorization": forged})

    assert reply.status == 401
    assert reply.body["message"] == "Invalid signature."


async def test_signed_method_must_match(client: SandboxClient) -> None:
    header = authorization(client.vendor, "POST", INQUIRIES, INQUIRY_QUERY, FROZEN_START)

    reply = await client.send("GET", INQUIRIES, INQUIRY_QUERY, headers={"Authorization": header})

    assert reply.body["message"] == "Invalid signature."


async def test_raw_query_is_signed_byte_for_byte(client: SandboxClient) -> None:
    encoded = (
        "searchType=timeFrame&createdAtFrom=2026-12-04T00%3A00"
        "&createdAtTo=2026-12-04T10%3A00&status=UC"
    )
    raw = encoded.replace("%3A", ":")

    encoded_reply = await client.call("GET", RETURNS, encoded)
    raw_reply = await client.call("GET", RETURNS, raw)
    decoded_signed = await client.call("GET", RETURNS, encoded, sign_query=raw)
    reordered = await client.call(
        "GET", RETURNS, encoded, sign_query="status=UC&" + encoded.removesuffix("&status=UC")
    )

    assert encoded_reply.status != 401
    assert raw_reply.status != 401
    assert decoded_signed.status == 401
    assert decoded_signed.body["message"] == "Invalid signature."
    assert reordered.body["message"] == "Invalid signature."


async def test_comma_without_space_accepted(client: SandboxClient) -> None:
    header = authorization(client.vendor, "GET", INQUIRIES, INQUIRY_QUERY, FROZEN_START)

    reply = await client.send(
        "GET", INQUIRIES, INQUIRY_QUERY, headers={"Authorization": header.replace(", ", ",")}
    )

    assert reply.status == 200


async def test_other_vendor_in_path_not_found() -> None:
    state = SandboxState(
        seed=1,
        clock=SandboxClock(FROZEN_START),
        vendor_ids=("A00012345", "A00099999"),
        arrival_interval=None,
    )
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        client = SandboxClient(session, sandbox)
        other = f"{API}/v5/vendors/A00099999/onlineInquiries"
        unknown = f"{API}/v5/vendors/A00000001/onlineInquiries"

        other_reply = await client.call("GET", other, INQUIRY_QUERY.replace(VENDOR_ID, "A00099999"))
        unknown_reply = await client.call("GET", unknown, INQUIRY_QUERY)
        own_reply = await client.call(
            "GET",
            other,
            INQUIRY_QUERY.replace(VENDOR_ID, "A00099999"),
            vendor=state.vendor("A00099999"),
        )

    assert other_reply.status == 404
    assert unknown_reply.status == 404
    assert own_reply.status == 200


async def test_ip_allow_list_forbids_other_ip() -> None:
    state = SandboxState(
        seed=1,
        clock=SandboxClock(FROZEN_START),
        arrival_interval=None,
        allowed_ips={VENDOR_ID: ["192.0.2.10"]},
    )
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        reply = await SandboxClient(session, sandbox).call("GET", INQUIRIES, INQUIRY_QUERY)

    assert reply.status == 403
    assert reply.body["message"] == "[FORBIDDEN] Not allowed IP"


async def test_ip_allow_list_admits_listed_ip() -> None:
    state = SandboxState(
        seed=1,
        clock=SandboxClock(FROZEN_START),
        arrival_interval=None,
        allowed_ips={VENDOR_ID: ["127.0.0.1"]},
    )
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        reply = await SandboxClient(session, sandbox).call("GET", INQUIRIES, INQUIRY_QUERY)

    assert reply.status == 200


async def test_rate_limit_per_vendor_second() -> None:
    state = SandboxState(seed=1, clock=SandboxClock(FROZEN_START), arrival_interval=None)
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        client = SandboxClient(session, sandbox)
        statuses = [(await client.call("GET", INQUIRIES, INQUIRY_QUERY)).status for _ in range(12)]
        limited = await client.call("GET", INQUIRIES, INQUIRY_QUERY)
        state.advance_clock(timedelta(seconds=1))
        next_second = await client.call("GET", INQUIRIES, INQUIRY_QUERY)

    second = int(FROZEN_START.timestamp())
    assert statuses[:10] == [200] * 10
    assert statuses[10:] == [429, 429]
    assert limited.body["message"] == "Too Many Requests"
    assert next_second.status == 200
    assert state.calls_per_second(VENDOR_ID) == {second: 13, second + 1: 1}


async def test_call_log_records_without_headers(client: SandboxClient) -> None:
    await client.call("GET", INQUIRIES, INQUIRY_QUERY)
    await client.send("GET", INQUIRIES, INQUIRY_QUERY)

    first, second = client.state.calls
    assert (first.method, first.path, first.query) == ("GET", INQUIRIES, INQUIRY_QUERY)
    assert (first.status, first.vendor_id) == (200, VENDOR_ID)
    assert (second.status, second.vendor_id) == (401, None)
    assert "signature" not in repr(first)


async def test_unknown_path_and_verb(client: SandboxClient) -> None:
    unknown_path = await client.call("GET", f"{API}/v5/vendors/{VENDOR_ID}/unknownThings")
    wrong_verb = await client.call("GET", f"{API}/v4/vendors/{VENDOR_ID}/onlineInquiries/1/replies")
    unsigned = await client.send("GET", f"{API}/v5/vendors/{VENDOR_ID}/unknownThings")

    assert unknown_path.body == {"code": 404, "message": "Not Found"}
    assert wrong_verb.body == {"code": 405, "message": "Method Not Allowed"}
    assert unsigned.status == 401


async def test_rate_limit_cooldown_blocks_vendor() -> None:
    state = SandboxState(
        seed=1,
        clock=SandboxClock(FROZEN_START),
        arrival_interval=None,
        rate_limit_per_second=2,
        rate_limit_cooldown=timedelta(minutes=5),
    )
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        client = SandboxClient(session, sandbox)
        burst = [(await client.call("GET", INQUIRIES, INQUIRY_QUERY)).status for _ in range(3)]
        state.advance_clock(timedelta(minutes=4))
        still_blocked = await client.call("GET", INQUIRIES, INQUIRY_QUERY)
        state.advance_clock(timedelta(minutes=1))
        unblocked = await client.call("GET", INQUIRIES, INQUIRY_QUERY)

    assert burst == [200, 200, 429]
    assert still_blocked.status == 429
    assert unblocked.status == 200


async def test_encoding_variants_sign_differently(client: SandboxClient) -> None:
    path = f"{API}/v5/vendors/{VENDOR_ID}/returnShippingCenters"
    # (sent query, a form a library might sign after decoding or re-encoding it)
    variants = [
        ("pageSize=1&memo=a%7Eb", "pageSize=1&memo=a~b"),
        ("pageSize=1&memo=a~b", "pageSize=1&memo=a%7Eb"),
        ("pageSize=1&date=2026-12-04%2B09%3A00", "pageSize=1&date=2026-12-04+09:00"),
        ("pageSize=1&memo=%ED%99%8D", "pageSize=1&memo=홍"),
        ("pageSize=1&memo=a%3ab", "pageSize=1&memo=a%3Ab"),
        ("pageSize=1&memo=a%20b", "pageSize=1&memo=a+b"),
    ]
    for sent, other_form in variants:
        exact = await client.call("GET", path, sent)
        mismatched = await client.call("GET", path, sent, sign_query=other_form)

        assert exact.status == 200, sent
        assert mismatched.status == 401, sent
        assert mismatched.body["message"] == "Invalid signature.", sent
