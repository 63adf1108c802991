"""Modal views of the item actions: loading, refusal, reply, exchange rejection, already shipped.

Builders are pure and return view payloads as dicts. `private_metadata` carries only the
item's row id and the origin channel, never customer data. Customer text shown in a
modal is already masked and is set as `plain_text`, so Slack does not parse it as markup.
"""

import json
from dataclasses import dataclass
from datetime import tzinfo
from typing import Any

from bot.services.actions.replies import ReplyContext
from handlers import ids
from handlers.formatting import format_time, truncate_plain
from handlers.texts import Lang, text

# Slack's limits, in characters: modal title 24, plain-text input 3,000, option text 75.
MAX_TITLE = 24
MAX_SECTION_TEXT = 3000
MAX_OPTION_TEXT = 75

REPLY_TEXT_BLOCK_PREFIX = "reply_text"
REPLY_TEXT_ACTION = "reply_text_input"
REJECT_REASON_BLOCK = "reject_reason"
REJECT_REASON_ACTION = "reject_reason_select"
COURIER_BLOCK = "courier"
COURIER_ACTION = "courier_input"
INVOICE_BLOCK = "invoice"
INVOICE_ACTION = "invoice_input"
REJECT_REASONS = ("SOLDOUT", "WITHDRAW")


@dataclass(frozen=True)
class ModalMetadata:
    """State a modal carries from opening to submission: row id and origin channel."""

    item_id: int
    channel_id: str | None = None

    def encode(self) -> str:
        return json.dumps({"item_id": self.item_id, "channel": self.channel_id})

    @classmethod
    def decode(cls, value: str) -> "ModalMetadata | None":
        """Parse `private_metadata`; None when it is not ours or is malformed."""
        try:
            data = json.loads(value or "")
            item_id = int(data["item_id"])
        except (ValueError, KeyError, TypeError):
            return None
        channel = data.get("channel")
        return cls(item_id=item_id, channel_id=str(channel) if channel else None)


def build_loading_modal(callback_id: str, metadata: ModalMetadata, lang: Lang) -> dict[str, Any]:
    """Build the view opened at once, inside Slack's 3-second trigger window."""
    return _modal(
        callback_id,
        text("modal.loading.title", lang),
        [_section(text("modal.loading.text", lang))],
        metadata,
        lang,
    )


def build_message_modal(title_key: str, message: str, lang: Lang) -> dict[str, Any]:
    """Build a view without inputs that shows one message, such as a refusal."""
    return _modal(
        ids.CALLBACK_MESSAGE_MODAL,
        text(title_key, lang),
        [_section(message)],
        None,
        lang,
    )


def build_reply_modal(
    context: ReplyContext,
    metadata: ModalMetadata,
    *,
    lang: Lang,
    tz: tzinfo,
    template_name: str | None = None,
) -> dict[str, Any]:
    """Build the reply form: product, masked question, deadline, template picker and text box.

    The text box's `block_id` includes the chosen template, because Slack keeps what the
    user typed in an input whose `block_id` is unchanged and would ignore the new value.
    """
    blocks: list[dict[str, Any]] = []
    if context.product_name:
        blocks.append(_labelled_section(text("modal.reply.product", lang), context.product_name))
    if context.question:
        blocks.append(_labelled_section(text("modal.reply.question", lang), context.question))
    if context.deadline_at is not None:
        deadline = text("modal.reply.deadline", lang, time=format_time(context.deadline_at, tz))
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": deadline}]})
    chosen = next((t for t in context.templates if t.name == template_name), None)
    if context.templates:
        blocks.append(_template_picker(context, chosen.name if chosen else None, lang))
    text_input: dict[str, Any] = {
        "type": "plain_text_input",
        "action_id": REPLY_TEXT_ACTION,
        "multiline": True,
        "min_length": context.min_chars,
        "max_length": context.max_chars,
    }
    if chosen is not None:
        text_input["initial_value"] = chosen.text[: context.max_chars]
    block_suffix = f":{chosen.name}" if chosen else ""
    blocks.append(
        {
            "type": "input",
            "block_id": REPLY_TEXT_BLOCK_PREFIX + block_suffix,
            "label": {"type": "plain_text", "text": text("modal.reply.text", lang)},
            "hint": {
                "type": "plain_text",
                "text": text(
                    "modal.reply.hint", lang, min=context.min_chars, max=context.max_chars
                ),
            },
            "element": text_input,
        }
    )
    return _modal(
        ids.CALLBACK_REPLY_MODAL,
        text("modal.reply.title", lang),
        blocks,
        metadata,
        lang,
        submit=True,
    )


