"""Items: Coupang records with their masked display data, route and Slack message."""

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.crypto import DataCipher
from bot.storage.dialect import insert_for
from bot.storage.tables import Item, ItemKind

# Coupang ids per `find_source_fingerprints` query. It keeps the bound parameters far below
# SQLite's limit (32,766 since SQLite 3.32) and PostgreSQL's (65,535).
SOURCE_FINGERPRINT_BATCH = 1000


class ChangeOutcome(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class ItemSnapshot:
    """State of one Coupang record as read from a list call, with display data already masked."""

    vendor_id: str
    kind: ItemKind
    coupang_id: int
    status: str
    created_at: datetime
    route_channel: str
    display: Mapping[str, Any]
    status_detail: str | None = None
    closed_at: datetime | None = None
    deadline_at: datetime | None = None
    answered_at: datetime | None = None
    sla_started_at: datetime | None = None
    # Keyed hash of the polled record and the other ingest inputs, or None when there is no
    # record to hash (a withdrawn return that is no longer listed). Not part of the state.
    source_fingerprint: str | None = None


@dataclass(frozen=True, slots=True)
class ItemChange:
    """Result of `upsert_item`: whether the stored state is new, changed or unchanged."""

    item_id: int
    outcome: ChangeOutcome
    version: int
    previous_status: str | None
    fingerprint: str


@dataclass(frozen=True, slots=True)
class StoredItem:
    """An item as stored. `display` is None once the item has been purged."""

    id: int
    vendor_id: str
    kind: ItemKind
    coupang_id: int
    status: str
    status_detail: str | None
    created_at: datetime
    first_seen_at: datetime
    updated_at: datetime
    closed_at: datetime | None
    deadline_at: datetime | None
    route_channel: str
    slack_channel: str | None
    slack_ts: str | None
    claimed_by: str | None
    answered_at: datetime | None
    answered_by: str | None
    version: int
    state_fingerprint: str
    posted_fingerprint: str | None
    display: dict[str, Any] | None
    purged_at: datetime | None
    sla_started_at: datetime | None = None


async def upsert_item(
    session: AsyncSession, snapshot: ItemSnapshot, *, cipher: DataCipher, now: datetime
) -> ItemChange:
    """Insert the item, or update it if its state changed. The caller commits.

    Slack references, claims and `first_seen_at` are never changed here. The row is locked
    (FOR UPDATE on PostgreSQL), so a concurrent upsert of the same item waits.
    """
    fingerprint = cipher.fingerprint(_state_of(snapshot))
    key = (
        Item.vendor_id == snapshot.vendor_id,
        Item.kind == snapshot.kind,
        Item.coupang_id == snapshot.coupang_id,
    )
    existing = await session.scalar(select(Item).where(*key).with_for_update())

    if existing is None:
        item_id = await _insert_new(session, snapshot, cipher, fingerprint, now)
        if item_id is not None:
            return ItemChange(item_id, ChangeOutcome.NEW, 1, None, fingerprint)
        # Another transaction inserted the same item first, so update that row instead.
        existing = (await session.scalars(select(Item).where(*key).with_for_update())).one()

    if existing.state_fingerprint == fingerprint:
        if existing.source_fingerprint != snapshot.source_fingerprint:
            existing.source_fingerprint = snapshot.source_fingerprint
            await session.flush()
        return ItemChange(
            existing.id, ChangeOutcome.UNCHANGED, existing.version, existing.status, fingerprint
        )

    previous_status = existing.status
    existing.status = snapshot.status
    existing.status_detail = snapshot.status_detail
    existing.closed_at = snapshot.closed_at
    existing.deadline_at = snapshot.deadline_at
    existing.sla_started_at = snapshot.sla_started_at
    existing.answered_at = snapshot.answered_at or existing.answered_at
    existing.route_channel = snapshot.route_channel
    existing.display_ciphertext = cipher.encrypt_json(dict(snapshot.display))
    existing.purged_at = None
    existing.state_fingerprint = fingerprint
    existing.source_fingerprint = snapshot.source_fingerprint
    existing.version += 1
    existing.updated_at = now
    await session.flush()
    return ItemChange(
        existing.id, ChangeOutcome.CHANGED, existing.version, previous_status, fingerprint
    )


async def get_item(session: AsyncSession, item_id: int, *, cipher: DataCipher) -> StoredItem | None:
    """Return the item with this row id, or None."""
    item = await session.get(Item, item_id, populate_existing=True)
    return None if item is None else _to_stored(item, cipher)


async def find_item(
    session: AsyncSession, vendor_id: str, kind: ItemKind, coupang_id: int, *, cipher: DataCipher
) -> StoredItem | None:
    """Return the item with this Coupang id, or None."""
    query = select(Item).where(
        Item.vendor_id == vendor_id, Item.kind == kind, Item.coupang_id == coupang_id
    )
    item = await session.scalar(query.execution_options(populate_existing=True))
    return None if item is None else _to_stored(item, cipher)


async def find_source_fingerprints(
    session: AsyncSession, vendor_id: str, kind: ItemKind, coupang_ids: Collection[int]
) -> dict[int, str]:
    """Return the stored source fingerprint of each listed item that has one, by Coupang id.

    Items not stored yet, and items stored before migration 0005 and not polled since, are
    left out. Runs one query per `SOURCE_FINGERPRINT_BATCH` ids.
    """
    ids = sorted(set(coupang_ids))
    found: dict[int, str] = {}
    for start in range(0, len(ids), SOURCE_FINGERPRINT_BATCH):
        batch = ids[start : start + SOURCE_FINGERPRINT_BATCH]
        rows = await session.execute(
            select(Item.coupang_id, Item.source_fingerprint).where(
                Item.vendor_id == vendor_id,
                Item.kind == kind,
                Item.coupang_id.in_(batch),
                Item.source_fingerprint.is_not(None),
            )
        )
        for coupang_id, source_fingerprint in rows:
            if source_fingerprint is not None:
                found[coupang_id] = source_fingerprint
    return found


async def record_posted_state(session: AsyncSession, item_id: int, fingerprint: str) -> None:
    """Record which item state the Slack message now shows."""
    await session.execute(
        update(Item).where(Item.id == item_id).values(posted_fingerprint=fingerprint)
    )


async def claim_item(session: AsyncSession, item_id: int, *, user_id: str, now: datetime) -> bool:
    """Claim the item for a Slack user. Returns False if another user has claimed it."""
    result = await session.execute(
        update(Item)
        .where(Item.id == item_id, or_(Item.claimed_by.is_(None), Item.claimed_by == user_id))
        .values(claimed_by=user_id, claimed_at=now)
        .returning(Item.id)
    )
    return result.scalar() is not None


async def release_item(session: AsyncSession, item_id: int, *, user_id: str) -> bool:
    """Release the user's claim. Returns False if the user did not hold it."""
    result = await session.execute(
        update(Item)
        .where(Item.id == item_id, Item.claimed_by == user_id)
        .values(claimed_by=None, claimed_at=None)
        .returning(Item.id)
    )
    return result.scalar() is not None


async def mark_item_answered(
    session: AsyncSession, item_id: int, *, user_id: str, now: datetime
) -> None:
    """Record that a Slack user answered the item through the bot."""
    await session.execute(
        update(Item).where(Item.id == item_id).values(answered_by=user_id, answered_at=now)
    )


async def _insert_new(
    session: AsyncSession,
    snapshot: ItemSnapshot,
    cipher: DataCipher,
    fingerprint: str,
    now: datetime,
) -> int | None:
    values = {
        "vendor_id": snapshot.vendor_id,
        "kind": snapshot.kind,
        "coupang_id": snapshot.coupang_id,
        "status": snapshot.status,
        "status_detail": snapshot.status_detail,
        "created_at": snapshot.created_at,
        "first_seen_at": now,
        "updated_at": now,
        "closed_at": snapshot.closed_at,
        "deadline_at": snapshot.deadline_at,
        "sla_started_at": snapshot.sla_started_at,
        "answered_at": snapshot.answered_at,
        "route_channel": snapshot.route_channel,
        "version": 1,
        "state_fingerprint": fingerprint,
        "source_fingerprint": snapshot.source_fingerprint,
        "display_ciphertext": cipher.encrypt_json(dict(snapshot.display)),
    }
    statement = (
        insert_for(session, Item)
        .values(values)
        .on_conflict_do_nothing(index_elements=["vendor_id", "kind", "coupang_id"])
        .returning(Item.id)
    )
    return (await session.execute(statement)).scalar()


def _state_of(snapshot: ItemSnapshot) -> dict[str, Any]:
    def iso(value: datetime | None) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "status": snapshot.status,
        "status_detail": snapshot.status_detail,
        "closed_at": iso(snapshot.closed_at),
        "deadline_at": iso(snapshot.deadline_at),
        "answered_at": iso(snapshot.answered_at),
        "route_channel": snapshot.route_channel,
        "display": dict(snapshot.display),
    }


def _to_stored(item: Item, cipher: DataCipher) -> StoredItem:
    display = None
    if item.display_ciphertext is not None:
        display = cipher.decrypt_json(item.display_ciphertext)
    return StoredItem(
        id=item.id,
        vendor_id=item.vendor_id,
        kind=ItemKind(item.kind),
        coupang_id=item.coupang_id,
        status=item.status,
        status_detail=item.status_detail,
        created_at=item.created_at,
        first_seen_at=item.first_seen_at,
        updated_at=item.updated_at,
        closed_at=item.closed_at,
        deadline_at=item.deadline_at,
        route_channel=item.route_channel,
        slack_channel=item.slack_channel,
        slack_ts=item.slack_ts,
        claimed_by=item.claimed_by,
        answered_at=item.answered_at,
        answered_by=item.answered_by,
        version=item.version,
        state_fingerprint=item.state_fingerprint,
        posted_fingerprint=item.posted_fingerprint,
        display=display,
        purged_at=item.purged_at,
        sla_started_at=item.sla_started_at,
    )
