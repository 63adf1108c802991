"""`ActionService`: the use cases behind Slack buttons, modals and `/cs`, with no Slack wording.

Every action checks the actor on the server (own workspace, role from configuration) and
appends an access record, whether it succeeds or is refused. A Coupang write runs at most
once per attempt key: the attempt is committed before the call, Coupang's state is read
before the write (an item handled elsewhere is not written again) and read back after it.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.actions import records
from bot.services.actions.current import CurrentState, ItemNotFoundError, read_current_state
from bot.services.actions.roles import RoleResolver
from bot.services.actions.types import (
    REQUIRED_ROLES,
    ActionKind,
    ActionResult,
    Actor,
    Outcome,
    new_reference_id,
)
from bot.services.actions.writes import MissingCoupangValueError, WriteAction
from bot.services.ingest import Ingester
from bot.services.normalize import PolledItem
from bot.settings import Settings
from bot.storage import (
    AttemptStart,
    AttemptState,
    DataCipher,
    StoredItem,
    finish_attempt,
    get_item,
    mark_item_answered,
    record_attempt,
)
from bot.storage.tables import Item
from coupang.client import CoupangClient
from coupang.errors import (
    ApiErrorKind,
    CoupangApiError,
    CoupangAuthError,
    CoupangError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
)

if TYPE_CHECKING:
    from bot.deps import Deps

log = logging.getLogger(__name__)

# A failed attempt (nothing reached Coupang) may be retried under a new key this many times.
MAX_ATTEMPTS_PER_ACTION = 5
# Errors that prove the write did not take effect. Any other failure may have reached Coupang.
_NOT_WRITTEN_ERRORS = (
    CoupangApiError,
    CoupangAuthError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
)


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

    async def run_write(self, actor: Actor, item_id: int, write: WriteAction) -> ActionResult:
        """Run one Coupang write for the actor, at most once per attempt key."""
        reference_id = new_reference_id()
        item = await self.load_item(item_id)
        refusal = await self.refuse_unless_allowed(actor, write.kind, item, reference_id)
        if refusal is not None:
            return refusal
        if item is None or item.kind is not write.item_kind:
            outcome = Outcome.NOT_FOUND if item is None else Outcome.NOT_APPLICABLE
            return await self.finish_without_write(actor, write.kind, outcome, reference_id, item)
        wing_id = self.wing_id_for(item, actor.user_id) if write.needs_wing_id else None
        if write.needs_wing_id and wing_id is None:
            outcome = Outcome.NO_WING_ID
            return await self.finish_without_write(actor, write.kind, outcome, reference_id, item)

        start = await self._start_attempt(actor, item, write)
        if not start.won:
            return await self.finish_without_write(
                actor, write.kind, Outcome.DUPLICATE, reference_id, item
            )
        key = start.attempt.attempt_key
        try:
            current = await read_current_state(self.clients[item.vendor_id], item)
        except (CoupangError, ItemNotFoundError) as exc:
            return await self._fail(actor, write, item, key, reference_id, exc, written=False)
        if current.status not in write.applicable:
            await self.refresh_item(item, current.polled)
            return await self._end_attempt(
                actor, write, item, key, reference_id, Outcome.ALREADY_HANDLED
            )
        return await self._write_and_confirm(
            actor, write, item, key, reference_id, current, wing_id
        )

    async def refresh_item(self, item: StoredItem, polled: PolledItem) -> None:
        """Store the state read from Coupang. The ingester queues the card update it needs."""
        await self.ingester.ingest(item.vendor_id, [polled])
        self.on_slack_work()

    async def _start_attempt(
        self, actor: Actor, item: StoredItem, write: WriteAction
    ) -> AttemptStart:
        # A failed attempt never reached Coupang, so a new click gets a fresh key. Any other
        # existing attempt (started, done, unknown) makes this request a duplicate.
        base = write.discriminator
        retry = 0
        while True:
            discriminator = base if retry == 0 else f"{base or ''}#{retry}"
            async with self.sessions.begin() as session:
                start = await record_attempt(
                    session,
                    item_id=item.id,
                    action=write.kind.value,
                    user_id=actor.user_id,
                    team_id=actor.team_id or "",
                    now=self.clock(),
                    view_id=discriminator,
                )
            retry += 1
            if start.won or start.attempt.state is not AttemptState.FAILED:
                return start
            if retry >= MAX_ATTEMPTS_PER_ACTION:
                return start

    async def _write_and_confirm(
        self,
        actor: Actor,
        write: WriteAction,
        item: StoredItem,
        key: str,
        reference_id: str,
        current: CurrentState,
        wing_id: str | None,
    ) -> ActionResult:
        client = self.clients[item.vendor_id]
        try:
            await write.write(client, item, current, wing_id)
        except CoupangApiError as exc:
            # Coupang rejects a second identical reply, and the first one already counts.
            if exc.kind is not ApiErrorKind.DUPLICATE_ANSWER:
                return await self._fail(actor, write, item, key, reference_id, exc, written=False)
        except (CoupangError, MissingCoupangValueError, ValueError) as exc:
            written = isinstance(exc, CoupangError) and not isinstance(exc, _NOT_WRITTEN_ERRORS)
            return await self._fail(actor, write, item, key, reference_id, exc, written=written)

        try:
            after = await read_current_state(client, item)
        except (CoupangError, ItemNotFoundError):
            after = None
        if after is None or not write.confirmed(after):
            return await self._end_attempt(
                actor, write, item, key, reference_id, Outcome.UNCONFIRMED
            )
        return await self._finish_done(actor, write, item, key, reference_id, after)

    async def _finish_done(
        self,
        actor: Actor,
        write: WriteAction,
        item: StoredItem,
        key: str,
        reference_id: str,
        after: CurrentState,
    ) -> ActionResult:
        now = self.clock()
        async with self.sessions.begin() as session:
            await finish_attempt(session, key, state=AttemptState.DONE, now=now)
            if write.finishes_item:
                await mark_item_answered(session, item.id, user_id=actor.user_id, now=now)
            await records.record_access(
                session,
                actor=actor,
                action=write.kind,
                outcome=Outcome.DONE,
                reference_id=reference_id,
                now=now,
                item=item,
            )
            await records.append_action_note(
                session,
                cipher=self.cipher,
                item=item,
                action=write.kind,
                user_id=actor.user_id,
                key=key,
                now=now,
                details=write.note_details(),
            )
            await records.append_card_update(
                session, cipher=self.cipher, item=item, key=key, now=now
            )
        # The bot is marked as the answerer first, so the ingester adds no "answered in
        # WING" note for this change.
        await self.refresh_item(item, after.polled)
        self.on_slack_work()
        updated = await self.load_item(item.id)
        self.log_result(actor, write.kind, Outcome.DONE, reference_id, item)
        return ActionResult(Outcome.DONE, write.kind, reference_id, updated or item)

    async def _end_attempt(
        self,
        actor: Actor,
        write: WriteAction,
        item: StoredItem,
        key: str,
        reference_id: str,
        outcome: Outcome,
        *,
        error_kind: str | None = None,
    ) -> ActionResult:
        # UNCONFIRMED stays open because the write may still show up in Coupang.
        # NOTE: nothing reconciles UNKNOWN attempts automatically yet; the poller updates
        # the card once Coupang shows the write, and list_unfinished_attempts finds them.
        state = AttemptState.UNKNOWN if outcome is Outcome.UNCONFIRMED else AttemptState.FAILED
        async with self.sessions.begin() as session:
            await finish_attempt(
                session, key, state=state, now=self.clock(), coupang_code=error_kind or outcome
            )
        return await self.finish_without_write(
            actor, write.kind, outcome, reference_id, item, error_kind=error_kind
        )

    async def _fail(
        self,
        actor: Actor,
        write: WriteAction,
        item: StoredItem,
        key: str,
        reference_id: str,
        exc: Exception,
        *,
        written: bool,
    ) -> ActionResult:
        if isinstance(exc, CoupangApiError):
            outcome, error_kind = Outcome.COUPANG_REJECTED, exc.kind.value
        elif isinstance(exc, ItemNotFoundError):
            outcome, error_kind = Outcome.NOT_FOUND, "not_listed"
        else:
            outcome, error_kind = Outcome.COUPANG_FAILED, type(exc).__name__
        if written:
            outcome = Outcome.UNCONFIRMED
        return await self._end_attempt(
            actor, write, item, key, reference_id, outcome, error_kind=error_kind
        )


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