def build_reject_exchange_modal(metadata: ModalMetadata, lang: Lang) -> dict[str, Any]:
    """Build the form with the rejection reason: sold out or withdrawn."""
    options = [
        {"text": {"type": "plain_text", "text": text(f"reason.{code}", lang)}, "value": code}
        for code in REJECT_REASONS
    ]
    blocks = [
        _section(text("modal.reject.warning", lang)),
        {
            "type": "input",
            "block_id": REJECT_REASON_BLOCK,
            "label": {"type": "plain_text", "text": text("modal.reject.reason", lang)},
            "element": {
                "type": "static_select",
                "action_id": REJECT_REASON_ACTION,
                "options": options,
            },
        },
    ]
    return _modal(
        ids.CALLBACK_REJECT_EXCHANGE_MODAL,
        text("modal.reject.title", lang),
        blocks,
        metadata,
        lang,
        submit=True,
    )


def build_already_shipped_modal(metadata: ModalMetadata, lang: Lang) -> dict[str, Any]:
    """Build the form with the courier code and invoice number of the shipment."""
    blocks = [
        _plain_input(COURIER_BLOCK, COURIER_ACTION, text("modal.shipped.courier", lang), 20),
        _plain_input(INVOICE_BLOCK, INVOICE_ACTION, text("modal.shipped.invoice", lang), 30),
    ]
    return _modal(
        ids.CALLBACK_ALREADY_SHIPPED_MODAL,
        text("modal.shipped.title", lang),
        blocks,
        metadata,
        lang,
        submit=True,
    )


def find_reply_block(state_values: dict[str, Any]) -> tuple[str, str] | None:
    """Return `(block_id, text)` of the reply text box in a submitted view's state."""
    for block_id, actions in state_values.items():
        if block_id.split(":", 1)[0] == REPLY_TEXT_BLOCK_PREFIX:
            value = (actions.get(REPLY_TEXT_ACTION) or {}).get("value")
            return block_id, str(value or "")
    return None


def _template_picker(context: ReplyContext, selected: str | None, lang: Lang) -> dict[str, Any]:
    options = [
        {
            "text": {
                "type": "plain_text",
                "text": truncate_plain(
                    choice.title_ko if lang is Lang.KO else choice.title_en, MAX_OPTION_TEXT
                ),
            },
            "value": choice.name,
        }
        for choice in context.templates
    ]
    select: dict[str, Any] = {
        "type": "static_select",
        "action_id": ids.ACTION_REPLY_TEMPLATE,
        "placeholder": {
            "type": "plain_text",
            "text": text("modal.reply.template_placeholder", lang),
        },
        "options": options,
    }
    chosen = next((option for option in options if option["value"] == selected), None)
    if chosen is not None:
        select["initial_option"] = chosen
    return {"type": "actions", "block_id": "reply_template", "elements": [select]}


def _modal(
    callback_id: str,
    title: str,
    blocks: list[dict[str, Any]],
    metadata: ModalMetadata | None,
    lang: Lang,
    *,
    submit: bool = False,
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "type": "modal",
        "callback_id": callback_id,
        "title": {"type": "plain_text", "text": truncate_plain(title, MAX_TITLE)},
        "close": {"type": "plain_text", "text": text("modal.close", lang)},
        "blocks": blocks,
        "private_metadata": metadata.encode() if metadata else "",
    }
    if submit:
        view["submit"] = {"type": "plain_text", "text": text("modal.submit", lang)}
    return view


def _section(message: str) -> dict[str, Any]:
    body = truncate_plain(message, MAX_SECTION_TEXT)
    return {"type": "section", "text": {"type": "plain_text", "text": body, "emoji": False}}


def _labelled_section(label: str, value: str) -> dict[str, Any]:
    return _section(f"{label}\n{value}")


def _plain_input(block_id: str, action_id: str, label: str, max_length: int) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": block_id,
        "label": {"type": "plain_text", "text": label},
        "element": {"type": "plain_text_input", "action_id": action_id, "max_length": max_length},
    }
