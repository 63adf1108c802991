"""Signed requests into a Bolt app in HTTP mode: slash commands, interactions and events.

Payload shapes follow what Slack sends: a slash command is a form body, `block_actions` and
`view_submission` are a form body with one `payload` field holding JSON, and an
`event_callback` is a JSON body. Each request is signed the way Slack signs it (HMAC-SHA256
over `v0:<timestamp>:<body>` with the signing secret), so `SignatureVerifier` accepts it.
"""

import ipaddress
import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import aiohttp
from slack_sdk.signature import Clock, SignatureVerifier

from bot.slackstub.workspace import BOT_USER_ID, TEAM_ID

API_APP_ID = "A0CSBOT01"
TEAM_DOMAIN = "cs-bot-stand-in"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json"
EVENTS_PATH = "/slack/events"


@dataclass(frozen=True)
class SignedRequest:
    """A request body with the headers Slack would send, signature included."""

    body: str
    headers: dict[str, str]


@dataclass(frozen=True)
class AppResponse:
    """The Bolt app's response: HTTP status and body text."""

    status: int
    body: str

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


def build_slash_command_payload(
    *,
    user_id: str,
    channel_id: str,
    text: str = "",
    command: str = "/cs",
    trigger_id: str = "",
    response_url: str = "",
    team_id: str = TEAM_ID,
    user_name: str = "agent",
    channel_name: str = "cs-inquiries",
) -> dict[str, str]:
    """Build the form fields of a slash command; pass a `trigger_id` the stand-in issued."""
    return {
        "team_id": team_id,
        "team_domain": TEAM_DOMAIN,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name,
        "command": command,
        "text": text,
        "api_app_id": API_APP_ID,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id,
    }


def build_block_actions_payload(
    *,
    user_id: str,
    action_id: str,
    value: str,
    block_id: str,
    channel_id: str,
    message_ts: str,
    trigger_id: str = "",
    response_url: str = "",
    team_id: str = TEAM_ID,
    button_text: str = "",
    message: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Build a `block_actions` payload for a button clicked on a message in a channel."""
    return {
        "type": "block_actions",
        "user": {"id": user_id, "username": "agent", "name": "agent", "team_id": team_id},
        "api_app_id": API_APP_ID,
        "container": {
            "type": "message",
            "message_ts": message_ts,
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "trigger_id": trigger_id,
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "cs-inquiries"},
        "message": dict(message) if message is not None else _bot_message(message_ts),
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text or action_id, "emoji": True},
                "value": value,
                "action_ts": message_ts,
            }
        ],
    }


def build_view_submission_payload(
    *,
    user_id: str,
    callback_id: str,
    state_values: Mapping[str, Mapping[str, Mapping[str, Any]]],
    private_metadata: str = "",
    view_id: str = "V0STUB9999",
    trigger_id: str = "",
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """Build a `view_submission` payload; `plain_text_value` builds the usual state entries."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": TEAM_DOMAIN},
        "user": {"id": user_id, "username": "agent", "name": "agent", "team_id": team_id},
        "api_app_id": API_APP_ID,
        "trigger_id": trigger_id,
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": {k: dict(v) for k, v in state_values.items()}},
            "hash": "1767225600.stand-in",
            "title": {"type": "plain_text", "text": "cs-bot"},
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": API_APP_ID,
            "bot_id": "B0CSBOT01",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }


def plain_text_value(value: str) -> dict[str, Any]:
    """Build the state entry Slack sends for a `plain_text_input` element."""
    return {"type": "plain_text_input", "value": value}


def build_app_home_opened_payload(
    *, user_id: str, tab: str = "home", team_id: str = TEAM_ID, event_time: int = 1_767_225_600
) -> dict[str, Any]:
    """Build the `event_callback` envelope of an `app_home_opened` event."""
    return {
        "team_id": team_id,
        "api_app_id": API_APP_ID,
        "event": {
            "type": "app_home_opened",
            "user": user_id,
            "channel": "D0CSBOT01",
            "tab": tab,
            "event_ts": f"{event_time}.000100",
        },
        "type": "event_callback",
        "event_id": f"Ev{secrets.token_hex(5).upper()}",
        "event_time": event_time,
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": BOT_USER_ID,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }


def sign_slash_command(
    fields: Mapping[str, str], *, signing_secret: str, clock: Clock | None = None
) -> SignedRequest:
    return sign_body(urlencode(fields), FORM_CONTENT_TYPE, signing_secret, clock)


def sign_interaction(
    payload: Mapping[str, Any], *, signing_secret: str, clock: Clock | None = None
) -> SignedRequest:
    """Sign a `block_actions` or `view_submission` payload as the form field `payload`."""
    body = urlencode({"payload": json.dumps(payload, ensure_ascii=False)})
    return sign_body(body, FORM_CONTENT_TYPE, signing_secret, clock)


def sign_event(
    payload: Mapping[str, Any], *, signing_secret: str, clock: Clock | None = None
) -> SignedRequest:
    body = json.dumps(payload, ensure_ascii=False)
    return sign_body(body, JSON_CONTENT_TYPE, signing_secret, clock)


def sign_body(
    body: str, content_type: str, signing_secret: str, clock: Clock | None = None
) -> SignedRequest:
    """Sign `body` with the timestamp of `clock` (the system clock by default)."""
    timestamp = str(int((clock or Clock()).now()))
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=timestamp, body=body)
    if signature is None:
        raise ValueError("signing failed: SignatureVerifier returned no signature")
    headers = {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": timestamp,
        "X-Slack-Signature": signature,
    }
    return SignedRequest(body=body, headers=headers)


async def post_to_app(
    app_url: str,
    request: SignedRequest,
    *,
    path: str = EVENTS_PATH,
    session: aiohttp.ClientSession | None = None,
) -> AppResponse:
    """POST a signed request to `<app_url><path>` on a loopback address and return the reply."""
    _require_loopback(app_url)
    url = app_url.rstrip("/") + path
    if session is None:
        async with aiohttp.ClientSession() as own_session:
            return await _post(own_session, url, request)
    return await _post(session, url, request)


async def _post(session: aiohttp.ClientSession, url: str, request: SignedRequest) -> AppResponse:
    async with session.post(url, data=request.body.encode(), headers=request.headers) as response:
        return AppResponse(status=response.status, body=await response.text())


def _require_loopback(app_url: str) -> None:
    host = urlsplit(app_url).hostname or ""
    if host == "localhost":
        return
    try:
        is_loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        is_loopback = False
    if not is_loopback:
        raise ValueError(f"signed requests go to a loopback app only, not to {app_url}")


def _bot_message(ts: str) -> dict[str, Any]:
    return {"type": "message", "user": BOT_USER_ID, "ts": ts, "text": "", "blocks": []}
