"""Operator alerts in each vendor's ops channel: polling paused, and no recent successful poll.

Alerts go through the outbox like every other Slack message. The payload holds only the
vendor id, the reason and times; the outbox builds the text with `handlers.blocks`.
"""

import logging
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from bot.storage import DataCipher, OutboxKind, append_outbox, claim_alert, get_vendor_state
from coupang.errors import CoupangAuthError, CoupangError
from handlers.blocks import PauseReason

log = logging.getLogger(__name__)

NO_SUCCESSFUL_POLL_ALERT = "no_successful_poll"


def pause_reason(exc: CoupangError) -> PauseReason:
    """Return why a vendor is paused: 401 is an authentication failure, 403 a refused caller.

    NOTE: a 403 "Access Denied" block page (too many calls or errors) is reported as
    IP_NOT_ALLOWED too, because the alert texts have no separate sentence for it yet.
    """
    if isinstance(exc, CoupangAuthError):
        return PauseReason.AUTH_FAILURE
    return PauseReason.IP_NOT_ALLOWED


async def append_pause_alert(
    session: AsyncSession,
    settings: Settings,
    cipher: DataCipher,
    vendor_id: str,
    *,
    reason: PauseReason,
    now: datetime,
) -> None:
    """Append the alert that `vendor_id` was paused; call it in the pausing transaction."""
    await append_outbox(
        session,
        cipher=cipher,
        kind=OutboxKind.ALERT,
        channel=settings.vendor(vendor_id).channels.ops,
        payload={"vendor_id": vendor_id, "reason": reason.value, "at": now.isoformat()},
        dedupe_key=f"alert:{vendor_id}:{reason.value}:{now.isoformat()}",
        now=now,
    )


async def alert_quiet_vendors(
    *,
    settings: Settings,
    sessions: async_sessionmaker[AsyncSession],
    cipher: DataCipher,
    now: datetime,
    started_at: datetime,
) -> list[str]:
    """Alert for each vendor without a successful poll within the configured time.

    A vendor never polled counts from `started_at`. The alert is sent at most once per
    quiet period of that length, across replicas. Returns the vendors alerted now.
    """
    limit = timedelta(seconds=settings.polling.no_success_alert_seconds)
    alerted = []
    for vendor in settings.vendors:
        async with sessions.begin() as session:
            state = await get_vendor_state(session, vendor.id)
            last = state.last_poll_success_at if state else None
            quiet_since = last or started_at
            if now - quiet_since <= limit:
                continue
            if not await claim_alert(
                session, vendor.id, NO_SUCCESSFUL_POLL_ALERT, now=now, min_interval=limit
            ):
                continue
            minutes = int((now - quiet_since).total_seconds() // 60)
            await append_outbox(
                session,
                cipher=cipher,
                kind=OutboxKind.ALERT,
                channel=vendor.channels.ops,
                payload={
                    "vendor_id": vendor.id,
                    "reason": PauseReason.NO_SUCCESSFUL_POLL.value,
                    "at": now.isoformat(),
                    "minutes": minutes,
                },
                dedupe_key=f"alert:{vendor.id}:{NO_SUCCESSFUL_POLL_ALERT}:{now.isoformat()}",
                now=now,
            )
        alerted.append(vendor.id)
        log.error("vendor.no_successful_poll", extra={"vendor": vendor.id, "minutes": minutes})
    return alerted
