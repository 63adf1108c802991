"""auth.test and the read-only lookups: conversations, users and user groups."""

from bot.slackstub.errors import ApiError
from bot.slackstub.methods_common import Args, MethodHandler, require_arg
from bot.slackstub.stub import SlackStub
from bot.slackstub.workspace import BOT_ID, BOT_USER_ID, TEAM_ID, TEAM_NAME, Channel


def auth_test(stub: SlackStub, args: Args) -> Args:
    return {
        "url": f"{stub.base_url}/",
        "team": TEAM_NAME,
        "user": "cs-bot",
        "team_id": TEAM_ID,
        "user_id": BOT_USER_ID,
        "bot_id": BOT_ID,
        "is_enterprise_install": False,
    }


def _visible_channel(stub: SlackStub, args: Args) -> Channel:
    channel_id = require_arg(args, "channel")
    channel = stub.workspace.channels.get(channel_id)
    # Slack hides private channels the bot is not in behind channel_not_found.
    if channel is None or (channel.is_private and BOT_USER_ID not in channel.members):
        raise ApiError("channel_not_found", f"no channel with ID {channel_id!r}")
    return channel


def conversations_info(stub: SlackStub, args: Args) -> Args:
    return {"channel": _visible_channel(stub, args).to_api()}


def conversations_members(stub: SlackStub, args: Args) -> Args:
    channel = _visible_channel(stub, args)
    return {"members": sorted(channel.members), "response_metadata": {"next_cursor": ""}}


def conversations_history(stub: SlackStub, args: Args) -> Args:
    """Return top-level messages newer than `oldest`, newest first, as Slack does."""
    channel = _visible_channel(stub, args)
    oldest = float(args.get("oldest") or 0)
    limit = int(args.get("limit") or 100)
    with_metadata = _flag(args.get("include_all_metadata"))
    newer = [m for m in reversed(channel.messages) if float(m.ts) > oldest][:limit]
    return {
        "messages": [message.to_api(include_metadata=with_metadata) for message in newer],
        "has_more": False,
    }


def conversations_replies(stub: SlackStub, args: Args) -> Args:
    """Return a thread's parent and its replies newer than `oldest`, oldest first."""
    channel = _visible_channel(stub, args)
    root = channel.find_thread_root(require_arg(args, "ts"))
    if root is None:
        raise ApiError("thread_not_found", f"no message {args['ts']} in {channel.id}")
    oldest = float(args.get("oldest") or 0)
    with_metadata = _flag(args.get("include_all_metadata"))
    thread = [root, *(reply for reply in root.replies if float(reply.ts) > oldest)]
    return {
        "messages": [message.to_api(include_metadata=with_metadata) for message in thread],
        "has_more": False,
    }


def _flag(value: object) -> bool:
    return value in (True, 1, "1", "true", "True")


def users_info(stub: SlackStub, args: Args) -> Args:
    user_id = require_arg(args, "user")
    user = stub.workspace.users.get(user_id)
    if user is None:
        raise ApiError("user_not_found", f"no user with ID {user_id!r}")
    return {"user": user.to_api()}


def usergroups_users_list(stub: SlackStub, args: Args) -> Args:
    group_id = require_arg(args, "usergroup")
    members = stub.workspace.usergroups.get(group_id)
    if members is None:
        raise ApiError("no_such_subteam", f"no user group with ID {group_id!r}")
    return {"users": list(members)}


METHODS: dict[str, MethodHandler] = {
    "auth.test": auth_test,
    "conversations.history": conversations_history,
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "conversations.replies": conversations_replies,
    "users.info": users_info,
    "usergroups.users.list": usergroups_users_list,
}
