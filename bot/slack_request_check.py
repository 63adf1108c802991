"""A check of `/slack/events` bodies that answers malformed ones before Bolt parses them.

slack_bolt 1.x parses the body (the JSON body, or the JSON in the `payload` form field) and
routes on its fields without checking their types. Invalid JSON, a JSON list or a view
without `type` therefore raised inside Bolt, and aiohttp answered 500 with a traceback.
This check rejects such bodies with 400 (401 when the signature is not valid) and logs one
line that names the problem, never the body or the signature.
"""

import json
import logging
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import web
from slack_sdk.signature import SignatureVerifier

log = logging.getLogger(__name__)

# Fields that Slack sends as JSON objects, in interaction payloads and Events API bodies.
OBJECT_FIELDS = ("user", "team", "enterprise", "channel", "container", "message", "view", "event")
# Fields that Slack sends as lists of JSON objects.
LIST_OF_OBJECT_FIELDS = ("actions", "authorizations")
# Objects that Bolt routes on by their `type`.
TYPED_OBJECT_FIELDS = ("view", "event")


def find_body_problem(body: bytes, content_type: str) -> str | None:
    """Return why Bolt cannot route this body, or None if its shape is valid.

    The problem is a short fixed phrase, safe to log, that quotes nothing from the body.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return "body is not UTF-8"
    if not text:
        return None
    # Bolt treats a body as JSON by the same two tests.
    if content_type == "application/json" or text.startswith("{"):
        return _find_json_problem(text, interaction=False)
    if "payload" not in text:
        # A slash command: Bolt reads the form fields as strings.
        return None
    # NOTE: Bolt also takes this branch for a slash command whose text contains "payload",
    # finds no `payload` field and routes an empty body, so no listener runs for the command.
    payload = dict(parse_qsl(text, keep_blank_values=True)).get("payload")
    if payload is None:
        return None
    return _find_json_problem(payload, interaction=True)


def _find_json_problem(text: str, *, interaction: bool) -> str | None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError:
        return "invalid JSON"
    if not isinstance(document, dict):
        return "JSON is not an object"
    if interaction and not isinstance(document.get("type"), str):
        return "payload has no type"
    return _find_field_problem(document)


def _find_field_problem(document: dict[str, Any]) -> str | None:
    if "type" in document and not isinstance(document["type"], str):
        return "type is not a string"
    for name in OBJECT_FIELDS:
        value = document.get(name)
        if value is not None and not isinstance(value, dict):
            return f"{name} is not an object"
    for name in LIST_OF_OBJECT_FIELDS:
        value = document.get(name)
        if value is None:
            continue
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            return f"{name} is not a list of objects"
    for name in TYPED_OBJECT_FIELDS:
        value = document.get(name)
        if isinstance(value, dict) and not isinstance(value.get("type"), str):
            return f"{name} has no type"
    return None


async def reject_malformed_request(
    request: web.Request, signing_secret: str
) -> web.Response | None:
    """Return a 400 (or 401 if unsigned) response for a malformed body, else None.

    The signature is checked only for a malformed body, so that a forged request gets 401
    and a malformed one from Slack gets 400. A well-formed body goes on to Bolt, which
    checks the signature itself.
    """
    body = await request.read()
    problem = find_body_problem(body, request.content_type)
    if problem is None:
        return None
    signed = _has_valid_signature(request, body, signing_secret)
    log.warning(
        "slack.request.malformed",
        extra={"problem": problem, "signature_valid": signed, "body_bytes": len(body)},
    )
    if not signed:
        return web.Response(status=401, text="invalid request signature")
    return web.Response(status=400, text=f"malformed Slack request: {problem}")


def _has_valid_signature(request: web.Request, body: bytes, signing_secret: str) -> bool:
    timestamp = request.headers.get("X-Slack-Request-Timestamp", "")
    signature = request.headers.get("X-Slack-Signature", "")
    # slack_sdk's verifier raises ValueError on a timestamp that is not an integer.
    if not signing_secret or not signature or not (timestamp.isascii() and timestamp.isdigit()):
        return False
    verifier = SignatureVerifier(signing_secret)
    return verifier.is_valid(body=body, timestamp=timestamp, signature=signature)
