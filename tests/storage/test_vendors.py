"""One replica at a time holds a vendor's poller lease; alerts are sent once per interval."""

import asyncio
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage import (
    acquire_vendor_lease,
    claim_alert,
    get_vendor_state,
    pause_vendor,
    record_poll_success,
    release_vendor_lease,
    resume_vendor,
)
from tests.storage.conftest import NOW
from tests.storage.helpers import VENDOR

TTL = timedelta(seconds=60)


async def _acquire(
    sessions: async_sessionmaker[AsyncSession], holder: str, seconds_later: int = 0
) -> bool:
    async with sessions.begin() as session:
        now = NOW + timedelta(seconds=seconds_later)
        return await acquire_vendor_lease(session, VENDOR, holder=holder, ttl=TTL, now=now)


async def test_lease_exclusive_until_expiry(sessions: async_sessionmaker[AsyncSession]) -> None:
    first = await _acquire(sessions, "replica-a")
    other_while_held = await _acquire(sessions, "replica-b", 30)
    renewed = await _acquire(sessions, "replica-a", 50)
    other_before_renewed_expiry = await _acquire(sessions, "replica-b", 100)
    other_after_expiry = await _acquire(sessions, "replica-b", 111)
    old_holder = await _acquire(sessions, "replica-a", 112)

    assert first
    assert not other_while_held
    assert renewed
    assert not other_before_renewed_expiry
    assert other_after_expiry
    assert not old_holder


async def test_concurrent_acquire_one_wins(sessions: async_sessionmaker[AsyncSession]) -> None:
    results = await asyncio.gather(*(_acquire(sessions, f"replica-{n}") for n in range(4)))
    assert sorted(results) == [False, False, False, True]


async def test_release_frees_lease(sessions: async_sessionmaker[AsyncSession]) -> None:
    await _acquire(sessions, "replica-a")
    async with sessions.begin() as session:
        wrong = await release_vendor_lease(session, VENDOR, holder="replica-b")
        right = await release_vendor_lease(session, VENDOR, holder="replica-a")

    assert not wrong
    assert right
    assert await _acquire(sessions, "replica-b", 1)


async def test_pause_resume_and_heartbeat(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions.begin() as session:
        await record_poll_success(session, VENDOR, now=NOW)
        paused = await pause_vendor(session, VENDOR, reason="http_401", now=NOW)
        paused_again = await pause_vendor(session, VENDOR, reason="http_403", now=NOW)
        state = await get_vendor_state(session, VENDOR)
        resumed = await resume_vendor(session, VENDOR)
        resumed_again = await resume_vendor(session, VENDOR)
        after = await get_vendor_state(session, VENDOR)

    assert paused
    assert not paused_again
    assert state is not None
    assert state.paused
    assert state.paused_reason == "http_401"
    assert state.last_poll_success_at == NOW
    assert resumed
    assert not resumed_again
    assert after is not None
    assert not after.paused


async def test_unknown_vendor_has_no_state(sessions: async_sessionmaker[AsyncSession]) -> None:
    async with sessions() as session:
        assert await get_vendor_state(session, "A99999999") is None


async def test_alert_once_per_interval(sessions: async_sessionmaker[AsyncSession]) -> None:
    interval = timedelta(hours=1)

    async def claim(minutes: int) -> bool:
        async with sessions.begin() as session:
            now = NOW + timedelta(minutes=minutes)
            return await claim_alert(session, VENDOR, "quiet", now=now, min_interval=interval)

    racing = await asyncio.gather(claim(0), claim(0))
    within_interval = await claim(30)
    after_interval = await claim(61)

    assert sorted(racing) == [False, True]
    assert not within_interval
    assert after_interval
