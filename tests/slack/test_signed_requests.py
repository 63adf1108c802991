"""Signed request builders: Slack's signature scheme, and a real Bolt app that accepts them."""

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs

import pytest
from aiohttp import web
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bot.slackstub import ManualClock, SlackStub
from bot.slackstub.signed_requests import (
    SignedRequest,
    build_app_home_opened_payload,
    build_block_actions_payload,
    build_slash_command_payload,
    build_view_submission_payload,
    plain_text_value,
    post_to_app,
    sign_event,
    sign_interaction,
    sign_slash_command,
)

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # a fake secret for these tests
MODAL = {
    "type": "modal",
    "callback_id": "reply_modal",
    "title": {"type": "plain_text", "text": "Reply"},
    "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Loading"}}],
}


def signed_examples(clock: ManualClock) -> dict[str, SignedRequest]:
    slash = build_slash_command_payload(user_id="U0AGENT01", channel_id="C0CS01", text="help")
    action = build_block_actions_payload(
        user_id="U0AGENT01",
        action_id="item_claim",
        value="42",
        block_id="item:42:actions",
        channel_id="C0CS01",
        message_ts="1767225600.000100",
    )
    submission = build_view_submission_payload(
        user_id="U0AGENT01",
        callback_id="reply_modal",
        state_values={"answer": {"answer": plain_text_value("배송은 내일 출발합니다.")}},
    )
    home = build_app_home_opened_payload(user_id="U0AGENT01")
    return {
        "slash": sign_slash_command(slash, signing_secret=SIGNING_SECRET, clock=clock),
        "action": sign_interaction(action, signing_secret=SIGNING_SECRET, clock=clock),
        "submission": sign_interaction(submission, signing_secret=SIGNING_SECRET, clock=clock),
        "event": sign_event(home, signing_secret=SIGNING_SECRET, clock=clock),
    }


@pytest.mark.parametrize("kind", ["slash", "action", "submission", "event"])
def test_signature_verifies(clock: ManualClock, kind: str) -> None:
    request = signed_examples(clock)[kind]
    verifier = SignatureVerifier(SIGNING_SECRET, clock=clock)

    valid = verifier.is_valid(
        body=request.body,
        timestamp=request.headers["X-Slack-Request-Timestamp"],
        signature=request.headers["X-Slack-Signature"],
    )
    tampered = verifier.is_valid(
        body=request.body + "x",
        timestamp=request.headers["X-Slack-Request-Timestamp"],
        signature=request.headers["X-Slack-Signature"],
    )

    assert valid is True
    assert tampered is False


def test_other_secret_fails(clock: ManualClock) -> None:
    request = signed_examples(clock)["slash"]
    verifier = SignatureVerifier("another-secret", clock=clock)

    assert not verifier.is_valid(
        body=request.body,
        timestamp=request.headers["X-Slack-Request-Timestamp"],
        signature=request.headers["X-Slack-Signature"],
    )


def test_interaction_body_is_payload_form(clock: ManualClock) -> None:
    request = signed_examples(clock)["action"]

    fields = parse_qs(request.body)

    assert list(fields) == ["payload"]
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"


async def test_post_rejects_remote_app() -> None:
    request = SignedRequest(body="", headers={})

    with pytest.raises(ValueError, match="loopback"):
        await post_to_app("http://192.0.2.10:3000", request)


class BoltHarness:
    """A Bolt app in HTTP mode on loopback whose Web API client points at the stand-in."""

    def __init__(self, url: str, received: list[dict[str, Any]]) -> None:
        self.url = url
        self.received = received


@pytest.fixture
async def bolt(stub: SlackStub) -> AsyncIterator[BoltHarness]:
    received: list[dict[str, Any]] = []
    app = AsyncApp(
        client=AsyncWebClient(token=stub.token, base_url=stub.api_url, retry_handlers=[]),
        signing_secret=SIGNING_SECRET,
        # Respond only after each listener finishes, so tests can assert on the stand-in.
        process_before_response=True,
    )

    @app.command("/cs")
    async def open_modal(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await client.views_open(trigger_id=body["trigger_id"], view=MODAL)

    @app.action("item_claim")
    async def claim(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        received.append(body)
        await client.chat_postEphemeral(
            channel=body["channel"]["id"], user=body["user"]["id"], text="claimed"
        )

    @app.view("reply_modal")
    async def submit(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        received.append(body)

    @app.event("app_home_opened")
    async def home(event: dict[str, Any], client: AsyncWebClient) -> None:
        blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "home"}}]
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    runner = web.AppRunner(app.web_app(path="/slack/events"))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield BoltHarness(f"http://{host}:{port}", received)
    finally:
        await runner.cleanup()


async def test_slash_command_opens_modal(stub: SlackStub, bolt: BoltHarness) -> None:
    agent = stub.add_user("agent")
    channel = stub.add_channel("cs-inquiries", members=[agent.id])
    fields = build_slash_command_payload(
        user_id=agent.id, channel_id=channel.id, trigger_id=stub.issue_trigger_id(agent.id)
    )
    request = sign_slash_command(fields, signing_secret=SIGNING_SECRET)

    response = await post_to_app(bolt.url, request)

    assert response.status == 200
    assert [call.ok for call in stub.calls("views.open")] == [True]
    assert stub.surfaces.modal_stacks[agent.id]


async def test_button_click_reaches_listener(stub: SlackStub, bolt: BoltHarness) -> None:
    agent = stub.add_user("agent")
    channel = stub.add_channel("cs-inquiries", members=[agent.id])
    payload = build_block_actions_payload(
        user_id=agent.id,
        action_id="item_claim",
        value="42",
        block_id="item:42:actions",
        channel_id=channel.id,
        message_ts="1767225600.000100",
    )

    response = await post_to_app(bolt.url, sign_interaction(payload, signing_secret=SIGNING_SECRET))

    assert response.status == 200
    assert bolt.received[0]["actions"][0]["value"] == "42"
    assert [note.text for note in channel.ephemeral] == ["claimed"]


async def test_view_submission_is_acked(stub: SlackStub, bolt: BoltHarness) -> None:
    agent = stub.add_user("agent")
    payload = build_view_submission_payload(
        user_id=agent.id,
        callback_id="reply_modal",
        state_values={"answer": {"answer": plain_text_value("내일 출고됩니다.")}},
        private_metadata="item:42",
    )

    response = await post_to_app(bolt.url, sign_interaction(payload, signing_secret=SIGNING_SECRET))

    state = bolt.received[0]["view"]["state"]["values"]
    assert response.status == 200
    assert state["answer"]["answer"]["value"] == "내일 출고됩니다."
    assert bolt.received[0]["view"]["private_metadata"] == "item:42"


async def test_app_home_opened_publishes(stub: SlackStub, bolt: BoltHarness) -> None:
    agent = stub.add_user("agent")
    payload = build_app_home_opened_payload(user_id=agent.id)

    response = await post_to_app(bolt.url, sign_event(payload, signing_secret=SIGNING_SECRET))

    assert response.status == 200
    assert agent.id in stub.surfaces.home_views


async def test_wrong_secret_gets_401(stub: SlackStub, bolt: BoltHarness) -> None:
    payload = build_app_home_opened_payload(user_id="U0AGENT01")

    response = await post_to_app(bolt.url, sign_event(payload, signing_secret="not-the-secret"))

    assert response.status == 401
    assert stub.calls("views.publish") == []
