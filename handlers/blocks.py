"""Block Kit builders for item cards, thread notes, ops alerts and ephemeral replies; no I/O.

Every builder returns a `SlackMessage`: fallback `text` for notifications plus blocks built
with `slack_sdk.models`. Customer text arrives masked. The builders show it as `plain_text`,
so Slack neither parses it as markup (masking asterisks stay literal, `<!channel>` stays
inert) nor expands emoji codes, and they cut it under Slack's limits with a visible note.
"""

import re
from dataclasses import dataclass
from datetime import datetime, tzinfo
from enum import StrEnum
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from handlers import ids
from handlers.cards import (
    CallCenterStatus,
    ExchangeStatus,
    ItemCard,
    ItemKind,
    ProductInquiryStatus,
    ReturnStatus,
    kind_label,
)
from handlers.formatting import (
    DEFAULT_TZ,
    describe_deadline,
    escape_mrkdwn,
    format_time,
    truncate_plain,
    truncate_with_note,
)
from handlers.texts import DEFAULT_LANG, Lang, text

# Slack's Block Kit limits, in characters.
MAX_HEADER_TEXT = 150
MAX_SECTION_TEXT = 3_000
MAX_FIELD_TEXT = 2_000
MAX_FIELDS_PER_SECTION = 10
# Fallback text shows in notifications; Slack allows 40,000 characters, a short one reads better.
MAX_FALLBACK_TEXT = 300
MAX_PRODUCT_NAME = 300
MAX_FALLBACK_PRODUCT_NAME = 120
# Slack user IDs start with U (or W on Enterprise Grid); only these become `<@ID>` mentions.
SLACK_USER_ID = re.compile(r"[UW][A-Z0-9]{2,}")


@dataclass(frozen=True)
class SlackMessage:
    """A message ready for chat.postMessage or chat.update: fallback text and blocks."""

    text: str
    blocks: tuple[Block, ...]

    def blocks_as_dicts(self) -> list[dict[str, Any]]:
        return [block.to_dict() for block in self.blocks]

    def as_message_args(self) -> dict[str, Any]:
        """Return `text` and `blocks` as keyword arguments for the Web API client."""
        return {"text": self.text, "blocks": self.blocks_as_dicts()}


class ThreadNote(StrEnum):
    """A status change seen by the poller, posted under the item's card."""

    ANSWERED_IN_WING = "answered_in_wing"
    APPROVED_ELSEWHERE = "approved_elsewhere"
    WITHDRAWN = "withdrawn"
    AUTO_CLOSED = "auto_closed"


class PauseReason(StrEnum):
    """The reason polling for a vendor stopped."""

    AUTH_FAILURE = "auth_failure"
    IP_NOT_ALLOWED = "ip_not_allowed"
    NO_SUCCESSFUL_POLL = "no_successful_poll"


def build_item_card(
    card: ItemCard, *, lang: Lang = DEFAULT_LANG, now: datetime, tz: tzinfo = DEFAULT_TZ
) -> SlackMessage:
    """Build the channel card of one item: what, which product and order, when, SLA, actions."""
    if now.utcoffset() is None:
        raise ValueError(f"now must be timezone-aware, got {now.isoformat()}")
    blocks: list[Block] = [
        HeaderBlock(
            block_id=ids.item_block_id(card.item_id, "header"),
            text=PlainTextObject(
                text=truncate_plain(_header_text(card, lang, now), MAX_HEADER_TEXT)
            ),
        ),
        SectionBlock(
            block_id=ids.item_block_id(card.item_id, "summary"),
            fields=_summary_fields(card, lang=lang, now=now, tz=tz),
        ),
    ]
    if card.masked_text:
        blocks.append(_customer_text_section(card, lang))
    if card.answer_text:
        blocks.append(_answer_text_section(card, lang))
    blocks.extend(_masked_field_sections(card, lang))
    blocks.append(
        ContextBlock(
            block_id=ids.item_block_id(card.item_id, "context"),
            elements=[
                MarkdownTextObject(
                    text=escape_mrkdwn(text("card.vendor", lang, vendor_id=card.vendor_id))
                ),
                MarkdownTextObject(text=text("card.masked_notice", lang)),
            ],
        )
    )
    buttons = _buttons(card, lang)
    if buttons:
        blocks.append(
            ActionsBlock(block_id=ids.item_block_id(card.item_id, "actions"), elements=buttons)
        )
    return SlackMessage(text=_fallback_text(card, lang), blocks=tuple(blocks))


def build_thread_note(
    note: ThreadNote, *, lang: Lang = DEFAULT_LANG, at: datetime, tz: tzinfo = DEFAULT_TZ
) -> SlackMessage:
    """Build a thread reply saying the item's status changed outside the bot."""
    sentence = text(f"note.{note.value}", lang)
    observed = text("note.observed_at", lang, time=format_time(at, tz))
    blocks: tuple[Block, ...] = (
        SectionBlock(text=MarkdownTextObject(text=f"ℹ️ {sentence}")),
        ContextBlock(elements=[MarkdownTextObject(text=observed)]),
    )
    return SlackMessage(text=sentence, blocks=blocks)


