"""Slack messages of the outbox: item cards, thread notes and ops alerts.

The builders in `handlers.blocks` lay the message out, and this module fills them from
storage. Every text of the result passes through `mask_text` once more before it is sent,
so a value that escaped masking at poll time still cannot reach Slack.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.privacy import mask_text
from bot.services.actions.types import ACTION_NOTE
from bot.storage import StoredItem
from bot.storage.tables import ItemKind
from bot.unicode_text import strip_bidi_controls
from handlers.action_blocks import build_action_note
from handlers.blocks import (
    PauseReason,
    SlackMessage,
    ThreadNote,
    build_item_card,
    build_ops_alert,
    build_thread_note,
)
from handlers.cards import (
    CallCenterStatus,
    ExchangeStatus,
    ItemCard,
    ItemStatus,
    ProductInquiryStatus,
    ReturnStatus,
)
from handlers.reminder_blocks import SLA_REMINDER_NOTE, build_sla_reminder
from handlers.texts import Lang, parse_lang

_STATUS_TYPES: dict[ItemKind, type[ItemStatus]] = {
    ItemKind.ONLINE_INQUIRY: ProductInquiryStatus,
    ItemKind.CALL_CENTER_INQUIRY: CallCenterStatus,
    ItemKind.RETURN_REQUEST: ReturnStatus,
    ItemKind.EXCHANGE_REQUEST: ExchangeStatus,
}


@dataclass(frozen=True)
class SlackPayload:
    """Fallback text and blocks as sent to the Web API, after the final masking pass."""

    text: str
    blocks: list[dict[str, Any]]


def build_item_card_from(item: StoredItem, *, now: datetime) -> ItemCard:
    """Fill an `ItemCard` from a stored item and its masked display data."""
    display = item.display or {}
    status_type = _STATUS_TYPES[item.kind]
    status: ItemStatus = status_type(item.status)
    product_name = display.get("product_name") or f"#{item.coupang_id}"
    fields = tuple((str(key), str(value)) for key, value in display.get("fields") or [])
    overdue = bool(item.deadline_at and item.closed_at is None and item.deadline_at < now)
    return ItemCard(
        item_id=item.id,
        kind=item.kind,
        vendor_id=item.vendor_id,
        coupang_id=item.coupang_id,
        status=status,
        product_name=str(product_name),
        created_at=item.created_at,
        masked_text=str(display.get("text") or ""),
        answer_text=str(display.get("answer_text") or ""),
        option_name=display.get("option_name"),
        order_id=display.get("order_id"),
        deadline_at=item.deadline_at,
        masked_fields=fields,
        claimed_by=item.claimed_by,
        answered_by=item.answered_by,
        answered_at=item.answered_at,
        handled=item.closed_at is not None,
        overdue=overdue,
    )


def build_card_message(item: StoredItem, *, lang: str, tz: str, now: datetime) -> SlackPayload:
    """Build the channel card of a stored item."""
    card = build_item_card_from(item, now=now)
    message = build_item_card(card, lang=_lang(lang), now=now, tz=ZoneInfo(tz))
    # The masking standard shows Coupang ids in full, but mask_text alone would take a
    # 16-digit order id for a card number.
    ids = [str(value) for value in (card.order_id, card.coupang_id) if value]
    return mask_message(message, keep=ids)


def note_message(payload: dict[str, Any], *, lang: str, tz: str) -> SlackPayload:
    """Build a thread note from its outbox payload (`note`, `at`)."""
    if payload["note"] == ACTION_NOTE:
        action_note = build_action_note(payload, lang=_lang(lang), tz=ZoneInfo(tz))
        return mask_message(action_note)
    if payload["note"] == SLA_REMINDER_NOTE:
        return mask_message(reminder_message(payload, lang=_lang(lang), tz=ZoneInfo(tz)))
    note = ThreadNote(payload["note"])
    at = datetime.fromisoformat(payload["at"])
    return mask_message(build_thread_note(note, lang=_lang(lang), at=at, tz=ZoneInfo(tz)))


def reminder_message(payload: dict[str, Any], *, lang: Lang, tz: ZoneInfo) -> SlackMessage:
    """Build an SLA reminder from its outbox payload, as `bot.services.reminders` records it."""
    return build_sla_reminder(
        level=str(payload["level"]),
        percent=int(payload["percent"]),
        deadline_at=datetime.fromisoformat(payload["deadline"]),
        now=datetime.fromisoformat(payload["at"]),
        assignee=payload.get("assignee"),
        managers_mention=payload.get("mention"),
        lang=lang,
        tz=tz,
    )


def build_alert_message(payload: dict[str, Any], *, lang: str, tz: str) -> SlackPayload:
    """Build an ops alert from its outbox payload (`vendor_id`, `reason`, `at`, `minutes`)."""
    message = build_ops_alert(
        vendor_id=str(payload["vendor_id"]),
        reason=PauseReason(payload["reason"]),
        lang=_lang(lang),
        now=datetime.fromisoformat(payload["at"]),
        tz=ZoneInfo(tz),
        minutes_without_poll=payload.get("minutes"),
    )
    return mask_message(message)


def mask_message(message: SlackMessage, *, keep: Sequence[str] = ()) -> SlackPayload:
    """Pass the fallback text and every `text` string in the blocks through `mask_text`.

    Occurrences of the strings in `keep` (ids shown in full) are left out of the masking
    and put back unchanged. Bidi controls are removed first, so customer text cannot
    reorder the rest of the message.
    """
    return SlackPayload(
        text=_mask_keeping(message.text, keep),
        blocks=[_mask_texts(block, keep) for block in message.blocks_as_dicts()],
    )


def _mask_texts(value: Any, keep: Sequence[str]) -> Any:
    if isinstance(value, dict):
        masked = {}
        for key, item in value.items():
            if key == "text" and isinstance(item, str):
                masked[key] = _mask_keeping(item, keep)
            else:
                masked[key] = _mask_texts(item, keep)
        return masked
    if isinstance(value, list):
        return [_mask_texts(item, keep) for item in value]
    return value


def _mask_keeping(text: str, keep: Sequence[str]) -> str:
    text = strip_bidi_controls(text)
    if not keep:
        return mask_text(text)
    pattern = "|".join(re.escape(token) for token in sorted(keep, key=len, reverse=True))
    # Split on whole ids only, so an id inside a longer number is masked with it.
    parts = re.split(f"(?<![0-9])({pattern})(?![0-9])", text)
    # Odd positions are the kept ids; the text between them is masked piece by piece.
    return "".join(part if index % 2 else mask_text(part) for index, part in enumerate(parts))


def _lang(value: str) -> Lang:
    return parse_lang(value)
