"""Item upserts report new, changed and unchanged states, and keep Slack references."""

import asyncio
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import (
    ChangeOutcome,
    DataCipher,
    ItemKind,
    NaiveDatetimeError,
    claim_item,
    find_item,
    get_item,
    release_item,
    upsert_item,
)
from bot.storage.tables import Item
from tests.storage.conftest import NOW
from tests.storage.helpers import CANARY_TEXT, VENDOR, snapshot, store_item

CREATED = NOW - timedelta(hours=3)


async def test_upsert_new_changed_unchanged(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    async with sessions.begin() as session:
        first = await upsert_item(session, snapshot(created_at=CREATED), cipher=cipher, now=NOW)
    later = NOW + timedelta(minutes=5)
    async with sessions.begin() as session:
        same = await upsert_item(session, snapshot(created_at=CREATED), cipher=cipher, now=later)
    answered = snapshot(status="ANSWERED", created_at=CREATED)
    async with sessions.begin() as session:
        changed = await upsert_item(session, answered, cipher=cipher, now=later)

    assert first.outcome is ChangeOutcome.NEW
    assert first.version == 1
    assert same.outcome is ChangeOutcome.UNCHANGED
    assert same.item_id == first.item_id
    assert same.version == 1
    assert changed.outcome is ChangeOutcome.CHANGED
    assert changed.item_id == first.item_id
    assert changed.version == 2
    assert changed.previous_status == "NOANSWER"
    assert changed.fingerprint != first.fingerprint


async def test_upsert_detects_display_change(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    await store_item(sessions, cipher, NOW)
    edited = snapshot(created_at=CREATED, display={"text": "수정된 문의"})
    async with sessions.begin() as session:
        change = await upsert_item(session, edited, cipher=cipher, now=NOW)
        stored = await get_item(session, change.item_id, cipher=cipher)

    assert change.outcome is ChangeOutcome.CHANGED
    assert stored is not None
    assert stored.display == {"text": "수정된 문의"}


async def test_upsert_keeps_slack_refs_and_first_seen(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    async with sessions.begin() as session:
        assert await claim_item(session, item_id, user_id="U0AGENT1", now=NOW)
    later = NOW + timedelta(hours=1)
    async with sessions.begin() as session:
        await upsert_item(
            session, snapshot(status="ANSWERED", created_at=CREATED), cipher=cipher, now=later
        )
        stored = await find_item(session, VENDOR, ItemKind.ONLINE_INQUIRY, 1001, cipher=cipher)

    assert stored is not None
    assert stored.first_seen_at == NOW
    assert stored.updated_at == later
    assert stored.claimed_by == "U0AGENT1"
    assert stored.status == "ANSWERED"
    assert stored.created_at == NOW - timedelta(hours=1)


async def test_same_coupang_id_other_kind_is_separate(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    inquiry = await store_item(sessions, cipher, NOW, 555)
    call = await store_item(sessions, cipher, NOW, 555, kind=ItemKind.CALL_CENTER_INQUIRY)
    assert inquiry != call


async def test_unique_vendor_kind_coupang_id(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    await store_item(sessions, cipher, NOW)
    duplicate = {
        "vendor_id": VENDOR,
        "kind": ItemKind.ONLINE_INQUIRY,
        "coupang_id": 1001,
        "status": "NOANSWER",
        "created_at": NOW,
        "first_seen_at": NOW,
        "updated_at": NOW,
        "route_channel": "C0OTHER",
        "version": 1,
        "state_fingerprint": "x",
    }
    with pytest.raises(IntegrityError):
        async with sessions.begin() as session:
            await session.execute(insert(Item).values(duplicate))


async def test_concurrent_upserts_create_one_row(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    async def upsert_once() -> ChangeOutcome:
        async with sessions.begin() as session:
            item = snapshot(created_at=CREATED)
            change = await upsert_item(session, item, cipher=cipher, now=NOW)
        return change.outcome

    outcomes = await asyncio.gather(upsert_once(), upsert_once())

    assert sorted(outcomes) == [ChangeOutcome.NEW, ChangeOutcome.UNCHANGED]


async def test_naive_datetime_rejected(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    naive = datetime(2026, 3, 2, 9, 30)  # noqa: DTZ001 - the naive value under test
    with pytest.raises(StatementError) as raised:
        async with sessions.begin() as session:
            await upsert_item(session, snapshot(created_at=naive), cipher=cipher, now=NOW)
    assert isinstance(raised.value.orig, NaiveDatetimeError)


async def test_datetimes_read_back_as_utc(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    seoul = datetime(2026, 3, 2, 18, 30, tzinfo=ZoneInfo("Asia/Seoul"))
    async with sessions.begin() as session:
        change = await upsert_item(session, snapshot(created_at=seoul), cipher=cipher, now=NOW)
    async with sessions() as session:
        stored = await get_item(session, change.item_id, cipher=cipher)

    assert stored is not None
    assert stored.created_at == seoul
    assert stored.created_at.utcoffset() == timedelta(0)


async def test_claim_is_exclusive(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    async with sessions.begin() as session:
        first = await claim_item(session, item_id, user_id="U0AGENT1", now=NOW)
        second = await claim_item(session, item_id, user_id="U0AGENT2", now=NOW)
        wrong_release = await release_item(session, item_id, user_id="U0AGENT2")
        release = await release_item(session, item_id, user_id="U0AGENT1")
        after_release = await claim_item(session, item_id, user_id="U0AGENT2", now=NOW)

    assert first
    assert not second
    assert not wrong_release
    assert release
    assert after_release


async def test_display_round_trips(
    sessions: async_sessionmaker[AsyncSession], cipher: DataCipher
) -> None:
    item_id = await store_item(sessions, cipher, NOW)
    async with sessions() as session:
        stored = await get_item(session, item_id, cipher=cipher)
    assert stored is not None
    assert stored.display is not None
    assert stored.display["text"] == CANARY_TEXT
