"""The running bot: Slack transport, health server, scheduler and outbox worker, with shutdown.

`BotService.start` brings the parts up in the order that lets each one work when it starts.
`stop` takes them down in reverse order: mark not ready, stop intake, stop scheduling, let
running polls finish, let the outbox finish its batch, and close the Slack transport. The
caller then closes the shared sessions and the engine (`open_deps`).
"""

import asyncio
import logging
import signal
from contextlib import suppress

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

from bot.app import build_app, build_web_app
from bot.deps import Deps
from bot.scheduler import build_scheduler
from bot.settings import SlackMode

log = logging.getLogger(__name__)

# Time given to running polls and the outbox batch at shutdown before they are cancelled.
DEFAULT_SHUTDOWN_TIMEOUT = 25.0


class BotService:
    """One bot process serving Slack in `mode`, with health endpoints on `host:port`."""

    def __init__(
        self,
        deps: Deps,
        *,
        mode: SlackMode,
        host: str = "0.0.0.0",  # noqa: S104 - health probes and Slack reach the pod from outside
        port: int = 3000,
        start_scheduler: bool = True,
    ) -> None:
        self.deps = deps
        self.mode = mode
        self.host = host
        self.port = port
        self.start_scheduler = start_scheduler
        self.app: AsyncApp = build_app(deps.settings, deps)
        self.scheduler: AsyncIOScheduler | None = None
        self._runner: web.AppRunner | None = None
        self._socket_handler: AsyncSocketModeHandler | None = None
        self._outbox_stop = asyncio.Event()
        self._outbox_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Start the web server, the outbox worker, the scheduler and the Slack transport.

        Polling and the outbox do not need the Socket Mode connection, so they start first.
        `connect_async` retries until Slack accepts the connection, and `/readyz` reports
        not ready meanwhile.
        """
        web_app = build_web_app(self.app, self.deps, serve_slack_events=self.mode == SlackMode.HTTP)
        self._runner = web.AppRunner(web_app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = _bound_port(self._runner, self.port)

        self._outbox_task = asyncio.create_task(
            self.deps.outbox.run(self._outbox_stop), name="outbox-worker"
        )
        if self.start_scheduler:
            scheduler = build_scheduler(self.deps)
            scheduler.start()
            self.scheduler = scheduler
            self.deps.health.scheduler_running = lambda: scheduler.running

        if self.mode == SlackMode.SOCKET:
            await self._connect_socket_mode()
        log.info("service.started", extra={"mode": self.mode.value, "port": self.port})

    async def stop(self, grace_seconds: float = DEFAULT_SHUTDOWN_TIMEOUT) -> None:
        """Shut down gracefully; work not finished within `grace_seconds` is cancelled.

        Outbox entries that were not sent stay pending in storage. An entry cut off mid-send
        is looked up in Slack at the next start before it is sent again.
        """
        health = self.deps.health
        health.stopping = True
        log.info("service.stopping")

        if self._socket_handler is not None:
            await self._socket_handler.close_async()  # type: ignore[no-untyped-call]
        if self._runner is not None:
            # Stops accepting Slack requests and health probes; open requests get a grace period.
            await self._runner.shutdown()

        if self.scheduler is not None and self.scheduler.running:
            await _stop_scheduler(self.scheduler, grace_seconds)
        running = list(self.deps.poller.running)
        if running:
            _done, pending = await asyncio.wait(running, timeout=grace_seconds)
            for task in pending:
                task.cancel()

        await self.deps.poller.release_leases()
        self._outbox_stop.set()
        self.deps.outbox.wake()
        if self._outbox_task is not None:
            try:
                await asyncio.wait_for(self._outbox_task, timeout=grace_seconds)
            except TimeoutError:
                log.warning("service.outbox.cancelled")
        if self._runner is not None:
            await self._runner.cleanup()
        log.info("service.stopped")

    async def _connect_socket_mode(self) -> None:
        app_token = self.deps.settings.slack.app_token
        if app_token is None:
            raise ValueError("Socket Mode needs SLACK_APP_TOKEN (xapp-…)")
        handler = AsyncSocketModeHandler(
            self.app, app_token.get_secret_value(), web_client=self.deps.slack
        )
        self._socket_handler = handler
        # `is_connected` is a coroutine function on the aiohttp client, so it is awaited.
        self.deps.health.socket_connected = handler.client.is_connected
        await handler.connect_async()  # type: ignore[no-untyped-call]


async def serve(deps: Deps, *, mode: SlackMode, host: str, port: int) -> None:
    """Run the bot until SIGTERM or SIGINT, then shut down gracefully."""
    service = BotService(deps, mode=mode, host=host, port=port)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    # A signal during start-up (for example while Socket Mode keeps retrying) still stops
    # the process.
    starting = asyncio.create_task(service.start())
    stopping = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
        if starting.done():
            starting.result()
            await stopping
        else:
            starting.cancel()
            with suppress(asyncio.CancelledError):
                await starting
        log.info("service.signal_received")
    finally:
        stopping.cancel()
        for signum in (signal.SIGTERM, signal.SIGINT):
            with suppress(NotImplementedError, ValueError):
                loop.remove_signal_handler(signum)
        await service.stop()


async def _stop_scheduler(scheduler: AsyncIOScheduler, grace_seconds: float) -> None:
    """Stop starting jobs, let running jobs finish within `grace_seconds`, then shut down.

    APScheduler 3.x's AsyncIOExecutor cancels every running job task in `shutdown`, whatever
    `wait` is, and logs each cancellation as an ERROR with a traceback. Jobs still running
    after the grace period are cancelled anyway, and one WARNING counts them instead.
    """
    scheduler.pause()
    running = _running_job_tasks(scheduler)
    if running:
        _done, pending = await asyncio.wait(running, timeout=grace_seconds)
        if pending:
            log.warning("service.jobs.cancelled", extra={"count": len(pending)})
    # The filter stays, because the executor logs from done-callbacks that run later.
    _EXECUTOR_LOG.addFilter(_drop_cancelled_job)
    scheduler.shutdown(wait=False)


def _running_job_tasks(scheduler: AsyncIOScheduler) -> list[asyncio.Future[object]]:
    # APScheduler 3.x keeps an AsyncIOExecutor's job tasks in `_pending_futures` and has no
    # public accessor for them.
    futures: set[asyncio.Future[object]] = set()
    for executor in scheduler._executors.values():
        futures.update(getattr(executor, "_pending_futures", ()))
    return [future for future in futures if not future.done()]


_EXECUTOR_LOG = logging.getLogger("apscheduler.executors.default")


def _drop_cancelled_job(record: logging.LogRecord) -> bool:
    """Drop the executor's log lines about a job cancelled at shutdown."""
    return not (record.exc_info and isinstance(record.exc_info[1], asyncio.CancelledError))


def _bound_port(runner: web.AppRunner, requested: int) -> int:
    for address in runner.addresses:
        if isinstance(address, tuple):
            return int(address[1])
    return requested
