"""The stand-in rejects what Slack rejects: Block Kit limits, long text, rate limits, faults."""

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.slackstub import ManualClock, SlackStub, run_slack_stub


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.mark.parametrize(
    ("blocks", "pointer"),
    [
        ([section("x")] * 51, "/blocks]"),
        ([section("x" * 3001)], "/blocks/0"),
        ([{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "/blocks/0"),
        ([{"type": "no_such_block"}], "/blocks/0/type"),
        (
            [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
            "/blocks/0/fields/0",
        ),
    ],
    ids=["51-blocks", "section-3001", "header-151", "unknown-type", "field-2001"],
)
async def test_invalid_blocks_are_rejected(
    stub: SlackStub, client: AsyncWebClient, blocks: list[dict[str, Any]], pointer: str
) -> None:
    channel = stub.add_channel("cs-inquiries")

    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel=channel.id, text="fallback", blocks=blocks)

    response = raised.value.response
    assert response["error"] == "invalid_blocks"
    assert pointer in response["response_metadata"]["messages"][0]
    assert stub.messages(channel.id) == []


async def test_blocks_at_limits_are_accepted(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")
    header = {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}
    blocks = [header, section("x" * 3000)] + [section("y")] * 48

    await client.chat_postMessage(channel=channel.id, text="t" * 40_000, blocks=blocks)

    assert len(stub.messages(channel.id)[0].blocks) == 50


async def test_long_text_is_msg_too_long(stub: SlackStub, client: AsyncWebClient) -> None:
    channel = stub.add_channel("cs-inquiries")

    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel=channel.id, text="t" * 40_001)

    assert raised.value.response["error"] == "msg_too_long"


async def test_burst_then_429_with_retry_after(
    stub: SlackStub, client: AsyncWebClient, clock: ManualClock
) -> None:
    channel = stub.add_channel("cs-inquiries")
    other = stub.add_channel("cs-returns")
    for n in range(3):
        await client.chat_postMessage(channel=channel.id, text=f"burst {n}")

    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel=channel.id, text="one too many")
    await client.chat_postMessage(channel=other.id, text="other channel has its own limit")
    clock.advance(1.0)
    await client.chat_postMessage(channel=channel.id, text="after a second")

    assert raised.value.response.status_code == 429
    assert raised.value.response["error"] == "ratelimited"
    assert raised.value.response.headers["Retry-After"] == "1"
    assert len(stub.messages(channel.id)) == 4


async def test_retry_handler_honours_retry_after() -> None:
    # The system clock, so the stand-in's bucket refills while the retry handler sleeps.
    async with run_slack_stub(post_burst=1) as stub:
        channel = stub.add_channel("cs-inquiries")
        client = AsyncWebClient(
            token=stub.token,
            base_url=stub.api_url,
            retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=2)],
        )

        await client.chat_postMessage(channel=channel.id, text="first")
        second = await client.chat_postMessage(channel=channel.id, text="second")

        statuses = [call.status for call in stub.calls("chat.postMessage")]
        assert second["ok"] is True
        assert statuses[0] == 200
        assert 429 in statuses[1:]
        assert statuses[-1] == 200
        assert [m.text for m in stub.messages(channel.id)] == ["first", "second"]


async def test_injected_faults_then_recovery(stub: SlackStub, client: AsyncWebClient) -> None:
    stub.inject_fault("auth.test", status=500)
    stub.inject_fault("auth.test", error="fatal_error", times=2)
    stub.inject_fault("auth.test", status=429, retry_after=7)

    errors = []
    for _ in range(4):
        with pytest.raises(SlackApiError) as raised:
            await client.auth_test()
        errors.append((raised.value.response.status_code, raised.value.response["error"]))
    recovered = await client.auth_test()

    assert errors == [
        (500, "internal_error"),
        (200, "fatal_error"),
        (200, "fatal_error"),
        (429, "ratelimited"),
    ]
    assert stub.calls("auth.test")[3].status == 429
    assert recovered["ok"] is True


def test_fault_needs_a_known_shape(stub: SlackStub) -> None:
    with pytest.raises(ValueError, match="unsupported fault"):
        stub.inject_fault("auth.test", status=200)
    with pytest.raises(ValueError, match="at least 1"):
        stub.inject_fault("auth.test", status=500, times=0)
