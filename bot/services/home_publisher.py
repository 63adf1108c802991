"""Publish App Home views with `views.publish`, at most once per user per `min_interval`.

A user's Home is published when the user opens the tab, and again by the `home-refresh` job
when items that the user claimed or answered change (for a manager, when any item changes).
Slack rate-limits `views.publish` as a Tier 4 method (100+ calls per minute), so a request
within `min_interval` of the last publish waits and collapses with any others into one
trailing publish.
"""

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError, SlackClientError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.home import HomeData, load_home_data
from bot.storage import DataCipher
from bot.storage.tables import Item
from handlers.home_view import build_home_view
from handlers.texts import parse_lang

log = logging.getLogger(__name__)

DEFAULT_MIN_INTERVAL_SECONDS = 10.0


class HomePublisher:
    """Build and publish users' Home views, debounced per user."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        slack: AsyncWebClient,
        clock: Callable[[], datetime],
        lang: str,
        time_zone: str,
        min_interval: float = DEFAULT_MIN_INTERVAL_SECONDS,
    ) -> None:
        self._sessions = sessions
        self._cipher = cipher
        self._slack = slack
        self._clock = clock
        self._lang = parse_lang(lang)
        self._tz = ZoneInfo(time_zone)
        self.min_interval = min_interval
        # Users who opened Home in this process, with whether they see the team view.
        self._viewers: dict[str, bool] = {}
        self._last_published: dict[str, float] = {}
        self._trailing: dict[str, asyncio.Task[None]] = {}
        self._permalinks: dict[int, str] = {}
        self._checked_at: datetime | None = None

    async def opened(self, user_id: str, *, is_manager: bool) -> None:
        """Handle `app_home_opened`: remember the viewer and publish the view."""
        self._viewers[user_id] = is_manager
        await self.request(user_id)

    async def request(self, user_id: str) -> None:
        """Publish now, or once `min_interval` after the last publish if that was too recent."""
        if user_id in self._trailing:
            return
        elapsed = time.monotonic() - self._last_published.get(user_id, float("-inf"))
        if elapsed >= self.min_interval:
            await self.publish(user_id)
            return
        task = asyncio.create_task(self._publish_later(user_id, self.min_interval - elapsed))
        self._trailing[user_id] = task

    async def refresh_changed(self) -> int:
        """Request a publish for each viewer whose items changed since the last call.

        Returns the number of viewers requested. NOTE: a user who released a claim is not
        found through `claimed_by` any more, so that Home updates at the next change or open.
        """
        now = self._clock()
        since, self._checked_at = self._checked_at, now
        if since is None or not self._viewers:
            return 0
        async with self._sessions.begin() as session:
            rows = (
                await session.execute(
                    select(Item.claimed_by, Item.answered_by).where(
                        or_(
                            Item.updated_at > since,
                            Item.claimed_at > since,
                            Item.answered_at > since,
                        )
                    )
                )
            ).all()
        if not rows:
            return 0
        involved = {user for row in rows for user in row if user}
        users = [
            user for user, is_manager in self._viewers.items() if is_manager or user in involved
        ]
        for user_id in users:
            await self.request(user_id)
        return len(users)

    async def run_refresh_job(self) -> None:
        """Scheduler entry point of `refresh_changed`, logging a failure instead of raising it."""
        try:
            await self.refresh_changed()
        except Exception:
            log.exception("home.refresh.failed")

    async def wait_idle(self) -> None:
        """Wait for the trailing publishes in progress."""
        while self._trailing:
            await asyncio.gather(*self._trailing.values(), return_exceptions=True)

    async def publish(self, user_id: str) -> None:
        """Build and publish the Home view of `user_id` now. A Slack error is logged."""
        self._last_published[user_id] = time.monotonic()
        now = self._clock()
        async with self._sessions.begin() as session:
            data = await load_home_data(
                session,
                cipher=self._cipher,
                user_id=user_id,
                is_manager=self._viewers.get(user_id, False),
                now=now,
                tz=self._tz,
            )
        permalinks = await self._permalinks_of(data)
        view = build_home_view(data, permalinks=permalinks, lang=self._lang, tz=self._tz, now=now)
        try:
            await self._slack.views_publish(user_id=user_id, view=view)
        except (SlackApiError, SlackClientError) as exc:
            error = exc.response.get("error") if isinstance(exc, SlackApiError) else None
            log.warning(
                "home.publish.failed", extra={"user": user_id, "error": error or type(exc).__name__}
            )

    async def _publish_later(self, user_id: str, delay: float) -> None:
        try:
            await asyncio.sleep(delay)
            await self.publish(user_id)
        except Exception:
            log.exception("home.publish.crashed", extra={"user": user_id})
        finally:
            self._trailing.pop(user_id, None)

    async def _permalinks_of(self, data: HomeData) -> dict[int, str]:
        """Return each shown item's message permalink, asking Slack once per item."""
        for item in [*data.claimed, *data.nearest, *data.answered_this_week]:
            if item.id in self._permalinks or not (item.slack_channel and item.slack_ts):
                continue
            try:
                response = await self._slack.chat_getPermalink(
                    channel=item.slack_channel, message_ts=item.slack_ts
                )
            except (SlackApiError, SlackClientError) as exc:
                log.warning(
                    "home.permalink.failed",
                    extra={"item_id": item.id, "error": type(exc).__name__},
                )
                continue
            self._permalinks[item.id] = str(response["permalink"])
        return self._permalinks
