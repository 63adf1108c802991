"""Messages about actions: the result sentence for the user, thread notes, customer details."""

from datetime import datetime, tzinfo
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.config import Role
from bot.services.actions.types import REQUIRED_ROLES, ActionKind, ActionResult, Outcome
from handlers.blocks import SlackMessage
from handlers.formatting import format_time, truncate_plain, truncate_with_note
from handlers.texts import Lang, has_text, text

MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000


def describe_result(result: ActionResult, lang: Lang) -> str:
    """Return the sentence telling the user what came of an action, with its reference id."""
    action = text(f"action.{result.action.value}", lang)
    outcome = result.outcome
    if outcome is Outcome.REJECTED_ROLE:
        role: Role = REQUIRED_ROLES[result.action]
        sentence = text(
            "result.rejected_role", lang, action=action, role=text(f"role.{role}", lang)
        )
    elif outcome is Outcome.COUPANG_REJECTED:
        key = f"coupang_error.{result.error_kind}"
        reason = text(key if has_text(key) else "coupang_error.other", lang)
        sentence = text("result.coupang_rejected", lang, action=action, reason=reason)
    else:
        sentence = text(f"result.{outcome.value}", lang, action=action)
    return f"{sentence}\n{text('result.reference', lang, ref=result.reference_id)}"


def build_action_note(payload: dict[str, Any], *, lang: Lang, tz: tzinfo) -> SlackMessage:
    """Build the thread note of an action taken in Slack from its outbox payload.

    The payload contains `action`, `user` (a Slack user id), `at`, and optionally the masked
    reply `text` or a rejection `reason` code.
    """
    action = ActionKind(payload["action"])
    sentence = text(f"note.action.{action.value}", lang, user=payload["user"])
    at = format_time(datetime.fromisoformat(payload["at"]), tz)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=f"✅ {sentence}"))]
    reply = str(payload.get("text") or "")
    if reply:
        label = text("note.reply_text", lang) + "\n"
        body = truncate_with_note(
            reply, MAX_SECTION_TEXT - len(label), text("card.truncated", lang)
        )
        blocks.append(SectionBlock(text=PlainTextObject(text=label + body, emoji=False)))
    reason = payload.get("reason")
    if reason and has_text(f"reason.{reason}"):
        reason_text = text("note.reason", lang, reason=text(f"reason.{reason}", lang))
        blocks.append(SectionBlock(text=PlainTextObject(text=reason_text, emoji=False)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=at)]))
    return SlackMessage(text=sentence, blocks=tuple(blocks))


def build_customer_details(
    fields: tuple[tuple[str, str], ...], *, coupang_id: int, lang: Lang
) -> SlackMessage:
    """Build the ephemeral message with unmasked customer details for one user.

    The values are shown as `plain_text`, so Slack neither parses them as markup nor links
    them. This is the only message the bot sends with unmasked personal data.
    """
    title = f"{text('show.title', lang)} · {coupang_id}"
    blocks: list[Block] = [HeaderBlock(text=PlainTextObject(text=truncate_plain(title, 150)))]
    note = text("card.truncated", lang)
    lines = [
        PlainTextObject(
            text=truncate_with_note(f"{text(label, lang)}\n{value}", MAX_FIELD_TEXT, note),
            emoji=False,
        )
        for label, value in fields
    ]
    if lines:
        blocks.append(SectionBlock(fields=lines[:10]))
    else:
        blocks.append(SectionBlock(text=PlainTextObject(text=text("show.empty", lang))))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=text("show.notice", lang))]))
    return SlackMessage(text=title, blocks=tuple(blocks))
