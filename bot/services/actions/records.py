"""Storage steps of an action: access records, thread notes and card refreshes.

Every step takes an open session and never commits, so the caller can group an attempt's
end, its access record and its Slack work in one transaction.
"""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.privacy import mask_text
from bot.services.actions.types import ACTION_NOTE, ActionKind, Actor, Outcome
from bot.storage import (
    AccessEntry,
    DataCipher,
    OutboxKind,
    StoredItem,
    append_access_record,
    append_outbox,
)
from bot.storage.card_refresh import mark_card_outdated


async def record_access(
    session: AsyncSession,
    *,
    actor: Actor,
    action: ActionKind,
    outcome: Outcome,
    reference_id: str,
    now: datetime,
    item: StoredItem | None,
) -> None:
    """Append the access record of one action, refusal or view of unmasked data."""
    await append_access_record(
        session,
        AccessEntry(
            occurred_at=now,
            slack_user_id=actor.user_id,
            slack_team_id=actor.team_id,
            action=action.value,
            result=outcome.value,
            vendor_id=item.vendor_id if item else None,
            item_kind=item.kind.value if item else None,
            coupang_id=item.coupang_id if item else None,
            reference_id=reference_id,
        ),
    )


async def append_card_update(
    session: AsyncSession, *, cipher: DataCipher, item: StoredItem, key: str, now: datetime
) -> None:
    """Queue a re-render of the item's card; `key` makes the entry unique per action."""
    if item.slack_channel is None or item.slack_ts is None:
        return
    await mark_card_outdated(session, item.id)
    await append_outbox(
        session,
        cipher=cipher,
        kind=OutboxKind.UPDATE,
        channel=item.slack_channel,
        payload={"version": item.version},
        dedupe_key=f"action-update:{key}",
        now=now,
        item_id=item.id,
    )


async def append_action_note(
    session: AsyncSession,
    *,
    cipher: DataCipher,
    item: StoredItem,
    action: ActionKind,
    user_id: str,
    key: str,
    now: datetime,
    details: dict[str, Any],
) -> None:
    """Queue a thread note saying who did what; free text in `details` is masked first."""
    if item.slack_channel is None or item.slack_ts is None:
        return
    payload: dict[str, Any] = {
        "note": ACTION_NOTE,
        "action": action.value,
        "user": user_id,
        "at": now.isoformat(),
    }
    payload.update({name: mask_text(str(value)) for name, value in details.items()})
    await append_outbox(
        session,
        cipher=cipher,
        kind=OutboxKind.THREAD_NOTE,
        channel=item.slack_channel,
        payload=payload,
        dedupe_key=f"action-note:{key}",
        now=now,
        item_id=item.id,
    )
