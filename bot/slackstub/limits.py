"""Block Kit and message limits the stand-in enforces, with the error codes Slack returns.

Limits follow Slack's Block Kit reference: 50 blocks per message, 100 per modal or Home view,
section text 3,000 characters, section fields 10 items of 2,000 characters each, header text
150 characters, and 40,000 characters of message `text`. `slack_sdk.models` checks most
per-element limits in `validate_json()`; the counts it does not check are checked here.
"""

import json
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slackstub.errors import ApiError

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
MAX_SECTION_TEXT = 3_000
MAX_SECTION_FIELDS = 10
MAX_SECTION_FIELD_TEXT = 2_000
MAX_HEADER_TEXT = 150


class LimitViolation(ApiError):
    """A request that breaks a Block Kit or message limit; `detail` is Slack's metadata line."""

    def __init__(self, error: str, detail: str) -> None:
        super().__init__(error, detail)
        self.detail: str = detail


def decode_json_argument(value: Any, *, name: str) -> Any:
    """Decode an argument that slack_sdk sends as a JSON string in form bodies (blocks, view)."""
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise LimitViolation("invalid_arguments", f"{name} is not valid JSON") from exc


def check_message_text(text: str) -> None:
    if len(text) > MAX_MESSAGE_TEXT:
        raise LimitViolation(
            "msg_too_long", f"text has {len(text)} characters, more than {MAX_MESSAGE_TEXT}"
        )


def check_blocks(raw_blocks: Any, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[dict[str, Any]]:
    """Validate a `blocks` argument and return it as a list of dicts, or raise `invalid_blocks`."""
    blocks = decode_json_argument(raw_blocks, name="blocks")
    if not isinstance(blocks, list):
        raise LimitViolation("invalid_blocks", "blocks must be an array")
    if len(blocks) > max_blocks:
        raise LimitViolation(
            "invalid_blocks",
            f"[ERROR] no more than {max_blocks} items allowed [json-pointer:/blocks]",
        )
    for index, raw_block in enumerate(blocks):
        _check_block(raw_block, pointer=f"/blocks/{index}")
    return blocks


def check_view(raw_view: Any, *, allowed_types: tuple[str, ...]) -> dict[str, Any]:
    """Validate a `view` argument and return it as a dict, or raise `invalid_arguments`."""
    view = decode_json_argument(raw_view, name="view")
    if not isinstance(view, dict):
        raise LimitViolation("invalid_arguments", "view must be an object")
    view_type = view.get("type")
    if view_type not in allowed_types:
        raise LimitViolation(
            "invalid_arguments", f"view type {view_type!r} is not one of {allowed_types}"
        )
    blocks = view.get("blocks", [])
    try:
        check_blocks(blocks, max_blocks=MAX_VIEW_BLOCKS)
        View(**view).validate_json()
    except LimitViolation as exc:
        raise LimitViolation("invalid_arguments", exc.detail) from exc
    except (SlackObjectFormationError, TypeError, KeyError) as exc:
        raise LimitViolation("invalid_arguments", f"[ERROR] {exc} [json-pointer:/view]") from exc

    has_input = any(isinstance(b, dict) and b.get("type") == "input" for b in blocks)
    if view_type == "modal" and has_input and "submit" not in view:
        raise LimitViolation(
            "invalid_arguments",
            "[ERROR] a modal with input blocks needs a submit button [json-pointer:/view/submit]",
        )
    return view


def _check_block(raw_block: Any, *, pointer: str) -> None:
    if not isinstance(raw_block, dict):
        detail = f"[ERROR] must be an object [json-pointer:{pointer}]"
        raise LimitViolation("invalid_blocks", detail)
    block = Block.parse(raw_block)
    if block is None:
        raise LimitViolation(
            "invalid_blocks",
            f"[ERROR] unsupported type {raw_block.get('type')!r} [json-pointer:{pointer}/type]",
        )
    try:
        block.validate_json()
    except SlackObjectFormationError as exc:
        raise LimitViolation("invalid_blocks", f"[ERROR] {exc} [json-pointer:{pointer}]") from exc

    # slack_sdk 3.x counts section fields but does not measure each one.
    block_type = raw_block.get("type")
    if block_type == "section":
        _check_section(raw_block, pointer=pointer)
    elif block_type == "header":
        _check_text_length(raw_block.get("text"), MAX_HEADER_TEXT, pointer=f"{pointer}/text")


def _check_section(raw_block: dict[str, Any], *, pointer: str) -> None:
    _check_text_length(raw_block.get("text"), MAX_SECTION_TEXT, pointer=f"{pointer}/text")
    fields = raw_block.get("fields") or []
    if len(fields) > MAX_SECTION_FIELDS:
        detail = f"no more than {MAX_SECTION_FIELDS} items allowed [json-pointer:{pointer}/fields]"
        raise LimitViolation("invalid_blocks", f"[ERROR] {detail}")
    for index, field in enumerate(fields):
        _check_text_length(field, MAX_SECTION_FIELD_TEXT, pointer=f"{pointer}/fields/{index}")


def _check_text_length(text_object: Any, limit: int, *, pointer: str) -> None:
    if not isinstance(text_object, dict):
        return
    length = len(str(text_object.get("text", "")))
    if length > limit:
        raise LimitViolation(
            "invalid_blocks",
            f"[ERROR] must be less than {limit + 1} characters [json-pointer:{pointer}/text]",
        )
