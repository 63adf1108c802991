"""The poll jobs against the Coupang sandbox, with Slack work sent to the stand-in over HTTP."""

import json

import pytest
from sqlalchemy import select

from bot.local_env import LocalEnvironment
from bot.slackstub import RecordedCall
from bot.slackstub.workspace import Message
from bot.storage import OutboxState, find_item, get_vendor_state
from bot.storage.tables import ItemKind, OutboxEntry
from coupang.sandbox import SandboxState
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance, poll_and_send


def channel_messages(env: LocalEnvironment, route: str) -> list[Message]:
    return list(env.slack.messages(env.channel_ids[route]))


def calls_to(env: LocalEnvironment, method: str, route: str) -> list[RecordedCall]:
    channel = env.channel_ids[route]
    return [call for call in env.slack.calls(method) if call.args.get("channel") == channel]


async def test_first_poll_posts_each_item_once(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    inquiry = state.add_product_inquiry()
    state.add_call_center_inquiry()
    state.add_return()
    state.add_exchange()

    async with open_bot() as deps:
        await poll_and_send(deps)
        await poll_and_send(deps)
        async with deps.sessions.begin() as session:
            stored = await find_item(
                session, VENDOR_ID, ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id, cipher=deps.cipher
            )

    for route in ("inquiries", "call_center", "returns", "exchanges"):
        assert len(channel_messages(local_env, route)) == 1, route
    assert channel_messages(local_env, "ops") == []
    assert stored is not None
    assert stored.slack_ts == channel_messages(local_env, "inquiries")[0].ts
    assert stored.posted_fingerprint == stored.state_fingerprint


async def test_restart_does_not_post_again(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    state = local_env.sandbox.state
    state.add_product_inquiry()
    state.add_return()

    async with open_bot() as first_process:
        await poll_and_send(first_process)
    posts_before = len(local_env.slack.calls("chat.postMessage"))

    async with open_bot() as second_process:
        await poll_and_send(second_process)

    assert posts_before == 2
    assert len(local_env.slack.calls("chat.postMessage")) == posts_before
    assert len(channel_messages(local_env, "inquiries")) == 1
    assert len(channel_messages(local_env, "returns")) == 1


async def test_wing_answer_updates_card(local_env: LocalEnvironment, open_bot: OpenBot) -> None:
    state = local_env.sandbox.state
    inquiry = state.add_product_inquiry()

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        state.answer_product_inquiry(inquiry.inquiry_id, "내일 출고됩니다.")
        advance(local_env, minutes=5)
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)

    [message] = channel_messages(local_env, "inquiries")
    updates = calls_to(local_env, "chat.update", "inquiries")
    assert len(updates) == 1
    assert updates[0].args["ts"] == message.ts
    assert "답변 완료" in json.dumps(message.blocks, ensure_ascii=False)
    assert [reply.text for reply in message.replies] == ["WING에서 답변되었습니다."]


async def test_withdrawn_return_is_marked_withdrawn(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    kept = state.add_return()
    withdrawn = state.add_return()

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.RETURN_REQUEST)
        state.withdraw_return(withdrawn.receipt_id)
        advance(local_env, minutes=5)
        await poll_and_send(deps, ItemKind.RETURN_REQUEST)
        async with deps.sessions.begin() as session:
            stored = await find_item(
                session,
                VENDOR_ID,
                ItemKind.RETURN_REQUEST,
                withdrawn.receipt_id,
                cipher=deps.cipher,
            )
            still_open = await find_item(
                session, VENDOR_ID, ItemKind.RETURN_REQUEST, kept.receipt_id, cipher=deps.cipher
            )

    assert stored is not None
    assert stored.status == "withdrawn"
    assert stored.closed_at is not None
    assert still_open is not None
    assert still_open.status == "requested"
    messages = {m.ts: m for m in channel_messages(local_env, "returns")}
    assert len(messages) == 2
    assert stored.slack_ts is not None
    assert still_open.slack_ts is not None
    card = messages[stored.slack_ts]
    assert "반품 철회" in json.dumps(card.blocks, ensure_ascii=False)
    assert [reply.text for reply in card.replies] == ["고객이 요청을 철회했습니다."]
    assert messages[still_open.slack_ts].replies == []


@pytest.mark.parametrize(
    ("break_key", "expected_text"),
    [
        ("secret", "API 인증을 거부했습니다"),
        ("ip", "IP 주소를 허용하지 않습니다"),
    ],
)
async def test_auth_failure_pauses_with_one_alert(
    local_env: LocalEnvironment, open_bot: OpenBot, break_key: str, expected_text: str
) -> None:
    state = local_env.sandbox.state
    vendor = state.vendor(VENDOR_ID)
    good_secret = vendor.secret_key
    if break_key == "secret":
        vendor.secret_key = "rotated-in-wing"
    else:
        vendor.allowed_ips = frozenset({"192.0.2.10"})
    state.add_product_inquiry()

    async with open_bot() as deps:
        await poll_and_send(deps)
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        async with deps.sessions.begin() as session:
            paused = await get_vendor_state(session, VENDOR_ID)
        calls_until_fixed = list(state.calls)

        vendor.secret_key = good_secret
        vendor.allowed_ips = None
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        async with deps.sessions.begin() as session:
            resumed = await get_vendor_state(session, VENDOR_ID)

    alerts = channel_messages(local_env, "ops")
    assert len(alerts) == 1
    assert expected_text in alerts[0].text
    assert paused is not None
    assert paused.paused
    assert resumed is not None
    assert not resumed.paused
    assert len(channel_messages(local_env, "inquiries")) == 1
    # The first rejected list call paused the vendor; the next four polls only probed.
    rejected = [call for call in calls_until_fixed if call.status in (401, 403)]
    assert len(rejected) == 5
    assert all("returnShippingCenters" in call.path for call in rejected[1:])


async def test_no_successful_poll_alerts_once(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        await deps.poller.run_heartbeat_job()
        await deps.outbox.drain()
        alerts_when_fresh = len(channel_messages(local_env, "ops"))

        advance(local_env, minutes=20)
        await deps.poller.run_heartbeat_job()
        await deps.poller.run_heartbeat_job()
        await deps.outbox.drain()

    alerts = channel_messages(local_env, "ops")
    assert alerts_when_fresh == 0
    assert len(alerts) == 1
    assert "20분 동안 수집에 성공하지 못했습니다" in alerts[0].text


async def test_slack_429_retries_after_retry_after(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    local_env.slack.inject_fault("chat.postMessage", status=429, error="ratelimited", retry_after=1)

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        unsent_after_429 = await deps.outbox.count_unsent(due_only=False)
        advance(local_env, seconds=2)
        await deps.outbox.drain()
        unsent_after_retry = await deps.outbox.count_unsent(due_only=False)
        async with deps.sessions.begin() as session:
            entry = await session.scalar(select(OutboxEntry))

    statuses = [call.status for call in local_env.slack.calls("chat.postMessage")]
    assert statuses == [429, 200]
    assert unsent_after_429 == 1
    assert unsent_after_retry == 0
    assert len(channel_messages(local_env, "inquiries")) == 1
    assert entry is not None
    assert entry.state == OutboxState.DONE


@pytest.fixture
def sandbox_with_long_inquiry(sandbox_state: SandboxState) -> SandboxState:
    inquiry = sandbox_state.add_product_inquiry()
    inquiry.content = "사이즈 문의드립니다. " * 900
    return sandbox_state


async def test_oversized_inquiry_text_is_truncated(
    sandbox_with_long_inquiry: SandboxState, local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)

    [call] = local_env.slack.calls("chat.postMessage")
    [message] = channel_messages(local_env, "inquiries")
    texts = [
        block["text"]["text"]
        for block in message.blocks
        if block.get("type") == "section" and "text" in block
    ]
    assert call.ok
    assert all(len(text) <= 3000 for text in texts)
    assert any("생략" in text for text in texts)


async def test_old_open_items_still_get_updates(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    inquiry = state.add_product_inquiry()
    receipt = state.add_return()

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY, ItemKind.RETURN_REQUEST)
        # Both items are now older than the 48-hour lookback.
        advance(local_env, days=4)
        state.answer_product_inquiry(inquiry.inquiry_id, "답변드립니다.")
        receipt.receipt_status = "RETURNS_COMPLETED"
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY, ItemKind.RETURN_REQUEST)

    [inquiry_card] = channel_messages(local_env, "inquiries")
    [return_card] = channel_messages(local_env, "returns")
    assert [reply.text for reply in inquiry_card.replies] == ["WING에서 답변되었습니다."]
    assert [reply.text for reply in return_card.replies] == [
        "Slack 밖(WING 또는 쿠팡)에서 승인되었습니다."
    ]
    assert "반품 완료" in json.dumps(return_card.blocks, ensure_ascii=False)


async def test_retention_purges_closed_items(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    state = local_env.sandbox.state
    inquiry = state.add_product_inquiry()

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        state.answer_product_inquiry(inquiry.inquiry_id, "답변드립니다.")
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
        early = await deps.retention.purge()
        advance(local_env, days=31)
        late = await deps.retention.purge()
        async with deps.sessions.begin() as session:
            stored = await find_item(
                session, VENDOR_ID, ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id, cipher=deps.cipher
            )

    assert early.items_purged == 0
    assert late.items_purged == 1
    assert stored is not None
    assert stored.display is None
    assert stored.slack_ts is not None


async def test_malformed_return_is_skipped_and_counted(
    local_env: LocalEnvironment, open_bot: OpenBot, caplog: pytest.LogCaptureFixture
) -> None:
    state = local_env.sandbox.state
    valid = state.add_return()
    malformed = state.add_return()
    # Coupang's orderId is an integer; text makes the one record invalid.
    malformed.order_id = "not-an-order-id"  # type: ignore[assignment]

    async with open_bot() as deps:
        await poll_and_send(deps, ItemKind.RETURN_REQUEST)
        skipped = deps.metrics.coupang_records_skipped.labels(
            vendor=VENDOR_ID, operation="list_return_requests"
        )._value.get()

    messages = channel_messages(local_env, "returns")
    assert len(messages) == 1
    assert str(valid.receipt_id) in str(messages[0].blocks)
    warnings = [r for r in caplog.records if r.getMessage() == "coupang.record.skipped"]
    assert [getattr(record, "id", None) for record in warnings] == [malformed.receipt_id]
    assert "not-an-order-id" not in caplog.text
    assert skipped == 1
