"""The daily digest: figures over stored items, the Korean text and the 14-day chart.

`DigestJob.build_reports` reads the items of every configured vendor, computes the figures of
each digest channel with `compute_digests` and renders the text and the PNG chart. The
scheduler job `digest:<channel>` appends one outbox entry per channel and Korea day, and the
outbox worker uploads the chart with the text as its comment through `files_upload_v2`.
"""

import asyncio
import base64
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.privacy import mask_text
from bot.services.chart import render_series_chart
from bot.services.digest import DigestItem, compute_digests
from bot.services.digest_text import render_digest_text
from bot.settings import Settings
from bot.storage import DataCipher, OutboxKind, append_outbox
from bot.storage.tables import Item

log = logging.getLogger(__name__)

# Items created this long before `now` or earlier count only while open (for the backlog).
# The figures look back 30 Korea days plus yesterday, so 32 days cover them.
LOOKBACK = timedelta(days=32)


@dataclass(frozen=True)
class DigestReport:
    """One channel's digest: masked mrkdwn text and the chart as PNG bytes."""

    channel: str
    day: str
    text: str
    chart_png: bytes

    @property
    def chart_filename(self) -> str:
        return f"cs-digest-{self.day}.png"


def digest_job_id(channel: str) -> str:
    """Return the stable scheduler job id of one digest channel."""
    return f"digest:{channel}"


class DigestJob:
    """Build daily digests from storage and append them to the outbox."""

    def __init__(
        self,
        *,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        cipher: DataCipher,
        clock: Callable[[], datetime],
    ) -> None:
        self._settings = settings
        self._sessions = sessions
        self._cipher = cipher
        self._clock = clock

    def channels(self) -> list[str]:
        """Return the distinct digest channels of the configured vendors, in order."""
        return list(dict.fromkeys(vendor.channels.digest for vendor in self._settings.vendors))

    async def build_reports(
        self, channels: Sequence[str] | None = None, *, with_chart: bool = True
    ) -> list[DigestReport]:
        """Compute and render the digest of each channel (all digest channels by default).

        Without `with_chart`, `chart_png` is empty and no chart is drawn.
        """
        now = self._clock()
        requested_channels = list(channels) if channels is not None else self.channels()
        items = await self._digest_items(now)
        figures = compute_digests(items, now, channels=requested_channels)
        zone = self._settings.digest.time_zone
        local_now = now.astimezone(self._settings.display_zone)
        basis = f"_{local_now:%Y-%m-%d %H:%M} {local_now.tzname()} ({zone}) 기준_"
        reports = []
        for channel in requested_channels:
            channel_figures = figures[channel]
            header, _, body = mask_text(render_digest_text(channel_figures)).partition("\n")
            # The time zone is named right under the header, because the figures count Korea days.
            text = f"{header}\n{basis}\n{body}"
            chart = b""
            if with_chart:
                chart = await asyncio.to_thread(render_series_chart, channel_figures.series)
            reports.append(DigestReport(channel, channel_figures.day.isoformat(), text, chart))
        return reports

    async def run_job(self, channel: str) -> None:
        """Scheduler entry point: append the channel's digest, logging a failure."""
        try:
            appended = await self.append(channel)
        except Exception:
            log.exception("digest.failed", extra={"channel": channel})
            return
        log.info("digest.appended", extra={"channel": channel, "new": appended})

    async def append(self, channel: str) -> bool:
        """Append the channel's digest to the outbox. Returns False if today's was appended."""
        (report,) = await self.build_reports([channel])
        payload = {
            "text": report.text,
            "filename": report.chart_filename,
            "chart": base64.b64encode(report.chart_png).decode("ascii"),
        }
        async with self._sessions.begin() as session:
            entry_id = await append_outbox(
                session,
                cipher=self._cipher,
                kind=OutboxKind.DIGEST,
                channel=channel,
                payload=payload,
                dedupe_key=f"digest:{channel}:{report.day}",
                now=self._clock(),
            )
        return entry_id is not None

    async def _digest_items(self, now: datetime) -> list[DigestItem]:
        digest_channel = {vendor.id: vendor.channels.digest for vendor in self._settings.vendors}
        async with self._sessions.begin() as session:
            query = select(Item).where(
                Item.vendor_id.in_(list(digest_channel)),
                or_(Item.created_at >= now - LOOKBACK, Item.closed_at.is_(None)),
            )
            rows = list(await session.scalars(query))
            items = []
            for row in rows:
                product_name = None
                if row.display_ciphertext is not None:
                    display = self._cipher.decrypt_json(row.display_ciphertext)
                    product_name = display.get("product_name")
                overdue = row.deadline_at is not None and row.deadline_at < now
                items.append(
                    DigestItem(
                        kind=row.kind,
                        coupang_id=str(row.coupang_id),
                        created_at=row.sla_started_at or row.created_at,
                        route_channel=digest_channel[row.vendor_id],
                        status=row.status_detail or row.status,
                        first_answered_at=row.answered_at,
                        answered_by=row.answered_by,
                        closed_at=row.closed_at,
                        is_overdue=overdue,
                        product_name=product_name,
                    )
                )
        return items
