"""Types and argument helpers shared by the Web API method handlers."""

from collections.abc import Callable
from typing import Any

from bot.slackstub.errors import ApiError
from bot.slackstub.stub import SlackStub
from bot.slackstub.workspace import BOT_USER_ID, Channel

Args = dict[str, Any]
MethodHandler = Callable[[SlackStub, Args], Args]


def require_arg(args: Args, name: str) -> str:
    value = args.get(name)
    if value is None or value == "":
        raise ApiError("invalid_arguments", f"missing required argument `{name}`")
    return str(value)


def channel_for_bot(stub: SlackStub, ref: str) -> Channel:
    """Resolve a channel the bot may post in, or raise `channel_not_found` / `not_in_channel`."""
    channel = stub.workspace.resolve_channel(ref)
    if channel is None:
        # NOTE: the stand-in has no direct messages, so a user ID gives channel_not_found here,
        # while Slack's chat.postMessage would open a DM with that user.
        raise ApiError("channel_not_found", f"no channel {ref!r}")
    if BOT_USER_ID not in channel.members:
        raise ApiError("not_in_channel", f"the bot is not a member of {channel.id}")
    return channel
