"""The stand-in's workspace: team, users, channels with messages and threads, user groups."""

import itertools
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.signature import Clock

TEAM_ID = "T0CSBOT01"
TEAM_NAME = "cs-bot stand-in"
BOT_USER_ID = "U0CSBOT01"
BOT_ID = "B0CSBOT01"


@dataclass
class User:
    """A workspace member; `team_id` differs from the workspace's for Slack Connect guests."""

    id: str
    name: str
    real_name: str
    team_id: str = TEAM_ID
    is_bot: bool = False
    tz: str = "Asia/Seoul"

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "team_id": self.team_id,
            "name": self.name,
            "real_name": self.real_name,
            "is_bot": self.is_bot,
            "deleted": False,
            "tz": self.tz,
            "profile": {
                "real_name": self.real_name,
                "display_name": self.name,
                "team": self.team_id,
            },
        }


@dataclass
class Message:
    """A message as stored in a channel; `replies` contains the thread under a parent message."""

    ts: str
    user: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    files: list[str] = field(default_factory=list)
    edited_ts: str | None = None
    replies: list["Message"] = field(default_factory=list)
    metadata: dict[str, Any] | None = None

    def to_api(self, *, include_metadata: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "type": "message",
            "user": self.user,
            "ts": self.ts,
            "text": self.text,
            "team": TEAM_ID,
        }
        if self.user == BOT_USER_ID:
            data["bot_id"] = BOT_ID
        if self.blocks:
            data["blocks"] = self.blocks
        if self.thread_ts is not None:
            data["thread_ts"] = self.thread_ts
        if self.edited_ts is not None:
            data["edited"] = {"user": self.user, "ts": self.edited_ts}
        if include_metadata and self.metadata is not None:
            data["metadata"] = self.metadata
        return data


@dataclass
class EphemeralMessage:
    """A message only `user` can see; Slack does not store these, but the stand-in does."""

    user: str
    text: str
    blocks: list[dict[str, Any]]
    message_ts: str
    thread_ts: str | None = None


@dataclass
class Channel:
    """A conversation with its members and messages (threads hang under their parent)."""

    id: str
    name: str
    is_private: bool = False
    is_ext_shared: bool = False
    members: set[str] = field(default_factory=set)
    messages: list[Message] = field(default_factory=list)
    ephemeral: list[EphemeralMessage] = field(default_factory=list)

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "is_channel": not self.is_private,
            "is_group": self.is_private,
            "is_im": False,
            "is_private": self.is_private,
            "is_member": BOT_USER_ID in self.members,
            "is_ext_shared": self.is_ext_shared,
            "is_shared": self.is_ext_shared,
            "is_archived": False,
            "num_members": len(self.members),
        }

    def find_message(self, ts: str) -> Message | None:
        """Find a top-level message or a thread reply by its `ts`."""
        for message in self.messages:
            if message.ts == ts:
                return message
            for reply in message.replies:
                if reply.ts == ts:
                    return reply
        return None

    def find_thread_root(self, ts: str) -> Message | None:
        """Find the top-level message whose thread contains `ts` (or which is `ts` itself)."""
        for message in self.messages:
            if message.ts == ts or any(reply.ts == ts for reply in message.replies):
                return message
        return None


class Workspace:
    """The users, channels and user groups the stand-in serves, plus a `ts` generator."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.users: dict[str, User] = {}
        self.channels: dict[str, Channel] = {}
        self.usergroups: dict[str, list[str]] = {}
        self._ids = itertools.count(1)
        self._last_ts = 0.0
        self.add_user(BOT_USER_ID, name="cs-bot", real_name="cs-bot", is_bot=True)

    def new_id(self, prefix: str) -> str:
        return f"{prefix}0STUB{next(self._ids):04d}"

    def next_ts(self) -> str:
        """Return a message `ts` ("seconds.micros") that is unique and increasing, like Slack's."""
        ts = max(self.clock.now(), self._last_ts + 0.000001)
        self._last_ts = ts
        return f"{ts:.6f}"

    def add_user(
        self,
        user_id: str | None = None,
        *,
        name: str,
        real_name: str | None = None,
        team_id: str = TEAM_ID,
        is_bot: bool = False,
    ) -> User:
        user = User(
            id=user_id or self.new_id("U"),
            name=name,
            real_name=real_name or name,
            team_id=team_id,
            is_bot=is_bot,
        )
        self.users[user.id] = user
        return user

    def add_channel(
        self,
        name: str,
        *,
        members: list[str] | tuple[str, ...] = (),
        bot_is_member: bool = True,
        is_private: bool = False,
        is_ext_shared: bool = False,
        channel_id: str | None = None,
    ) -> Channel:
        """Add a channel; the bot is a member unless `bot_is_member` is False."""
        channel = Channel(
            id=channel_id or self.new_id("G" if is_private else "C"),
            name=name,
            is_private=is_private,
            is_ext_shared=is_ext_shared,
            members=set(members),
        )
        if bot_is_member:
            channel.members.add(BOT_USER_ID)
        self.channels[channel.id] = channel
        return channel

    def add_usergroup(self, members: list[str], *, usergroup_id: str | None = None) -> str:
        group_id = usergroup_id or self.new_id("S")
        self.usergroups[group_id] = list(members)
        return group_id

    def resolve_channel(self, ref: str) -> Channel | None:
        """Find a channel by ID, or by name with or without `#`, as chat.postMessage accepts."""
        if ref in self.channels:
            return self.channels[ref]
        name = ref.removeprefix("#")
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        return None
