"""Liveness, readiness and metrics endpoints served by aiohttp next to the Slack transport."""

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiohttp import web

from bot.metrics import Metrics

log = logging.getLogger(__name__)

Check = Callable[[], Awaitable[bool]]


@dataclass
class HealthState:
    """Inputs of `/readyz`, set by the runner, the scheduler jobs and the transport.

    `database_ok` pings the database, and `socket_connected` is set only in Socket Mode.
    A vendor that has not had a successful poll within `max_poll_age` makes the service
    not ready, except during the first `max_poll_age` after start, before any poll could finish.
    `stored_polls` reads the last successful polls that every replica recorded in storage,
    so a replica whose vendors another replica polls stays ready.
    """

    clock: Callable[[], datetime]
    max_poll_age: timedelta
    vendors: tuple[str, ...] = ()
    database_ok: Check | None = None
    socket_connected: Check | None = None
    scheduler_running: Callable[[], bool] | None = None
    stored_polls: Callable[[], Awaitable[Mapping[str, datetime | None]]] | None = None
    stopping: bool = False
    started_at: datetime = field(init=False)
    last_successful_poll: dict[str, datetime] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.started_at = self.clock()

    def record_successful_poll(self, vendor: str) -> None:
        """Store the current time as the vendor's last successful poll."""
        self.last_successful_poll[vendor] = self.clock()

    def stale_vendors(self, stored: Mapping[str, datetime | None] | None = None) -> list[str]:
        """Return the vendors whose last successful poll is older than `max_poll_age`.

        `stored` adds the polls recorded by any replica; the newer time counts.
        """
        now = self.clock()
        stale = []
        for vendor in self.vendors:
            times = [self.started_at, self.last_successful_poll.get(vendor)]
            times.append((stored or {}).get(vendor))
            last = max(moment for moment in times if moment is not None)
            if now - last > self.max_poll_age:
                stale.append(vendor)
        return stale

    async def readiness(self) -> dict[str, object]:
        """Run every readiness check and return their results with an overall `ready` flag."""
        checks: dict[str, object] = {"stopping": self.stopping}
        checks["database"] = await _run_check(self.database_ok)
        if self.scheduler_running is not None:
            checks["scheduler"] = self.scheduler_running()
        if self.socket_connected is not None:
            checks["socket_mode"] = await _run_check(self.socket_connected)
        stored = None
        if self.stored_polls is not None and checks["database"] is True:
            try:
                stored = await self.stored_polls()
            except Exception as exc:  # the database check above already reports the cause
                log.warning("health.stored_polls.failed", extra={"error": type(exc).__name__})
        stale = self.stale_vendors(stored)
        checks["stale_vendors"] = stale
        ready = (
            not self.stopping
            and checks["database"] is True
            and checks.get("scheduler", True) is True
            and checks.get("socket_mode", True) is True
            and not stale
        )
        return {"ready": ready, **checks}


async def _run_check(check: Check | None) -> bool:
    if check is None:
        return True
    try:
        return await check()
    except Exception as exc:  # a failing probe means "not ready", whatever the cause
        log.warning("health.check.failed", extra={"error": type(exc).__name__})
        return False


def add_health_routes(web_app: web.Application, state: HealthState, metrics: Metrics) -> None:
    """Add `GET /healthz`, `GET /readyz` and `GET /metrics` to an aiohttp application."""

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        result = await state.readiness()
        return web.json_response(result, status=200 if result["ready"] else 503)

    async def metrics_endpoint(_request: web.Request) -> web.Response:
        response = web.Response(body=metrics.render())
        response.content_type = "text/plain"
        response.charset = "utf-8"
        return response

    web_app.add_routes(
        [
            web.get("/healthz", healthz),
            web.get("/readyz", readyz),
            web.get("/metrics", metrics_endpoint),
        ]
    )