def build_ops_alert(
    *,
    vendor_id: str,
    reason: PauseReason,
    lang: Lang = DEFAULT_LANG,
    now: datetime,
    tz: tzinfo = DEFAULT_TZ,
    minutes_without_poll: int | None = None,
) -> SlackMessage:
    """Build the ops-channel alert that polling for `vendor_id` is paused, and what to check."""
    if reason is PauseReason.NO_SUCCESSFUL_POLL and minutes_without_poll is None:
        raise ValueError("minutes_without_poll is required for NO_SUCCESSFUL_POLL")
    title = text("alert.title", lang, vendor_id=vendor_id)
    detail = text(f"alert.{reason.value}", lang, minutes=minutes_without_poll)
    detected = text("alert.detected_at", lang, time=format_time(now, tz))
    blocks: tuple[Block, ...] = (
        HeaderBlock(text=PlainTextObject(text=truncate_plain(f"⚠️ {title}", MAX_HEADER_TEXT))),
        SectionBlock(text=MarkdownTextObject(text=escape_mrkdwn(detail))),
        ContextBlock(elements=[MarkdownTextObject(text=detected)]),
    )
    return SlackMessage(text=f"{title}: {detail}", blocks=blocks)


def build_not_available_reply(*, lang: Lang = DEFAULT_LANG) -> SlackMessage:
    """Build the ephemeral reply for a button whose action is not built yet."""
    sentence = text("reply.not_available", lang)
    return SlackMessage(
        text=sentence, blocks=(SectionBlock(text=MarkdownTextObject(text=sentence)),)
    )


def _header_text(card: ItemCard, lang: Lang, now: datetime) -> str:
    past_deadline = card.deadline_at is not None and card.deadline_at < now
    if card.is_closed:
        marker = "✅"
    elif card.overdue or past_deadline:
        marker = "⏰"
    else:
        marker = "🆕"
    return f"{marker} {kind_label(card.kind, lang)} · {card.status.label(lang)}"


def _summary_fields(
    card: ItemCard, *, lang: Lang, now: datetime, tz: tzinfo
) -> list[MarkdownTextObject]:
    product = card.product_name
    if card.option_name:
        product = f"{product} / {card.option_name}"
    empty = text("card.empty_value", lang)
    assignee = (
        _user_reference(card.claimed_by) if card.claimed_by else text("card.unassigned", lang)
    )
    if card.is_closed and card.deadline_at is not None:
        # A handled item has no time left to count down, so only the deadline is shown.
        deadline = format_time(card.deadline_at, tz)
    else:
        deadline = describe_deadline(
            card.deadline_at, overdue=card.overdue, now=now, tz=tz, lang=lang
        )
    pairs = [
        (text("card.product", lang), escape_mrkdwn(truncate_plain(product, MAX_PRODUCT_NAME))),
        (text("card.order_id", lang), str(card.order_id) if card.order_id else empty),
        (text(f"card.coupang_id.{card.kind.value}", lang), str(card.coupang_id)),
        (text("card.created_at", lang), format_time(card.created_at, tz)),
        (text("card.deadline", lang), deadline),
        (text("card.assignee", lang), assignee),
    ]
    answered = _answered_text(card, lang, tz)
    if answered:
        pairs.append((text("card.answered", lang), answered))
    return [MarkdownTextObject(text=f"*{label}*\n{value}") for label, value in pairs]


def _answered_text(card: ItemCard, lang: Lang, tz: tzinfo) -> str | None:
    when = format_time(card.answered_at, tz) if card.answered_at else None
    if card.answered_by:
        return _user_reference(card.answered_by) + (f" · {when}" if when else "")
    if when:
        return f"{text('card.answered_in_wing', lang)} · {when}"
    return None


def _user_reference(user_id: str) -> str:
    """Mention a Slack user ID; show any other id (such as a WING user id) as escaped text."""
    if SLACK_USER_ID.fullmatch(user_id):
        return f"<@{user_id}>"
    return escape_mrkdwn(user_id)


def _customer_text_section(card: ItemCard, lang: Lang) -> SectionBlock:
    label = text(f"card.customer_text.{card.kind.value}", lang) + "\n"
    note = text("card.truncated", lang)
    body = truncate_with_note(card.masked_text, MAX_SECTION_TEXT - len(label), note)
    return SectionBlock(
        block_id=ids.item_block_id(card.item_id, "text"),
        text=PlainTextObject(text=label + body, emoji=False),
    )


def _answer_text_section(card: ItemCard, lang: Lang) -> SectionBlock:
    label = text("card.answer_text", lang) + "\n"
    note = text("card.truncated", lang)
    body = truncate_with_note(card.answer_text, MAX_SECTION_TEXT - len(label), note)
    return SectionBlock(
        block_id=ids.item_block_id(card.item_id, "answer"),
        text=PlainTextObject(text=label + body, emoji=False),
    )


