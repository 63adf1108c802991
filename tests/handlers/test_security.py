"""Rejected HTTP requests (forged, unsigned, replayed) and what reaches Slack and the logs."""

import json
import logging
import time

import pytest
from slack_sdk.signature import Clock

from bot.slackstub.signed_requests import (
    FORM_CONTENT_TYPE,
    SignedRequest,
    build_view_submission_payload,
    plain_text_value,
    post_to_app,
    sign_interaction,
)
from bot.storage.tables import ItemKind
from handlers import ids
from handlers.modals import REPLY_TEXT_ACTION
from tests.handlers.harness import AGENT, UNMASKER, Bot, wait_for_ephemerals

# Synthetic personal data typed into a reply: it must never appear in a log line.
CANARY_PHONE = "010-9876-5432"
CANARY_TEXT = f"홍길동님 연락처 {CANARY_PHONE}로 연락드리겠습니다."
REPLAY_AGE_SECONDS = 6 * 60


class PastClock(Clock):
    """A clock six minutes behind, beyond the 5-minute window of signature checks."""

    def now(self) -> float:
        return time.time() - REPLAY_AGE_SECONDS


def reply_payload(bot: Bot, item_id: int) -> dict[str, object]:
    metadata = json.dumps({"item_id": item_id, "channel": bot.env.channel_ids["inquiries"]})
    return build_view_submission_payload(
        user_id=AGENT,
        callback_id=ids.CALLBACK_REPLY_MODAL,
        state_values={"reply_text": {REPLY_TEXT_ACTION: plain_text_value(CANARY_TEXT)}},
        private_metadata=metadata,
    )


@pytest.mark.parametrize("variant", ["forged", "unsigned", "replayed"])
async def test_bad_requests_rejected_without_logging_body(
    bot: Bot, caplog: pytest.LogCaptureFixture, variant: str
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="slack_sdk")
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)
    payload = reply_payload(bot, item.id)
    if variant == "forged":
        request = sign_interaction(payload, signing_secret="not-the-signing-secret")
    elif variant == "replayed":
        request = sign_interaction(payload, signing_secret=bot.secret, clock=PastClock())
    else:
        signed = sign_interaction(payload, signing_secret=bot.secret)
        request = SignedRequest(body=signed.body, headers={"Content-Type": FORM_CONTENT_TYPE})

    response = await post_to_app(bot.url, request)

    assert response.status == 401
    assert bot.env.sandbox.state.store.product_inquiries[inquiry.inquiry_id].comments == []
    assert await bot.attempts() == []
    assert CANARY_PHONE not in caplog.text
    assert "홍길동" not in caplog.text
    assert "response_urls" not in caplog.text


async def test_reply_text_not_logged(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="slack_sdk")
    inquiry = bot.env.sandbox.state.add_product_inquiry()
    await bot.post_items(ItemKind.ONLINE_INQUIRY)
    item = await bot.item(ItemKind.ONLINE_INQUIRY, inquiry.inquiry_id)

    response = await post_to_app(
        bot.url, sign_interaction(reply_payload(bot, item.id), signing_secret=bot.secret)
    )
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    assert response.status == 200
    assert CANARY_PHONE not in caplog.text
    assert "action.finished" in caplog.text
    notes = [
        call
        for call in bot.env.slack.calls("chat.postMessage")
        if call.args.get("thread_ts") == item.slack_ts
    ]
    assert len(notes) == 1
    assert "5432" in str(notes[0].args)
    assert CANARY_PHONE not in str(notes[0].args)


async def test_no_unmasked_data_in_slack_calls(bot: Bot) -> None:
    state = bot.env.sandbox.state
    receipt = state.add_return(status="RETURNS_UNCHECKED")
    state.add_exchange()
    state.add_call_center_inquiry()
    await bot.post_items()
    item = await bot.item(ItemKind.RETURN_REQUEST, receipt.receipt_id)

    await bot.click(AGENT, ids.ACTION_CLAIM, item)
    await bot.click(UNMASKER, ids.ACTION_SHOW_CUSTOMER, item)
    await wait_for_ephemerals(bot, UNMASKER, 1)
    await wait_for_ephemerals(bot, AGENT, 1)
    await bot.deps.outbox.drain()

    planted = [value.value for value in state.planted_personal_values() if len(value.value) > 3]
    assert planted
    for call in bot.env.slack.calls():
        rendered = json.dumps(call.args, ensure_ascii=False)
        leaked = [value for value in planted if value in rendered]
        is_show_view = call.method == "chat.postEphemeral" and call.args.get("user") == UNMASKER
        assert not leaked or is_show_view, (call.method, leaked)
