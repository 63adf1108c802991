"""The Coupang write behind a Slack action, run at most once per attempt key.

The attempt is recorded and committed before any Coupang call. Coupang's state is read
before the write, so an item handled elsewhere is not written again, and read back after
it, so the action counts as done only when Coupang shows it.
"""

from datetime import timedelta

from bot.services.actions import records
from bot.services.actions.current import CurrentState, ItemNotFoundError, read_current_state
from bot.services.actions.service import ActionService
from bot.services.actions.types import ActionResult, Actor, Outcome, new_reference_id
from bot.services.actions.writes import MissingCoupangValueError, WriteAction
from bot.storage import (
    AttemptRecord,
    AttemptStart,
    AttemptState,
    StoredItem,
    attempt_key,
    finish_attempt,
    list_attempts,
    mark_item_answered,
    record_attempt,
)
from coupang.errors import (
    ApiErrorKind,
    CoupangApiError,
    CoupangAuthError,
    CoupangError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
)

# An UNKNOWN attempt is checked against Coupang again, on the next click, once it is this
# old. The margin lets a slow Coupang show a write that timed out on our side.
RECONCILE_AFTER = timedelta(minutes=2)
# A STARTED attempt this old belongs to a process that crashed: the slowest request (two
# list reads of 95 s and a write of 30 s) ends well within it.
ABANDONED_AFTER = timedelta(minutes=10)
# Errors that prove the write did not take effect. Any other failure may have reached Coupang.
_NOT_WRITTEN_ERRORS = (
    CoupangApiError,
    CoupangAuthError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
)


async def run_write(
    service: ActionService, actor: Actor, item_id: int, write: WriteAction
) -> ActionResult:
    """Run one Coupang write for the actor, at most once per attempt key."""
    reference_id = new_reference_id()
    item = await service.load_item(item_id)
    refusal = await service.refuse_unless_allowed(actor, write.kind, item, reference_id)
    if refusal is not None:
        return refusal
    if item is None or item.kind is not write.item_kind:
        outcome = Outcome.NOT_FOUND if item is None else Outcome.NOT_APPLICABLE
        return await service.finish_without_write(actor, write.kind, outcome, reference_id, item)
    wing_id = service.wing_id_for(item, actor.user_id) if write.needs_wing_id else None
    if write.needs_wing_id and wing_id is None:
        outcome = Outcome.NO_WING_ID
        return await service.finish_without_write(actor, write.kind, outcome, reference_id, item)

    start = await _start_attempt(service, actor, item, write)
    if not start.won:
        return await _reconcile_or_duplicate(
            service, actor, write, item, start, reference_id, wing_id
        )
    key = start.attempt.attempt_key
    try:
        current = await read_current_state(service.clients[item.vendor_id], item)
    except (CoupangError, ItemNotFoundError) as exc:
        return await _fail(service, actor, write, item, key, reference_id, exc, written=False)
    if current.status not in write.applicable:
        await service.refresh_item(item, current.polled)
        return await _end_attempt(
            service, actor, write, item, key, reference_id, Outcome.ALREADY_HANDLED
        )
    return await _write_and_confirm(
        service, actor, write, item, key, reference_id, current, wing_id
    )


async def _reconcile_or_duplicate(
    service: ActionService,
    actor: Actor,
    write: WriteAction,
    item: StoredItem,
    start: AttemptStart,
    reference_id: str,
    wing_id: str | None,
) -> ActionResult:
    """Report a duplicate, or settle an UNKNOWN or abandoned attempt by reading Coupang.

    An UNKNOWN attempt ended with a timeout, a 5xx or an unconfirmed read-back, and an
    abandoned STARTED attempt belongs to a crashed process, so no call is in flight. If
    Coupang now shows the write, the attempt is done. If the item still waits for the
    write, it is sent again under a new key, but only once the attempt is old enough for a
    slow Coupang to have shown it.
    """
    attempt = start.attempt
    age = service.clock() - attempt.started_at
    if attempt.state is AttemptState.STARTED and age >= ABANDONED_AFTER:
        resend_allowed = True
    elif attempt.state is AttemptState.UNKNOWN:
        resend_allowed = age >= RECONCILE_AFTER
    else:
        # A call may be in flight, or the attempt is final: done, or failed in a race.
        return await service.finish_without_write(
            actor, write.kind, Outcome.DUPLICATE, reference_id, item
        )
    try:
        current = await read_current_state(service.clients[item.vendor_id], item)
    except (CoupangError, ItemNotFoundError) as exc:
        return await service.finish_without_write(
            actor,
            write.kind,
            Outcome.COUPANG_FAILED,
            reference_id,
            item,
            error_kind=type(exc).__name__,
        )
    key = attempt.attempt_key
    if current.status not in write.applicable and write.confirmed(current):
        return await _finish_done(service, actor, write, item, key, reference_id, current)
    if current.status not in write.applicable:
        await service.refresh_item(item, current.polled)
        return await _end_attempt(
            service, actor, write, item, key, reference_id, Outcome.ALREADY_HANDLED
        )
    if not resend_allowed:
        return await service.finish_without_write(
            actor, write.kind, Outcome.DUPLICATE, reference_id, item
        )

    async with service.sessions.begin() as session:
        released = await finish_attempt(
            session, key, state=AttemptState.FAILED, now=service.clock(), coupang_code="not_applied"
        )
    retry = await _start_attempt(service, actor, item, write) if released else None
    if retry is None or not retry.won:
        return await service.finish_without_write(
            actor, write.kind, Outcome.DUPLICATE, reference_id, item
        )
    return await _write_and_confirm(
        service, actor, write, item, retry.attempt.attempt_key, reference_id, current, wing_id
    )


