"""Record polled items: mask, upsert and append their Slack work in one transaction per item.

A listed record whose source fingerprint (a keyed hash of the record and of every other input
that shapes the stored item) matches the stored one is counted unchanged and skipped before
masking. The stored fingerprints of all listed records are read in one query per batch.

Slack work per change: a new open item gets one post in its route's channel; a changed item
that has a post gets a card update, plus a thread note when the change happened outside the
bot (answered in WING, approved elsewhere, withdrawn, closed by Coupang). An item first seen
already closed is stored but not posted.
"""

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.metrics import Metrics
from bot.services.display import build_display
from bot.services.normalize import ItemStatus, PolledItem
from bot.services.sla import NoSlaWindowError, deadline_for
from bot.settings import Settings
from bot.storage import (
    ChangeOutcome,
    DataCipher,
    ItemChange,
    ItemSnapshot,
    OutboxKind,
    StoredItem,
    append_outbox,
    find_item,
    put_product_name,
    upsert_item,
)
from bot.storage.items import SOURCE_FINGERPRINT_BATCH, find_source_fingerprints
from bot.storage.tables import Item, ItemKind, OutboxEntry, ProductName
from coupang.client import CoupangClient
from coupang.errors import CoupangAuthError, CoupangError, CoupangForbiddenError
from handlers.blocks import ThreadNote

log = logging.getLogger(__name__)

PRODUCT_NAME_MAX_AGE = timedelta(days=1)

# Part of every source fingerprint. Bump it when normalizing, masking or display building
# changes what the same record stores, so the next poll rebuilds every listed item once
# instead of skipping it with stale display data.
# NOTE: nothing checks that a change to `bot.privacy` or `bot.services.display` bumps this.
SOURCE_FINGERPRINT_FORMAT = 1


@dataclass
class IngestCounts:
    """How many polled items were seen, new, changed, unchanged and withdrawn."""

    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    withdrawn: int = 0


def outbox_post_key(item_id: int) -> str:
    """Return the dedupe key of an item's one channel post."""
    return f"post:{item_id}"


def thread_note_for(kind: ItemKind, status: str) -> ThreadNote | None:
    """Return the thread note for a status reached outside the bot, or None for no note."""
    if status == ItemStatus.WITHDRAWN or (
        kind == ItemKind.EXCHANGE_REQUEST and status == ItemStatus.CANCELLED
    ):
        return ThreadNote.WITHDRAWN
    if status == ItemStatus.ANSWERED:
        return ThreadNote.ANSWERED_IN_WING
    if kind == ItemKind.CALL_CENTER_INQUIRY and status == ItemStatus.CLOSED:
        return ThreadNote.AUTO_CLOSED
    if kind == ItemKind.RETURN_REQUEST and status == ItemStatus.COMPLETED:
        return ThreadNote.APPROVED_ELSEWHERE
    return None


