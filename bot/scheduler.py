"""APScheduler 3.x jobs of the bot, registered under stable ids in the app's event loop."""

import logging
from datetime import UTC, timedelta
from typing import TYPE_CHECKING

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.services.digest_job import digest_job_id
from bot.storage.tables import ItemKind

if TYPE_CHECKING:
    from bot.deps import Deps

log = logging.getLogger(__name__)

HEARTBEAT_JOB_ID = "vendor-heartbeat"
HEARTBEAT_INTERVAL_SECONDS = 60
RETENTION_JOB_ID = "retention-purge"
RETENTION_INTERVAL = timedelta(hours=6)
# The first purge waits until start-up work (migrations, first polls) is done.
RETENTION_FIRST_RUN_DELAY = timedelta(minutes=5)
SLA_REMINDERS_JOB_ID = "sla-reminders"
SLA_REMINDERS_INTERVAL_SECONDS = 60
HOME_REFRESH_JOB_ID = "home-refresh"
HOME_REFRESH_INTERVAL_SECONDS = 30
# Spread the first polls of the kinds of one vendor, so they do not all start in one second.
FIRST_RUN_STAGGER_SECONDS = 2


def poll_job_id(vendor_id: str, kind: ItemKind) -> str:
    """Return the stable job id of one vendor's poll of one item kind."""
    return f"poll:{vendor_id}:{kind.value}"


def poll_interval_seconds(deps: "Deps", kind: ItemKind) -> int:
    """Return the configured poll interval of `kind`, in seconds."""
    polling = deps.settings.polling
    intervals = {
        ItemKind.ONLINE_INQUIRY: polling.online_inquiry_seconds,
        ItemKind.CALL_CENTER_INQUIRY: polling.call_center_inquiry_seconds,
        ItemKind.RETURN_REQUEST: polling.return_request_seconds,
        ItemKind.EXCHANGE_REQUEST: polling.exchange_request_seconds,
    }
    return intervals[kind]


def build_scheduler(deps: "Deps") -> AsyncIOScheduler:
    """Build the scheduler: polls, heartbeat, purge, reminders, digests, App Home.

    Jobs never overlap themselves (`max_instances=1`) and missed runs collapse into one
    (`coalesce`). The poller serialises the kinds of one vendor, so a vendor receives one
    call at a time whatever the schedule. The scheduler is not started here.
    """
    scheduler = AsyncIOScheduler(
        timezone=UTC,
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 60},
    )
    start = deps.clock()
    for vendor_index, vendor in enumerate(deps.settings.vendors):
        for kind_index, kind in enumerate(ItemKind):
            offset = (vendor_index * len(ItemKind) + kind_index) * FIRST_RUN_STAGGER_SECONDS
            scheduler.add_job(
                deps.poller.run_poll_job,
                IntervalTrigger(seconds=poll_interval_seconds(deps, kind), timezone=UTC),
                args=[vendor.id, kind],
                id=poll_job_id(vendor.id, kind),
                name=f"poll {kind.value} of {vendor.id}",
                next_run_time=start + timedelta(seconds=offset),
                replace_existing=True,
            )
    scheduler.add_job(
        deps.retention.run_job,
        IntervalTrigger(seconds=RETENTION_INTERVAL.total_seconds(), timezone=UTC),
        id=RETENTION_JOB_ID,
        name="destroy item data past the retention period",
        next_run_time=start + RETENTION_FIRST_RUN_DELAY,
        replace_existing=True,
    )
    scheduler.add_job(
        deps.poller.run_heartbeat_job,
        IntervalTrigger(seconds=HEARTBEAT_INTERVAL_SECONDS, timezone=UTC),
        id=HEARTBEAT_JOB_ID,
        name="alert on vendors without a recent successful poll",
        replace_existing=True,
    )
    scheduler.add_job(
        deps.reminders.run_job,
        IntervalTrigger(seconds=SLA_REMINDERS_INTERVAL_SECONDS, timezone=UTC),
        id=SLA_REMINDERS_JOB_ID,
        name="post SLA reminders, escalations and overdue marks",
        replace_existing=True,
    )
    scheduler.add_job(
        deps.home.run_refresh_job,
        IntervalTrigger(seconds=HOME_REFRESH_INTERVAL_SECONDS, timezone=UTC),
        id=HOME_REFRESH_JOB_ID,
        name="publish App Home views whose items changed",
        replace_existing=True,
    )
    digest = deps.settings.digest
    for channel in deps.digest.channels():
        scheduler.add_job(
            deps.digest.run_job,
            CronTrigger(
                hour=digest.time.hour, minute=digest.time.minute, timezone=digest.time_zone
            ),
            args=[channel],
            id=digest_job_id(channel),
            name=f"post the daily digest in {channel}",
            replace_existing=True,
        )
    return scheduler
