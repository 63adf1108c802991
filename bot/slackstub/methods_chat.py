"""chat.* methods: post, update, ephemeral posts and permalinks."""

import json
from typing import Any

from bot.slackstub.errors import ApiError
from bot.slackstub.limits import check_blocks, check_message_text
from bot.slackstub.methods_common import Args, MethodHandler, channel_for_bot, require_arg
from bot.slackstub.stub import SlackStub
from bot.slackstub.workspace import BOT_USER_ID, EphemeralMessage, Message


def message_content(args: Args) -> tuple[str, list[dict[str, Any]]]:
    """Check `text` and `blocks` against Slack's limits and return them."""
    text = str(args.get("text") or "")
    raw_blocks = args.get("blocks")
    if not text and not raw_blocks and not args.get("attachments"):
        raise ApiError("no_text", "a message needs text, blocks or attachments")
    check_message_text(text)
    blocks = check_blocks(raw_blocks) if raw_blocks else []
    return text, blocks


def post_message(stub: SlackStub, args: Args) -> Args:
    channel = channel_for_bot(stub, require_arg(args, "channel"))
    text, blocks = message_content(args)
    thread_ts = args.get("thread_ts") or None
    root = channel.find_thread_root(str(thread_ts)) if thread_ts else None
    if thread_ts and root is None:
        # NOTE: Slack's response to an unknown thread_ts is not documented. The stand-in rejects
        # it, so a wrong parent ts fails a test instead of posting a stray top-level message.
        raise ApiError("thread_not_found", f"no message {thread_ts} in {channel.id}")

    retry_after = stub.post_limiter.acquire(channel.id)
    if retry_after is not None:
        raise ApiError("ratelimited", f"channel {channel.id}", status=429, retry_after=retry_after)

    message = Message(
        ts=stub.workspace.next_ts(),
        user=BOT_USER_ID,
        text=text,
        blocks=blocks,
        thread_ts=root.ts if root else None,
        metadata=_metadata(args.get("metadata")),
    )
    if root is None:
        channel.messages.append(message)
    else:
        root.replies.append(message)
    return {"channel": channel.id, "ts": message.ts, "message": message.to_api()}


def _metadata(value: Any) -> dict[str, Any] | None:
    # Form-encoded calls send message metadata as a JSON string, JSON calls as an object.
    if isinstance(value, str) and value:
        value = json.loads(value)
    if value is None:
        return None
    if not isinstance(value, dict) or "event_type" not in value:
        raise ApiError("invalid_metadata_format", "metadata needs event_type and event_payload")
    return value


def update_message(stub: SlackStub, args: Args) -> Args:
    channel_ref = require_arg(args, "channel")
    channel = stub.workspace.channels.get(channel_ref)
    if channel is None:
        raise ApiError("channel_not_found", f"no channel with ID {channel_ref!r}")
    ts = require_arg(args, "ts")
    message = channel.find_message(ts)
    if message is None:
        raise ApiError("message_not_found", f"no message {ts} in {channel.id}")
    if message.user != BOT_USER_ID:
        raise ApiError("cant_update_message", "only the bot's own messages can be updated")
    text, blocks = message_content(args)
    message.text = text
    message.blocks = blocks
    message.edited_ts = stub.workspace.next_ts()
    return {"channel": channel.id, "ts": ts, "text": text, "message": message.to_api()}


def post_ephemeral(stub: SlackStub, args: Args) -> Args:
    channel = channel_for_bot(stub, require_arg(args, "channel"))
    user_id = require_arg(args, "user")
    if user_id not in channel.members:
        raise ApiError("user_not_in_channel", f"user {user_id} is not in {channel.id}")
    text, blocks = message_content(args)
    message_ts = stub.workspace.next_ts()
    channel.ephemeral.append(
        EphemeralMessage(
            user=user_id,
            text=text,
            blocks=blocks,
            message_ts=message_ts,
            thread_ts=args.get("thread_ts") or None,
        )
    )
    return {"message_ts": message_ts}


def get_permalink(stub: SlackStub, args: Args) -> Args:
    channel_ref = require_arg(args, "channel")
    channel = stub.workspace.channels.get(channel_ref)
    if channel is None:
        raise ApiError("channel_not_found", f"no channel with ID {channel_ref!r}")
    ts = require_arg(args, "message_ts")
    message = channel.find_message(ts)
    if message is None:
        raise ApiError("message_not_found", f"no message {ts} in {channel.id}")
    permalink = f"{stub.base_url}/archives/{channel.id}/p{ts.replace('.', '')}"
    if message.thread_ts and message.thread_ts != message.ts:
        permalink += f"?thread_ts={message.thread_ts}&cid={channel.id}"
    return {"channel": channel.id, "permalink": permalink}


METHODS: dict[str, MethodHandler] = {
    "chat.postMessage": post_message,
    "chat.update": update_message,
    "chat.postEphemeral": post_ephemeral,
    "chat.getPermalink": get_permalink,
}
