"""Signed requests whose body Bolt cannot route get a 400 and one log line without the body.

Bolt parses the `payload` form field and the JSON body before any listener runs. Invalid
JSON raised inside that parsing, and a JSON list or a view without `type` raised later in
Bolt's routing, so aiohttp answered 500 and logged a traceback.
"""

import json
import logging
from urllib.parse import urlencode

import pytest

from bot.slack_request_check import find_body_problem
from bot.slackstub.signed_requests import (
    FORM_CONTENT_TYPE,
    JSON_CONTENT_TYPE,
    SignedRequest,
    post_to_app,
    sign_body,
)
from tests.handlers.harness import AGENT, Bot

# Synthetic text placed in every body: it must appear in no log record.
CANARY = "홍길동-010-9876-5432"

FORM_PAYLOADS = {
    "invalid-json": '{"type": "block_actions", "note": "' + CANARY,
    "json-list": json.dumps([{"type": "block_actions", "note": CANARY}]),
    "json-string": json.dumps(CANARY),
    "view-without-type": json.dumps(
        {
            "type": "view_submission",
            "user": {"id": AGENT, "team_id": "T0CSBOT01"},
            "team": {"id": "T0CSBOT01"},
            "view": {"id": "V0MALFORMED", "callback_id": "item_reply_modal", "note": CANARY},
        }
    ),
    "type-not-string": json.dumps({"type": ["block_actions"], "note": CANARY}),
    "view-not-object": json.dumps({"type": "view_submission", "view": CANARY}),
    "user-not-object": json.dumps({"type": "block_actions", "user": CANARY, "actions": []}),
    "actions-not-list": json.dumps({"type": "block_actions", "actions": CANARY}),
}
JSON_BODIES = {
    "event-invalid-json": '{"type": "event_callback", "note": "' + CANARY,
    "event-list": json.dumps([{"type": "event_callback", "note": CANARY}]),
    "event-not-object": json.dumps({"type": "event_callback", "event": CANARY}),
}


def all_log_text(caplog: pytest.LogCaptureFixture) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.extend(str(value) for value in record.__dict__.values())
    return "\n".join(parts)


@pytest.mark.parametrize("case", sorted(FORM_PAYLOADS))
async def test_malformed_interaction_gets_400(
    bot: Bot, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.DEBUG)
    body = urlencode({"payload": FORM_PAYLOADS[case]})
    request = sign_body(body, FORM_CONTENT_TYPE, bot.secret)

    response = await post_to_app(bot.url, request)

    assert response.status == 400
    assert "malformed" in response.body
    assert CANARY not in all_log_text(caplog)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == [
        "slack.request.malformed"
    ]


@pytest.mark.parametrize("case", sorted(JSON_BODIES))
async def test_malformed_event_gets_400(
    bot: Bot, caplog: pytest.LogCaptureFixture, case: str
) -> None:
    caplog.set_level(logging.DEBUG)
    request = sign_body(JSON_BODIES[case], JSON_CONTENT_TYPE, bot.secret)

    response = await post_to_app(bot.url, request)

    assert response.status == 400
    assert CANARY not in all_log_text(caplog)


async def test_unsigned_malformed_payload_gets_401(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    body = urlencode({"payload": FORM_PAYLOADS["invalid-json"]})
    request = SignedRequest(body=body, headers={"Content-Type": FORM_CONTENT_TYPE})

    response = await post_to_app(bot.url, request)

    assert response.status == 401
    assert CANARY not in all_log_text(caplog)


async def test_well_formed_command_still_reaches_bolt(bot: Bot) -> None:
    response = await bot.command(AGENT, "help")

    assert response["response_type"] == "ephemeral"


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b"", FORM_CONTENT_TYPE),
        (b"command=%2Fcs&text=help", FORM_CONTENT_TYPE),
        (b"command=%2Fcs&text=reply+1+payload", FORM_CONTENT_TYPE),
        (urlencode({"payload": json.dumps({"type": "block_actions"})}).encode(), FORM_CONTENT_TYPE),
        (json.dumps({"type": "url_verification", "challenge": "c"}).encode(), JSON_CONTENT_TYPE),
        (json.dumps({"type": "event_callback", "event": {"type": "app_home_opened"}}).encode(), ""),
    ],
    ids=["empty", "command", "command-mentions-payload", "interaction", "challenge", "event"],
)
def test_find_body_problem_accepts_valid_bodies(body: bytes, content_type: str) -> None:
    assert find_body_problem(body, content_type) is None


def test_find_body_problem_names_no_body_content() -> None:
    body = urlencode({"payload": FORM_PAYLOADS["view-without-type"]}).encode()

    assert find_body_problem(body, FORM_CONTENT_TYPE) == "view has no type"
    assert find_body_problem(b"\xff\xfe", FORM_CONTENT_TYPE) == "body is not UTF-8"