class Ingester:
    """Store polled items and append the Slack work each change needs."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        clients: Mapping[str, CoupangClient],
        metrics: Metrics,
        clock: Callable[[], datetime],
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._cipher = cipher
        self._clients = clients
        self._metrics = metrics
        self._clock = clock
        # The deadline of a stored item follows from its SLA start and this config.
        self._sla_digest = cipher.fingerprint(settings.sla.model_dump(mode="json"))

    async def ingest(self, vendor_id: str, items: list[PolledItem]) -> IngestCounts:
        """Record each changed item in its own transaction and return the counts.

        An item whose source fingerprint matches the stored one is counted unchanged without
        masking, decrypting or a transaction of its own.
        """
        counts = IngestCounts()
        ordered = sorted(items, key=lambda polled: (polled.created_at is None, polled.coupang_id))
        stored_sources, product_names = await self._load_page_state(vendor_id, ordered)
        for item in ordered:
            product_name = await self._product_name(vendor_id, item, product_names)
            source_fingerprint = None
            if item.raw:
                source_fingerprint = self._source_fingerprint(vendor_id, item, product_name)
            stored_source = stored_sources.get((item.kind, item.coupang_id))
            if source_fingerprint is not None and source_fingerprint == stored_source:
                outcome: ChangeOutcome | None = ChangeOutcome.UNCHANGED
            else:
                outcome = await self._ingest_one(vendor_id, item, product_name, source_fingerprint)
            if outcome is None:
                continue
            counts.seen += 1
            if outcome == ChangeOutcome.NEW:
                counts.new += 1
            elif outcome == ChangeOutcome.CHANGED:
                counts.changed += 1
                counts.withdrawn += item.status == ItemStatus.WITHDRAWN
            else:
                counts.unchanged += 1
            self._metrics.items_seen.labels(
                vendor=vendor_id, kind=item.kind.value, change=outcome.value
            ).inc()
        return counts

    async def oldest_open_created_at(self, vendor_id: str, kind: ItemKind) -> datetime | None:
        """Return when the oldest stored open item of `kind` was created, or None."""
        async with self._sessions.begin() as session:
            oldest: datetime | None = await session.scalar(
                select(func.min(Item.created_at)).where(
                    Item.vendor_id == vendor_id, Item.kind == kind, Item.closed_at.is_(None)
                )
            )
        return oldest

    async def open_items_missing_from(
        self, vendor_id: str, kind: ItemKind, listed_ids: set[int]
    ) -> list[StoredItem]:
        """Return stored open items of `kind` whose Coupang id is not in `listed_ids`."""
        async with self._sessions.begin() as session:
            query = select(Item.coupang_id).where(
                Item.vendor_id == vendor_id, Item.kind == kind, Item.closed_at.is_(None)
            )
            open_ids = [cid for cid in (await session.scalars(query)) if cid not in listed_ids]
            missing = []
            for coupang_id in open_ids:
                stored = await find_item(session, vendor_id, kind, coupang_id, cipher=self._cipher)
                if stored is not None:
                    missing.append(stored)
        return missing

    async def _load_page_state(
        self, vendor_id: str, items: list[PolledItem]
    ) -> tuple[dict[tuple[ItemKind, int], str], dict[int, str]]:
        """Read the stored source fingerprints and the fresh cached product names of `items`."""
        ids_by_kind: dict[ItemKind, list[int]] = {}
        for item in items:
            if item.raw:
                ids_by_kind.setdefault(item.kind, []).append(item.coupang_id)
        product_ids = sorted(
            {
                item.seller_product_id
                for item in items
                if item.kind == ItemKind.ONLINE_INQUIRY and item.seller_product_id is not None
            }
        )
        stored_sources: dict[tuple[ItemKind, int], str] = {}
        product_names: dict[int, str] = {}
        fresh_after = self._clock() - PRODUCT_NAME_MAX_AGE
        async with self._sessions.begin() as session:
            for kind, coupang_ids in ids_by_kind.items():
                found = await find_source_fingerprints(session, vendor_id, kind, coupang_ids)
                for coupang_id, source_fingerprint in found.items():
                    stored_sources[(kind, coupang_id)] = source_fingerprint
            for start in range(0, len(product_ids), SOURCE_FINGERPRINT_BATCH):
                batch = product_ids[start : start + SOURCE_FINGERPRINT_BATCH]
                rows = await session.execute(
                    select(ProductName.seller_product_id, ProductName.name).where(
                        ProductName.seller_product_id.in_(batch),
                        ProductName.fetched_at > fresh_after,
                    )
                )
                for seller_product_id, name in rows:
                    product_names[seller_product_id] = name
        return stored_sources, product_names

    def _source_fingerprint(
        self, vendor_id: str, item: PolledItem, product_name: str | None
    ) -> str:
        """Hash the raw record and every other input of its stored state with the data key.

        The inputs leave out `now` and the stored row on purpose. Given the same inputs, the
        stored row already contains what they produce, because the first closing time and the
        first return arrival are kept from the stored row either way.
        """

        def iso(value: datetime | None) -> str | None:
            return None if value is None else value.isoformat()

        inputs: dict[str, Any] = {
            "format": SOURCE_FINGERPRINT_FORMAT,
            "kind": item.kind.value,
            "record": item.raw,
            "status": item.status.value,
            "status_detail": item.status_detail,
            "created_at": iso(item.created_at),
            "deadline_at": iso(item.deadline_at),
            "answered_at": iso(item.answered_at),
            "sla_started_at": iso(item.sla_started_at),
            "seller_product_id": item.seller_product_id,
            "product_name": product_name,
            "route_channel": self._route_channel(vendor_id, item.kind),
            "sla": self._sla_digest,
        }
        return self._cipher.fingerprint(inputs)

    async def _ingest_one(
        self,
        vendor_id: str,
        item: PolledItem,
        product_name: str | None,
        source_fingerprint: str | None,
    ) -> ChangeOutcome | None:
        now = self._clock()
        async with self._sessions.begin() as session:
            stored = await find_item(
                session, vendor_id, item.kind, item.coupang_id, cipher=self._cipher
            )
            if stored is None and not item.raw:
                return None
            snapshot = self._snapshot(vendor_id, item, stored, product_name, now)
            snapshot = replace(snapshot, source_fingerprint=source_fingerprint)
            change = await upsert_item(session, snapshot, cipher=self._cipher, now=now)
            channel = self._route_channel(vendor_id, item.kind)
            await self._append_slack_work(session, item, stored, change, channel, now)
        return change.outcome

    def _snapshot(
        self,
        vendor_id: str,
        item: PolledItem,
        stored: StoredItem | None,
        product_name: str | None,
        now: datetime,
    ) -> ItemSnapshot:
        if item.raw:
            display = build_display(item, product_name=product_name)
        else:
            # A withdrawn return is no longer listed, so its last card data is kept.
            display = dict(stored.display or {}) if stored else {}
        closed_at = None
        if item.closed:
            # Kept from the first time the item was seen closed, so repeated polls of a
            # closed item do not count as changes.
            closed_at = stored.closed_at if stored and stored.closed_at else now
        created_at = item.created_at or (stored.created_at if stored else now)
        sla_started_at = self._sla_start(item, stored)
        return ItemSnapshot(
            vendor_id=vendor_id,
            kind=item.kind,
            coupang_id=item.coupang_id,
            status=item.status.value,
            created_at=created_at,
            route_channel=self._route_channel(vendor_id, item.kind),
            display=display,
            status_detail=item.status_detail,
            closed_at=closed_at,
            deadline_at=self._deadline(item.kind, sla_started_at),
            answered_at=item.answered_at,
            sla_started_at=sla_started_at,
        )

    def _sla_start(self, item: PolledItem, stored: StoredItem | None) -> datetime | None:
        start = item.sla_started_at
        if (
            start is not None
            and item.kind == ItemKind.RETURN_REQUEST
            and stored is not None
            and stored.sla_started_at is not None
        ):
            # A return arrives once, so the first stored arrival time stays.
            return stored.sla_started_at
        return start

    def _deadline(self, kind: ItemKind, sla_started_at: datetime | None) -> datetime | None:
        if sla_started_at is None:
            return None
        try:
            return deadline_for(kind, sla_started_at, self._settings.sla)
        except NoSlaWindowError:
            return None

    async def _append_slack_work(
        self,
        session: AsyncSession,
        item: PolledItem,
        stored: StoredItem | None,
        change: ItemChange,
        channel: str,
        now: datetime,
    ) -> None:
        if change.outcome == ChangeOutcome.UNCHANGED:
            return
        if not item.closed:
            posted_now = await append_outbox(
                session,
                cipher=self._cipher,
                kind=OutboxKind.POST,
                channel=channel,
                payload={"version": change.version},
                dedupe_key=outbox_post_key(change.item_id),
                now=now,
                item_id=change.item_id,
            )
            if posted_now is not None:
                # The post renders the item's latest state when it is sent.
                return
        if change.outcome == ChangeOutcome.NEW or not await self._has_post(session, change):
            return

        await append_outbox(
            session,
            cipher=self._cipher,
            kind=OutboxKind.UPDATE,
            channel=channel,
            payload={"version": change.version},
            dedupe_key=f"update:{change.item_id}:{change.version}",
            now=now,
            item_id=change.item_id,
        )
        note = thread_note_for(item.kind, item.status.value)
        answered_by_bot = stored is not None and stored.answered_by is not None
        status_changed = change.previous_status != item.status.value
        if note is None or not status_changed or answered_by_bot:
            return
        await append_outbox(
            session,
            cipher=self._cipher,
            kind=OutboxKind.THREAD_NOTE,
            channel=channel,
            payload={"note": note.value, "at": now.isoformat()},
            dedupe_key=f"note:{change.item_id}:{change.version}",
            now=now,
            item_id=change.item_id,
        )

    async def _has_post(self, session: AsyncSession, change: ItemChange) -> bool:
        key = outbox_post_key(change.item_id)
        found = await session.scalar(select(OutboxEntry.id).where(OutboxEntry.dedupe_key == key))
        return found is not None

    def _route_channel(self, vendor_id: str, kind: ItemKind) -> str:
        channels = self._settings.vendor(vendor_id).channels
        routes = {
            ItemKind.ONLINE_INQUIRY: channels.inquiries,
            ItemKind.CALL_CENTER_INQUIRY: channels.call_center,
            ItemKind.RETURN_REQUEST: channels.returns,
            ItemKind.EXCHANGE_REQUEST: channels.exchanges,
        }
        return routes[kind]

    async def _product_name(
        self, vendor_id: str, item: PolledItem, cached_names: dict[int, str]
    ) -> str | None:
        """Look up the product name of a product inquiry: `cached_names`, then Coupang.

        A name fetched from Coupang is stored and added to `cached_names`, so later items of
        the same product do not fetch it again.
        """
        if item.kind != ItemKind.ONLINE_INQUIRY or item.seller_product_id is None:
            return None
        cached = cached_names.get(item.seller_product_id)
        if cached is not None:
            return cached
        now = self._clock()
        self._metrics.coupang_calls.labels(vendor=vendor_id, operation="get_seller_product").inc()
        try:
            product = await self._clients[vendor_id].get_seller_product(item.seller_product_id)
        except (CoupangAuthError, CoupangForbiddenError):
            raise
        except CoupangError as exc:
            # The card shows the product id instead; the next poll tries again.
            self._metrics.coupang_errors.labels(
                vendor=vendor_id, error_class=type(exc).__name__
            ).inc()
            log.warning(
                "product.lookup.failed",
                extra={"item_id": item.coupang_id, "error": type(exc).__name__},
            )
            return None
        name = product.display_product_name or product.seller_product_name
        if name:
            async with self._sessions.begin() as session:
                await put_product_name(
                    session, item.seller_product_id, vendor_id=vendor_id, name=name, now=now
                )
            cached_names[item.seller_product_id] = name
        return name