def _masked_field_sections(card: ItemCard, lang: Lang) -> list[SectionBlock]:
    fields: list[PlainTextObject] = []
    note = text("card.truncated", lang)
    for label_key, value in card.masked_fields:
        label = text(label_key, lang) + "\n"
        body = truncate_with_note(value, MAX_FIELD_TEXT - len(label), note)
        fields.append(PlainTextObject(text=label + body, emoji=False))
    sections = []
    for start in range(0, len(fields), MAX_FIELDS_PER_SECTION):
        chunk = fields[start : start + MAX_FIELDS_PER_SECTION]
        block_id = ids.item_block_id(card.item_id, f"fields{start // MAX_FIELDS_PER_SECTION}")
        sections.append(SectionBlock(block_id=block_id, fields=chunk))
    return sections


def _buttons(card: ItemCard, lang: Lang) -> list[ButtonElement]:
    value = str(card.item_id)
    buttons: list[ButtonElement] = []
    if not card.is_closed:
        buttons.extend(_status_buttons(card, lang, value))
        if card.claimed_by is None:
            buttons.append(_button(ids.ACTION_CLAIM, "button.claim", lang, value))
        else:
            # The listener lets only the claimer or a manager release the claim.
            buttons.append(_button(ids.ACTION_RELEASE_CLAIM, "button.release_claim", lang, value))
    # Showing customer details stays available after handling; the listener checks the role.
    buttons.append(_button(ids.ACTION_SHOW_CUSTOMER, "button.show_customer", lang, value))
    return buttons


def _status_buttons(card: ItemCard, lang: Lang, value: str) -> list[ButtonElement]:
    status = card.status
    if card.kind is ItemKind.ONLINE_INQUIRY and status is ProductInquiryStatus.OPEN:
        return [_button(ids.ACTION_REPLY, "button.reply", lang, value, style="primary")]
    if status is CallCenterStatus.NEEDS_ANSWER:
        return [_button(ids.ACTION_REPLY, "button.reply", lang, value, style="primary")]
    if status is CallCenterStatus.NEEDS_CONFIRM:
        return [
            _button(ids.ACTION_CONFIRM_TRANSFER, "button.confirm_transfer", lang, value, "primary")
        ]
    if status is ReturnStatus.RELEASE_STOP_REQUESTED:
        return [
            _confirmed_button(ids.ACTION_RELEASE_STOPPED, "release_stopped", lang, value),
            _confirmed_button(
                ids.ACTION_RELEASE_ALREADY_SHIPPED, "release_already_shipped", lang, value
            ),
        ]
    if status is ReturnStatus.REQUESTED:
        # Coupang accepts receipt confirmation only for an unchecked return request.
        return [
            _confirmed_button(
                ids.ACTION_CONFIRM_RETURN_RECEIPT, "confirm_return_receipt", lang, value
            )
        ]
    if status is ReturnStatus.RECEIPT_CONFIRMED:
        # Coupang accepts approval only after the warehouse receipt is confirmed.
        return [_confirmed_button(ids.ACTION_APPROVE_RETURN, "approve_return", lang, value)]
    if status is ExchangeStatus.RECEIVED:
        # Coupang accepts receipt confirmation and rejection only before the exchange is
        # confirmed, that is while it is RECEIPT (received).
        return [
            _confirmed_button(
                ids.ACTION_CONFIRM_EXCHANGE_RECEIPT, "confirm_exchange_receipt", lang, value
            ),
            _button(ids.ACTION_REJECT_EXCHANGE, "button.reject_exchange", lang, value, "danger"),
        ]
    return []


def _button(
    action_id: str, label_key: str, lang: Lang, value: str, style: str | None = None
) -> ButtonElement:
    return ButtonElement(
        action_id=action_id,
        text=PlainTextObject(text=text(label_key, lang)),
        value=value,
        style=style,
    )


def _confirmed_button(action_id: str, name: str, lang: Lang, value: str) -> ButtonElement:
    """Build a primary button behind a confirm dialog (`button.<name>`, `confirm.<name>.*`)."""
    confirm = ConfirmObject(
        title=PlainTextObject(text=text(f"confirm.{name}.title", lang)),
        text=PlainTextObject(text=text(f"confirm.{name}.text", lang)),
        confirm=PlainTextObject(text=text("confirm.proceed", lang)),
        deny=PlainTextObject(text=text("confirm.cancel", lang)),
    )
    return ButtonElement(
        action_id=action_id,
        text=PlainTextObject(text=text(f"button.{name}", lang)),
        value=value,
        style="primary",
        confirm=confirm,
    )


def _fallback_text(card: ItemCard, lang: Lang) -> str:
    # Only non-personal facts go in the notification text: kind, status, product and order id.
    params = {
        "kind": kind_label(card.kind, lang),
        "status": card.status.label(lang),
        "product": escape_mrkdwn(truncate_plain(card.product_name, MAX_FALLBACK_PRODUCT_NAME)),
        "order_id": card.order_id,
    }
    key = "fallback.item" if card.order_id else "fallback.item_without_order"
    return truncate_plain(text(key, lang, **params), MAX_FALLBACK_TEXT)
