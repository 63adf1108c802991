"""Vendor state: the poller lease, the pause flag, the heartbeat and alert throttling.

Every change is one conditional UPDATE, so two replicas racing for the same vendor cannot both
succeed.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.dialect import insert_for
from bot.storage.tables import VendorAlert, VendorState


@dataclass(frozen=True, slots=True)
class VendorStatus:
    vendor_id: str
    lease_holder: str | None
    lease_expires_at: datetime | None
    paused: bool
    paused_reason: str | None
    paused_at: datetime | None
    last_poll_success_at: datetime | None


async def acquire_vendor_lease(
    session: AsyncSession, vendor_id: str, *, holder: str, ttl: timedelta, now: datetime
) -> bool:
    """Take or renew the vendor's poller lease until `now + ttl`.

    Succeeds if the lease is free, expired or already held by `holder`. Commit right after.
    """
    await _ensure_vendor_row(session, vendor_id)
    result = await session.execute(
        update(VendorState)
        .where(VendorState.vendor_id == vendor_id)
        .where(
            or_(
                VendorState.lease_holder.is_(None),
                VendorState.lease_holder == holder,
                VendorState.lease_expires_at <= now,
            )
        )
        .values(lease_holder=holder, lease_expires_at=now + ttl)
        .returning(VendorState.vendor_id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None


async def release_vendor_lease(session: AsyncSession, vendor_id: str, *, holder: str) -> bool:
    """Give up the lease if `holder` has it. Returns False otherwise."""
    result = await session.execute(
        update(VendorState)
        .where(VendorState.vendor_id == vendor_id, VendorState.lease_holder == holder)
        .values(lease_holder=None, lease_expires_at=None)
        .returning(VendorState.vendor_id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None


async def record_poll_success(session: AsyncSession, vendor_id: str, *, now: datetime) -> None:
    """Record the heartbeat that the quiet-vendor alert watches."""
    await _ensure_vendor_row(session, vendor_id)
    await session.execute(
        update(VendorState)
        .where(VendorState.vendor_id == vendor_id)
        .values(last_poll_success_at=now)
        .execution_options(synchronize_session=False)
    )


async def pause_vendor(
    session: AsyncSession, vendor_id: str, *, reason: str, now: datetime
) -> bool:
    """Pause polling (after 401/403, for example). Returns False if it was already paused."""
    await _ensure_vendor_row(session, vendor_id)
    result = await session.execute(
        update(VendorState)
        .where(VendorState.vendor_id == vendor_id, VendorState.paused.is_(False))
        .values(paused=True, paused_reason=reason, paused_at=now)
        .returning(VendorState.vendor_id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None


async def resume_vendor(session: AsyncSession, vendor_id: str) -> bool:
    """Resume polling. Returns False if the vendor was not paused."""
    result = await session.execute(
        update(VendorState)
        .where(VendorState.vendor_id == vendor_id, VendorState.paused.is_(True))
        .values(paused=False, paused_reason=None, paused_at=None)
        .returning(VendorState.vendor_id)
        .execution_options(synchronize_session=False)
    )
    return result.scalar() is not None


async def get_vendor_state(session: AsyncSession, vendor_id: str) -> VendorStatus | None:
    """Return the vendor's state, or None if it was never polled."""
    query = select(VendorState).where(VendorState.vendor_id == vendor_id)
    row = await session.scalar(query.execution_options(populate_existing=True))
    if row is None:
        return None
    return VendorStatus(
        vendor_id=row.vendor_id,
        lease_holder=row.lease_holder,
        lease_expires_at=row.lease_expires_at,
        paused=row.paused,
        paused_reason=row.paused_reason,
        paused_at=row.paused_at,
        last_poll_success_at=row.last_poll_success_at,
    )


async def claim_alert(
    session: AsyncSession, vendor_id: str, alert: str, *, now: datetime, min_interval: timedelta
) -> bool:
    """Reserve the right to send `alert` now, or return False if it went out within `min_interval`.

    The caller that gets True sends the alert. Of several replicas racing on one alert, only one
    gets True.
    """
    await _ensure_vendor_row(session, vendor_id)
    inserted = await session.execute(
        insert_for(session, VendorAlert)
        .values(vendor_id=vendor_id, alert=alert, last_sent_at=now)
        .on_conflict_do_nothing(index_elements=["vendor_id", "alert"])
        .returning(VendorAlert.vendor_id)
    )
    if inserted.scalar() is not None:
        return True
    updated = await session.execute(
        update(VendorAlert)
        .where(VendorAlert.vendor_id == vendor_id, VendorAlert.alert == alert)
        .where(VendorAlert.last_sent_at <= now - min_interval)
        .values(last_sent_at=now)
        .returning(VendorAlert.vendor_id)
        .execution_options(synchronize_session=False)
    )
    return updated.scalar() is not None


async def _ensure_vendor_row(session: AsyncSession, vendor_id: str) -> None:
    await session.execute(
        insert_for(session, VendorState)
        .values(vendor_id=vendor_id, paused=False)
        .on_conflict_do_nothing(index_elements=["vendor_id"])
    )