async def _start_attempt(
    service: ActionService, actor: Actor, item: StoredItem, write: WriteAction
) -> AttemptStart:
    """Record a new attempt of the write on the item, unless an earlier attempt blocks it.

    An attempt that is started or unknown blocks every request for the same item and action,
    whatever modal or command it comes from, so one of them is settled before anything is
    written again. A done attempt blocks the same submission (view id) and, for a write that
    is not repeatable, every request. A failed attempt left nothing in Coupang and blocks
    nothing. The new key names the attempt before it, so requests that saw the same history
    race for one key and only one of them wins.
    """
    action = write.kind.value
    async with service.sessions.begin() as session:
        earlier = await list_attempts(session, item_id=item.id, action=action)
        blocking = _blocking_attempt(earlier, write)
        if blocking is not None:
            return AttemptStart(won=False, attempt=blocking)
        previous_id = earlier[-1].id if earlier else 0
        return await record_attempt(
            session,
            item_id=item.id,
            action=action,
            user_id=actor.user_id,
            team_id=actor.team_id or "",
            now=service.clock(),
            view_id=write.discriminator,
            key=attempt_key(item.id, action, f"after-{previous_id}"),
        )


def _blocking_attempt(earlier: list[AttemptRecord], write: WriteAction) -> AttemptRecord | None:
    for attempt in reversed(earlier):
        if attempt.state in (AttemptState.STARTED, AttemptState.UNKNOWN):
            return attempt
    for attempt in reversed(earlier):
        if attempt.state is not AttemptState.DONE:
            continue
        if not write.repeatable or attempt.view_id == write.discriminator:
            return attempt
    return None


async def _write_and_confirm(
    service: ActionService,
    actor: Actor,
    write: WriteAction,
    item: StoredItem,
    key: str,
    reference_id: str,
    current: CurrentState,
    wing_id: str | None,
) -> ActionResult:
    client = service.clients[item.vendor_id]
    try:
        await write.write(client, item, current, wing_id)
    except CoupangApiError as exc:
        # Coupang rejects a second identical reply, and the first one already counts.
        if exc.kind is not ApiErrorKind.DUPLICATE_ANSWER:
            return await _fail(service, actor, write, item, key, reference_id, exc, written=False)
    except (CoupangError, MissingCoupangValueError, ValueError) as exc:
        written = isinstance(exc, CoupangError) and not isinstance(exc, _NOT_WRITTEN_ERRORS)
        return await _fail(service, actor, write, item, key, reference_id, exc, written=written)

    try:
        after = await read_current_state(client, item)
    except (CoupangError, ItemNotFoundError):
        after = None
    if after is None or not write.confirmed(after):
        return await _end_attempt(
            service, actor, write, item, key, reference_id, Outcome.UNCONFIRMED
        )
    return await _finish_done(service, actor, write, item, key, reference_id, after)


async def _finish_done(
    service: ActionService,
    actor: Actor,
    write: WriteAction,
    item: StoredItem,
    key: str,
    reference_id: str,
    after: CurrentState,
) -> ActionResult:
    now = service.clock()
    async with service.sessions.begin() as session:
        finished = await finish_attempt(session, key, state=AttemptState.DONE, now=now)
        if not finished:
            # Another request settled this attempt first and did the rest.
            return await service.finish_without_write(
                actor, write.kind, Outcome.DUPLICATE, reference_id, item
            )
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
            cipher=service.cipher,
            item=item,
            action=write.kind,
            user_id=actor.user_id,
            key=key,
            now=now,
            details=write.note_details(),
        )
        await records.append_card_update(
            session, cipher=service.cipher, item=item, key=key, now=now
        )
    # The bot is marked as the answerer first, so the ingester adds no "answered in
    # WING" note for this change.
    await service.refresh_item(item, after.polled)
    service.on_slack_work()
    updated = await service.load_item(item.id)
    service.log_result(actor, write.kind, Outcome.DONE, reference_id, item)
    return ActionResult(Outcome.DONE, write.kind, reference_id, updated or item)


async def _end_attempt(
    service: ActionService,
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
    # NOTE: an UNKNOWN attempt is settled only by a later click (_reconcile_or_duplicate);
    # no background job checks it.
    state = AttemptState.UNKNOWN if outcome is Outcome.UNCONFIRMED else AttemptState.FAILED
    async with service.sessions.begin() as session:
        await finish_attempt(
            session, key, state=state, now=service.clock(), coupang_code=error_kind or outcome
        )
    return await service.finish_without_write(
        actor, write.kind, outcome, reference_id, item, error_kind=error_kind
    )


async def _fail(
    service: ActionService,
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
    return await _end_attempt(
        service, actor, write, item, key, reference_id, outcome, error_kind=error_kind
    )
