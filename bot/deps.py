"""The objects one bot process shares: storage, HTTP clients, metrics, health, poller, outbox.

`open_deps(settings)` builds them in order and closes them in reverse: one aiohttp session
for Coupang, Slack clients aimed at `SLACK_API_URL`, the engine (migrated to the newest
schema), and the services built on them. Handlers and jobs receive this object instead of
importing globals.
"""

import logging
import os
import socket
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import aiohttp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.health import HealthState
from bot.metrics import Metrics
from bot.services.digest_job import DigestJob
from bot.services.home_publisher import HomePublisher
from bot.services.outbox import OutboxWorker
from bot.services.polling import Poller
from bot.services.reminders import SlaReminderJob
from bot.services.retention import RetentionJob
from bot.services.slack_sender import DEFAULT_CHANNEL_INTERVAL, SlackSender
from bot.settings import Settings
from bot.storage import (
    DataCipher,
    create_engine,
    create_sessionmaker,
    get_vendor_state,
    load_data_cipher,
    migrate,
)
from bot.storage.key_check import verify_data_key
from coupang.client import CoupangClient
from coupang.credentials import VendorCredentials
from coupang.transport import RetryPolicy

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


@dataclass
class Deps:
    """Everything the app, the scheduler jobs and the CLI commands use."""

    settings: Settings
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    cipher: DataCipher
    http: aiohttp.ClientSession
    slack: AsyncWebClient
    coupang: dict[str, CoupangClient]
    metrics: Metrics
    health: HealthState
    clock: Clock
    instance_id: str
    sender: SlackSender
    poller: Poller
    outbox: OutboxWorker
    retention: RetentionJob
    reminders: SlaReminderJob
    digest: DigestJob
    home: HomePublisher

    async def database_reachable(self) -> bool:
        """Run `SELECT 1`; used by the readiness check."""
        async with self.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return True

    async def stored_polls(self) -> dict[str, datetime | None]:
        """Return each vendor's last successful poll recorded by any replica."""
        polls: dict[str, datetime | None] = {}
        async with self.sessions.begin() as session:
            for vendor in self.settings.vendors:
                state = await get_vendor_state(session, vendor.id)
                polls[vendor.id] = state.last_poll_success_at if state else None
        return polls


def new_instance_id() -> str:
    """Return an id for this process, unique across replicas and restarts."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@asynccontextmanager
async def open_deps(
    settings: Settings,
    *,
    clock: Clock = utc_now,
    instance_id: str | None = None,
    coupang_retry_policy: RetryPolicy | None = None,
    channel_interval: float = DEFAULT_CHANNEL_INTERVAL,
) -> AsyncIterator[Deps]:
    """Build the process's shared objects, yield them, and close them on exit.

    The database is migrated to the newest schema first, and DataKeyError is raised when the
    data key does not decrypt the newest stored rows. `clock` is the time source for
    signing, poll windows and outbox times; the demo passes the sandbox's clock.
    """
    engine = create_engine(settings.storage.database_url.get_secret_value())
    http: aiohttp.ClientSession | None = None
    try:
        await migrate(engine)
        cipher = load_data_cipher(settings.storage.data_key, settings.storage.data_dir)
        async with AsyncSession(engine) as session:
            await verify_data_key(session, cipher)
        http = aiohttp.ClientSession()
        yield _assemble(
            settings,
            engine=engine,
            cipher=cipher,
            http=http,
            clock=clock,
            instance_id=instance_id or new_instance_id(),
            coupang_retry_policy=coupang_retry_policy,
            channel_interval=channel_interval,
        )
    finally:
        if http is not None:
            await http.close()
        await engine.dispose()
        log.info("deps.closed")


def _assemble(
    settings: Settings,
    *,
    engine: AsyncEngine,
    cipher: DataCipher,
    http: aiohttp.ClientSession,
    clock: Clock,
    instance_id: str,
    coupang_retry_policy: RetryPolicy | None,
    channel_interval: float,
) -> Deps:
    sessions = create_sessionmaker(engine)
    metrics = Metrics()

    token = settings.slack.bot_token.get_secret_value()
    # Listener calls may wait out a 429; the outbox's client must not, so it can reschedule.
    app_client = AsyncWebClient(
        token=token,
        base_url=settings.slack.api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
        ],
    )
    outbox_client = AsyncWebClient(token=token, base_url=settings.slack.api_url)

    clients = {
        vendor.id: CoupangClient(
            http,
            VendorCredentials(
                vendor_id=vendor.id, access_key=vendor.access_key, secret_key=vendor.secret_key
            ),
            base_url=settings.coupang_base_url,
            rate_per_second=vendor.rate_per_second,
            clock=clock,
            retry_policy=coupang_retry_policy,
        )
        for vendor in settings.vendors
    }
    health = HealthState(
        clock=clock,
        max_poll_age=timedelta(seconds=settings.polling.no_success_alert_seconds),
        vendors=tuple(vendor.id for vendor in settings.vendors),
    )

    sender = SlackSender(outbox_client, metrics, channel_interval=channel_interval)
    poller = Poller(
        settings=settings,
        sessions=sessions,
        cipher=cipher,
        clients=clients,
        metrics=metrics,
        health=health,
        clock=clock,
        instance_id=instance_id,
    )
    outbox = OutboxWorker(
        sessions=sessions,
        cipher=cipher,
        sender=sender,
        metrics=metrics,
        clock=clock,
        worker_id=instance_id,
        lang=settings.language,
        time_zone=settings.time_zone,
    )

    deps = Deps(
        settings=settings,
        engine=engine,
        sessions=sessions,
        cipher=cipher,
        http=http,
        slack=app_client,
        coupang=clients,
        metrics=metrics,
        health=health,
        clock=clock,
        instance_id=instance_id,
        sender=sender,
        poller=poller,
        outbox=outbox,
        retention=RetentionJob(settings=settings, sessions=sessions, clock=clock),
        reminders=SlaReminderJob(
            settings=settings,
            sessions=sessions,
            cipher=cipher,
            clients=clients,
            metrics=metrics,
            clock=clock,
        ),
        digest=DigestJob(settings=settings, sessions=sessions, cipher=cipher, clock=clock),
        home=HomePublisher(
            sessions=sessions,
            cipher=cipher,
            slack=app_client,
            clock=clock,
            lang=settings.language,
            time_zone=settings.time_zone,
        ),
    )
    health.database_ok = deps.database_reachable
    health.stored_polls = deps.stored_polls
    return deps
