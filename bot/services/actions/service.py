"""`ActionService`: the shared steps of Slack actions (actor, checks, records), no Slack wording.

Every action checks the actor on the server (own workspace, role from configuration) and
appends an access record, whether it succeeds or is rejected. `runner.run_write` runs the
Coupang writes; `claims`, `customer` and `replies` contain the other use cases.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.actions import records
from bot.services.actions.roles import RoleResolver
from bot.services.actions.types import (
    REQUIRED_ROLES,
    ActionKind,
    ActionResult,
    Actor,
    Outcome,
)
from bot.services.ingest import Ingester
from bot.services.normalize import PolledItem
from bot.settings import Settings
from bot.storage import (
    DataCipher,
    StoredItem,
    get_item,
)
from bot.storage.tables import Item
from coupang.client import CoupangClient

if TYPE_CHECKING:
    from bot.deps import Deps

log = logging.getLogger(__name__)


class ActionService:
    """Authorise, run and record the actions of Slack users on items."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        clients: Mapping[str, CoupangClient],
        ingester: Ingester,
        roles: RoleResolver,
        clock: Callable[[], datetime],
        on_slack_work: Callable[[], None] = lambda: None,
    ) -> None:
        """`on_slack_work` is called after a commit that queued Slack work in the outbox."""
        self.settings = settings
        self.sessions = sessions
        self.cipher = cipher
        self.clients = clients
        self.ingester = ingester
        self.roles = roles
        self.clock = clock
        self.on_slack_work = on_slack_work

    async def resolve_actor(
        self, *, user_id: str, team_id: str | None, app_team_id: str | None
    ) -> Actor:
        """Build the actor with the roles configured for the user."""
        roles = await self.roles.roles_of(user_id)
        return Actor(user_id=user_id, team_id=team_id, app_team_id=app_team_id, roles=roles)

    async def load_item(self, item_id: int) -> StoredItem | None:
        async with self.sessions.begin() as session:
            return await get_item(session, item_id, cipher=self.cipher)

    async def find_items_by_coupang_id(self, coupang_id: int) -> list[StoredItem]:
        """Return the stored items with this Coupang id, across vendors and kinds."""
        async with self.sessions.begin() as session:
            ids = list(await session.scalars(select(Item.id).where(Item.coupang_id == coupang_id)))
            found = [await get_item(session, item_id, cipher=self.cipher) for item_id in ids]
        return [item for item in found if item is not None]

    async def list_open_items(self, limit: int) -> tuple[list[StoredItem], int]:
        """Return up to `limit` open items, nearest deadline first, and the total count."""
        query = (
            select(Item.id)
            .where(Item.closed_at.is_(None), Item.purged_at.is_(None))
            .order_by(Item.deadline_at.is_(None), Item.deadline_at, Item.created_at)
        )
        async with self.sessions.begin() as session:
            ids = list(await session.scalars(query))
            found = [
                await get_item(session, item_id, cipher=self.cipher) for item_id in ids[:limit]
            ]
        return [item for item in found if item is not None], len(ids)

    def wing_id_for(self, item: StoredItem, user_id: str) -> str | None:
        """Return the WING id that signs a write by this user on this item.

        The user's own id from `[wing_users]` comes first. Without one, the vendor's
        `wing_user` is used, because configuring it declares a shared team account. The
        thread note and access record still name the Slack user.
        """
        return self.settings.wing_user_for(item.vendor_id, user_id)

    async def refuse_unless_allowed(
        self, actor: Actor, action: ActionKind, item: StoredItem | None, reference_id: str
    ) -> ActionResult | None:
        """Return a recorded refusal if the actor may not take `action`, else None."""
        if actor.is_external:
            outcome = Outcome.REJECTED_TEAM
        elif REQUIRED_ROLES[action] not in actor.roles:
            outcome = Outcome.REJECTED_ROLE
        else:
            return None
        return await self.finish_without_write(actor, action, outcome, reference_id, item)

    async def finish_without_write(
        self,
        actor: Actor,
        action: ActionKind,
        outcome: Outcome,
        reference_id: str,
        item: StoredItem | None,
        *,
        error_kind: str | None = None,
    ) -> ActionResult:
        """Record an action that ends without a Coupang write, and return its result."""
        async with self.sessions.begin() as session:
            await records.record_access(
                session,
                actor=actor,
                action=action,
                outcome=outcome,
                reference_id=reference_id,
                now=self.clock(),
                item=item,
            )
        self.log_result(actor, action, outcome, reference_id, item, error_kind)
        return ActionResult(outcome, action, reference_id, item, error_kind)

    def log_result(
        self,
        actor: Actor,
        action: ActionKind,
        outcome: Outcome,
        reference_id: str,
        item: StoredItem | None,
        error_kind: str | None = None,
    ) -> None:
        level = logging.INFO if outcome in (Outcome.DONE, Outcome.DUPLICATE) else logging.WARNING
        log.log(
            level,
            "action.finished",
            extra={
                "action": action.value,
                "outcome": outcome.value,
                "reference_id": reference_id,
                "user": actor.user_id,
                "team": actor.team_id,
                "item_id": item.id if item else None,
                "coupang_id": item.coupang_id if item else None,
                "error": error_kind,
            },
        )

    async def refresh_item(self, item: StoredItem, polled: PolledItem) -> None:
        """Store the state read from Coupang. The ingester queues the card update it needs."""
        await self.ingester.ingest(item.vendor_id, [polled])
        self.on_slack_work()


def build_action_service(deps: "Deps") -> ActionService:
    """Build the action service on the process's shared objects."""
    ingester = Ingester(
        settings=deps.settings,
        sessions=deps.sessions,
        cipher=deps.cipher,
        clients=deps.coupang,
        metrics=deps.metrics,
        clock=deps.clock,
    )
    return ActionService(
        settings=deps.settings,
        sessions=deps.sessions,
        cipher=deps.cipher,
        clients=deps.coupang,
        ingester=ingester,
        roles=RoleResolver(deps.settings.roles, deps.slack),
        clock=deps.clock,
        on_slack_work=deps.outbox.wake,
    )
