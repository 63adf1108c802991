"""Views (modals and App Home), trigger ids and uploaded files kept by the stand-in."""

import hashlib
import secrets
from dataclasses import dataclass, field
from typing import Any

from slack_sdk.signature import Clock

from bot.slackstub.errors import ApiError

# Slack accepts a trigger_id for about 3 seconds after it sends the interaction payload.
TRIGGER_LIFETIME_SECONDS = 3.0
# A modal stack contains at most 3 views (views.open, then views.push twice).
MAX_MODAL_STACK = 3


@dataclass
class StoredView:
    """A view as Slack returns it; `hash` changes on every update, for `views.update` checks."""

    id: str
    user_id: str
    payload: dict[str, Any]
    hash: str
    root_view_id: str
    previous_view_id: str | None = None

    def to_api(self, team_id: str) -> dict[str, Any]:
        return {
            **self.payload,
            "id": self.id,
            "team_id": team_id,
            "hash": self.hash,
            "root_view_id": self.root_view_id,
            "previous_view_id": self.previous_view_id,
            "private_metadata": self.payload.get("private_metadata", ""),
            "callback_id": self.payload.get("callback_id", ""),
            "external_id": self.payload.get("external_id", ""),
            "state": {"values": {}},
        }


@dataclass
class _Trigger:
    user_id: str
    issued_at: float
    used: bool = False


@dataclass
class UploadedFile:
    """A file reserved by files.getUploadURLExternal; `content` is set once bytes arrive."""

    id: str
    filename: str
    length: int
    content: bytes | None = None
    title: str | None = None
    channels: list[str] = field(default_factory=list)


class Surfaces:
    """Modal stacks per user, published Home views, trigger ids and files."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._triggers: dict[str, _Trigger] = {}
        self.views: dict[str, StoredView] = {}
        self.modal_stacks: dict[str, list[str]] = {}
        self.home_views: dict[str, str] = {}
        self.files: dict[str, UploadedFile] = {}
        self._counter = 0

    def next_id(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}0STUB{self._counter:04d}"

    def issue_trigger_id(self, user_id: str) -> str:
        """Issue a trigger id for `user_id`, as Slack puts one in each interaction payload."""
        self._counter += 1
        trigger_id = f"{self._counter}.{int(self._clock.now())}.{secrets.token_hex(16)}"
        self._triggers[trigger_id] = _Trigger(user_id=user_id, issued_at=self._clock.now())
        return trigger_id

    def redeem_trigger_id(self, trigger_id: str) -> str:
        """Use a trigger id once and return its user; raise Slack's error when it cannot be used.

        A used or expired trigger id gives `expired_trigger_id`, an unknown one `invalid_arguments`.
        """
        trigger = self._triggers.get(trigger_id)
        if trigger is None:
            raise ApiError("invalid_arguments", "invalid `trigger_id`")
        if trigger.used:
            raise ApiError("expired_trigger_id", "this trigger_id was already used")
        if self._clock.now() - trigger.issued_at > TRIGGER_LIFETIME_SECONDS:
            raise ApiError(
                "expired_trigger_id",
                f"this trigger_id is older than {TRIGGER_LIFETIME_SECONDS:g} s",
            )
        trigger.used = True
        return trigger.user_id

    def store_view(
        self,
        payload: dict[str, Any],
        *,
        user_id: str,
        view_id: str | None = None,
        root_view_id: str | None = None,
        previous_view_id: str | None = None,
    ) -> StoredView:
        new_id = view_id or self.next_id("V")
        view = StoredView(
            id=new_id,
            user_id=user_id,
            payload=payload,
            hash=self._view_hash(new_id),
            root_view_id=root_view_id or new_id,
            previous_view_id=previous_view_id,
        )
        self.views[view.id] = view
        return view

    def find_view(self, *, view_id: str | None, external_id: str | None) -> StoredView:
        if view_id:
            view = self.views.get(view_id)
        else:
            view = next(
                (v for v in self.views.values() if v.payload.get("external_id") == external_id),
                None,
            )
        if view is None:
            raise ApiError("not_found", f"no view with id {view_id or external_id!r}")
        return view

    def _view_hash(self, view_id: str) -> str:
        self._counter += 1
        digest = hashlib.sha256(f"{view_id}:{self._counter}".encode()).hexdigest()[:16]
        return f"{int(self._clock.now())}.{digest}"
