"""Claiming an item ("I'll take it") and releasing the claim, shown on the item's card."""

from bot.config import Role
from bot.services.actions import records
from bot.services.actions.service import ActionService
from bot.services.actions.types import ActionKind, ActionResult, Actor, Outcome, new_reference_id
from bot.storage import claim_item, release_item


async def claim(service: ActionService, actor: Actor, item_id: int) -> ActionResult:
    """Claim the item for the actor. The outcome is CLAIMED_BY_OTHER if someone else has it."""
    return await _change_claim(service, actor, item_id, ActionKind.CLAIM)


async def release(service: ActionService, actor: Actor, item_id: int) -> ActionResult:
    """Release the item's claim: the claimer may release their own, a manager anyone's."""
    return await _change_claim(service, actor, item_id, ActionKind.RELEASE_CLAIM)


async def _change_claim(
    service: ActionService, actor: Actor, item_id: int, action: ActionKind
) -> ActionResult:
    reference_id = new_reference_id()
    item = await service.load_item(item_id)
    refusal = await service.refuse_unless_allowed(actor, action, item, reference_id)
    if refusal is not None:
        return refusal
    if item is None:
        return await service.finish_without_write(
            actor, action, Outcome.NOT_FOUND, reference_id, None
        )
    if action is ActionKind.RELEASE_CLAIM and item.claimed_by is None:
        return await service.finish_without_write(
            actor, action, Outcome.NOT_APPLICABLE, reference_id, item
        )
    if (
        action is ActionKind.RELEASE_CLAIM
        and item.claimed_by != actor.user_id
        and Role.MANAGER not in actor.roles
    ):
        return await service.finish_without_write(
            actor, action, Outcome.REJECTED_ROLE, reference_id, item
        )

    now = service.clock()
    async with service.sessions.begin() as session:
        if action is ActionKind.CLAIM:
            changed = await claim_item(session, item.id, user_id=actor.user_id, now=now)
        else:
            holder = item.claimed_by or actor.user_id
            changed = await release_item(session, item.id, user_id=holder)
        outcome = Outcome.DONE if changed else Outcome.CLAIMED_BY_OTHER
        await records.record_access(
            session,
            actor=actor,
            action=action,
            outcome=outcome,
            reference_id=reference_id,
            now=now,
            item=item,
        )
        if changed:
            key = f"{item.id}:{action.value}:{reference_id}"
            await records.append_card_update(
                session, cipher=service.cipher, item=item, key=key, now=now
            )
    service.on_slack_work()
    service.log_result(actor, action, outcome, reference_id, item)
    return ActionResult(outcome, action, reference_id, await service.load_item(item.id) or item)
