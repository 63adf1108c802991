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
    "conversations.info": conversations_info,
    "conversations.members": conversations_members,
    "users.info": users_info,
    "usergroups.users.list": usergroups_users_list,
}
