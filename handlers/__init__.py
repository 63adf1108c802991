"""Slack surface of the bot: `register(app, deps)` is the single list of routes."""

import logging
import re
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

if TYPE_CHECKING:
    from bot.deps import Deps

log = logging.getLogger(__name__)

SLASH_COMMAND = "/cs"

HELP_TEXT = (
    "*cs-bot* posts new Coupang inquiries, returns and exchanges to this workspace "
    "and keeps each message in step with the item's status.\n"
    "• `/cs help`: show this message.\n"
    "Buttons on the cards (reply, approve, claim) are not available yet."
)
NOT_AVAILABLE_TEXT = "This action is not available yet. Use WING for now."
UNKNOWN_COMMAND_TEXT = "Unknown command `{text}`. Try `/cs help`."

# Every block action: the card buttons reply "not available yet" until their listeners exist.
_ANY_ACTION = re.compile(".+")


def register(app: AsyncApp, deps: "Deps") -> None:
    """Register every listener of the bot on `app`."""
    app.command(SLASH_COMMAND)(handle_command_cs)
    app.action(_ANY_ACTION)(handle_action_not_available)


async def handle_command_cs(ack: AsyncAck, command: dict[str, Any]) -> None:
    text = str(command.get("text") or "").strip()
    if text in ("", "help"):
        await ack(response_type="ephemeral", text=HELP_TEXT)
        return
    # The command text is whatever the user typed, so it is echoed only to that user.
    first_word = text.split()[0][:32]
    await ack(response_type="ephemeral", text=UNKNOWN_COMMAND_TEXT.format(text=first_word))


async def handle_action_not_available(
    ack: AsyncAck, respond: AsyncRespond, body: dict[str, Any]
) -> None:
    await ack()
    actions = body.get("actions") or [{}]
    log.info(
        "slack.action.not_available",
        extra={"action": actions[0].get("action_id"), "channel": _channel_id(body)},
    )
    await respond(response_type="ephemeral", replace_original=False, text=NOT_AVAILABLE_TEXT)


def _channel_id(body: dict[str, Any]) -> str | None:
    channel = body.get("channel") or {}
    value = channel.get("id") if isinstance(channel, dict) else None
    return str(value) if value else None
