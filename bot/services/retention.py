"""The retention job: destroy stored item data and outbox payloads past the retention period."""

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.settings import Settings
from bot.storage import PurgeResult, purge_expired

log = logging.getLogger(__name__)


class RetentionJob:
    """Run `purge_expired` with the configured retention; the purge records itself."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], datetime],
    ) -> None:
        self._retention = timedelta(days=settings.retention.days)
        self._sessions = sessions
        self._clock = clock

    async def purge(self) -> PurgeResult:
        """Purge expired data in one transaction and return the counts."""
        async with self._sessions.begin() as session:
            return await purge_expired(session, now=self._clock(), retention=self._retention)

    async def run_job(self) -> None:
        """Scheduler entry point: purge, logging a failure instead of raising it."""
        try:
            result = await self.purge()
        except Exception:
            log.exception("retention.purge.failed")
            return
        log.info(
            "retention.purged",
            extra={"items": result.items_purged, "outbox": result.outbox_deleted},
        )
