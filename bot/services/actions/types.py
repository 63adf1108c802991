"""Types shared by the Slack actions: who acts, which action, and what came of it."""

import secrets
from dataclasses import dataclass, field
from enum import StrEnum

from bot.config import Role
from bot.storage import StoredItem


class ActionKind(StrEnum):
    """An action a Slack user can take on an item; the value is stored in access records."""

    REPLY_ONLINE_INQUIRY = "reply_online_inquiry"
    REPLY_CALL_CENTER = "reply_call_center"
    CONFIRM_TRANSFER = "confirm_transfer"
    CONFIRM_RETURN_RECEIPT = "confirm_return_receipt"
    APPROVE_RETURN = "approve_return"
    RELEASE_STOPPED = "release_stopped"
    RELEASE_ALREADY_SHIPPED = "release_already_shipped"
    CONFIRM_EXCHANGE_RECEIPT = "confirm_exchange_receipt"
    REJECT_EXCHANGE = "reject_exchange"
    CLAIM = "claim"
    RELEASE_CLAIM = "release_claim"
    SHOW_CUSTOMER = "show_customer"
    OPEN_REPLY = "open_reply"
    LIST_PENDING = "list_pending"
    SHOW_ROUTES = "show_routes"


# The role each action needs. Refunds and rejections need a manager; unmasking needs the
# separate `unmask` right, which no other role implies.
REQUIRED_ROLES: dict[ActionKind, Role] = {
    ActionKind.REPLY_ONLINE_INQUIRY: Role.AGENT,
    ActionKind.REPLY_CALL_CENTER: Role.AGENT,
    ActionKind.CONFIRM_TRANSFER: Role.AGENT,
    ActionKind.CONFIRM_RETURN_RECEIPT: Role.AGENT,
    ActionKind.APPROVE_RETURN: Role.MANAGER,
    ActionKind.RELEASE_STOPPED: Role.AGENT,
    ActionKind.RELEASE_ALREADY_SHIPPED: Role.AGENT,
    ActionKind.CONFIRM_EXCHANGE_RECEIPT: Role.AGENT,
    ActionKind.REJECT_EXCHANGE: Role.MANAGER,
    ActionKind.CLAIM: Role.AGENT,
    ActionKind.RELEASE_CLAIM: Role.AGENT,
    ActionKind.SHOW_CUSTOMER: Role.UNMASK,
    ActionKind.OPEN_REPLY: Role.AGENT,
    ActionKind.LIST_PENDING: Role.AGENT,
    ActionKind.SHOW_ROUTES: Role.ADMIN,
}


class Outcome(StrEnum):
    """Result of an action; stored as the access record's `result`."""

    DONE = "done"
    DUPLICATE = "duplicate"
    ALREADY_HANDLED = "already_handled"
    REJECTED_ROLE = "rejected_role"
    REJECTED_TEAM = "rejected_team"
    NO_WING_ID = "no_wing_id"
    NOT_FOUND = "not_found"
    NOT_APPLICABLE = "not_applicable"
    CLAIMED_BY_OTHER = "claimed_by_other"
    COUPANG_REJECTED = "coupang_rejected"
    COUPANG_FAILED = "coupang_failed"
    UNCONFIRMED = "unconfirmed"


# `note` value of the outbox payload of a thread note about an action taken in Slack.
ACTION_NOTE = "action"

REFUSALS = frozenset({Outcome.REJECTED_ROLE, Outcome.REJECTED_TEAM, Outcome.NO_WING_ID})


def new_reference_id() -> str:
    """Return a short id that the user sees and the log and access record repeat."""
    return secrets.token_hex(4)


@dataclass(frozen=True, slots=True)
class Actor:
    """The Slack user who clicked or typed, with the roles resolved for them on the server.

    `team_id` is the user's own workspace; `app_team_id` is the workspace the app is
    installed in. They differ for Slack Connect users from another organisation.
    """

    user_id: str
    team_id: str | None
    app_team_id: str | None
    roles: frozenset[Role]

    @property
    def is_external(self) -> bool:
        return self.team_id is None or self.team_id != self.app_team_id


@dataclass(frozen=True, slots=True)
class ActionResult:
    """Outcome of one action. `error_kind` is Coupang's classified error for COUPANG_REJECTED."""

    outcome: Outcome
    action: ActionKind
    reference_id: str
    item: StoredItem | None = None
    error_kind: str | None = None
    details: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.DONE
