"""The running service: health endpoints, signed Slack requests in HTTP mode, jobs, shutdown."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest

from bot.local_env import LocalEnvironment
from bot.scheduler import (
    HEARTBEAT_JOB_ID,
    HOME_REFRESH_JOB_ID,
    RETENTION_JOB_ID,
    SLA_REMINDERS_JOB_ID,
    build_scheduler,
    poll_job_id,
)
from bot.service import BotService
from bot.services.digest_job import digest_job_id
from bot.settings import SlackMode
from bot.slackstub.signed_requests import (
    build_slash_command_payload,
    post_to_app,
    sign_slash_command,
)
from bot.storage import get_vendor_state
from bot.storage.tables import ItemKind
from tests.app.conftest import OpenBot
from tests.app.helpers import VENDOR_ID, advance, poll_and_send


@pytest.fixture
async def service(open_bot: OpenBot) -> AsyncIterator[BotService]:
    async with open_bot() as deps:
        bot = BotService(deps, mode=SlackMode.HTTP, host="127.0.0.1", port=0, start_scheduler=False)
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop(grace_seconds=5)


async def get(service: BotService, path: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"http://127.0.0.1:{service.port}{path}") as response:
            return response.status, await response.text()


async def test_healthz_and_readyz_report_ok(service: BotService) -> None:
    health_status, _ = await get(service, "/healthz")
    ready_status, ready_body = await get(service, "/readyz")

    assert health_status == 200
    assert ready_status == 200
    assert '"database": true' in ready_body


async def test_readyz_fails_for_quiet_vendor(
    service: BotService, local_env: LocalEnvironment
) -> None:
    await poll_and_send(service.deps, ItemKind.ONLINE_INQUIRY)
    ready_after_poll, _ = await get(service, "/readyz")

    advance(local_env, minutes=16)
    ready_status, ready_body = await get(service, "/readyz")

    assert ready_after_poll == 200
    assert ready_status == 503
    assert VENDOR_ID in ready_body


async def test_metrics_count_polls_and_posts(
    service: BotService, local_env: LocalEnvironment
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    await poll_and_send(service.deps, ItemKind.ONLINE_INQUIRY)

    status, body = await get(service, "/metrics")

    assert status == 200
    assert 'cs_bot_polls_total{kind="online_inquiry",outcome="ok",vendor="A00012345"} 1.0' in body
    assert 'cs_bot_items_posted_total{kind="online_inquiry"} 1.0' in body
    assert "cs_bot_outbox_depth 0.0" in body


async def test_signed_help_command_is_answered(
    service: BotService, local_env: LocalEnvironment
) -> None:
    secret = local_env.environ["SLACK_SIGNING_SECRET"]
    fields = build_slash_command_payload(
        user_id="U0AGENT01", channel_id=local_env.channel_ids["inquiries"], text="help"
    )
    app_url = f"http://127.0.0.1:{service.port}"

    signed = await post_to_app(app_url, sign_slash_command(fields, signing_secret=secret))
    forged = await post_to_app(app_url, sign_slash_command(fields, signing_secret="wrong-secret"))

    assert signed.status == 200
    assert "/cs help" in signed.json()["text"]
    assert signed.json()["response_type"] == "ephemeral"
    assert forged.status == 401


async def test_stop_finishes_and_marks_not_ready(open_bot: OpenBot) -> None:
    async with open_bot() as deps:
        bot = BotService(deps, mode=SlackMode.HTTP, host="127.0.0.1", port=0)
        await bot.start()
        scheduler = bot.scheduler
        running_before_stop = scheduler is not None and scheduler.running
        # The scheduler runs each poll job once at start; wait for the first to succeed.
        for _ in range(400):
            if VENDOR_ID in deps.health.last_successful_poll:
                break
            await asyncio.sleep(0.05)
        async with deps.sessions.begin() as session:
            state_while_running = await get_vendor_state(session, VENDOR_ID)

        await bot.stop(grace_seconds=5)
        async with deps.sessions.begin() as session:
            vendor_state = await get_vendor_state(session, VENDOR_ID)

        assert running_before_stop
        assert scheduler is not None
        assert not scheduler.running
        assert deps.health.stopping
        assert deps.poller.running == set()
        assert state_while_running is not None
        assert state_while_running.lease_holder == deps.instance_id
        assert vendor_state is not None
        assert vendor_state.lease_holder is None
        with pytest.raises(aiohttp.ClientConnectionError):
            await get(bot, "/healthz")


async def test_scheduler_registers_stable_job_ids(open_bot: OpenBot) -> None:
    async with open_bot() as deps:
        scheduler = build_scheduler(deps)
        jobs = {job.id: job for job in scheduler.get_jobs()}

    expected = {poll_job_id(VENDOR_ID, kind) for kind in ItemKind}
    expected |= {HEARTBEAT_JOB_ID, RETENTION_JOB_ID, SLA_REMINDERS_JOB_ID, HOME_REFRESH_JOB_ID}
    expected |= {digest_job_id(channel) for channel in deps.digest.channels()}
    assert set(jobs) == expected
    assert jobs["poll:A00012345:online_inquiry"].trigger.interval.total_seconds() == 60
    assert jobs["poll:A00012345:return_request"].trigger.interval.total_seconds() == 300
    assert jobs["poll:A00012345:exchange_request"].args == (VENDOR_ID, ItemKind.EXCHANGE_REQUEST)


async def test_readyz_counts_polls_of_other_replicas(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    async with open_bot() as idle_replica:
        advance(local_env, minutes=16)
        stale_alone = await idle_replica.health.readiness()
        async with open_bot() as polling_replica:
            await poll_and_send(polling_replica, ItemKind.ONLINE_INQUIRY)
        after_other_polled = await idle_replica.health.readiness()

    assert stale_alone["ready"] is False
    assert stale_alone["stale_vendors"] == [VENDOR_ID]
    assert after_other_polled["ready"] is True
    assert after_other_polled["stale_vendors"] == []


@pytest.mark.parametrize(("job_seconds", "cancelled"), [(0.05, False), (60.0, True)])
async def test_stop_ends_running_job_quietly(
    open_bot: OpenBot, caplog: pytest.LogCaptureFixture, job_seconds: float, cancelled: bool
) -> None:
    started = asyncio.Event()
    finished: list[bool] = []

    async def slow_job() -> None:
        started.set()
        await asyncio.sleep(job_seconds)
        finished.append(True)

    async with open_bot() as deps:
        bot = BotService(deps, mode=SlackMode.HTTP, host="127.0.0.1", port=0)
        await bot.start()
        assert bot.scheduler is not None
        bot.scheduler.add_job(slow_job, id="slow-job")
        async with asyncio.timeout(10):
            await started.wait()

        await bot.stop(grace_seconds=0.5)
        # The executor logs a cancelled job from a done-callback, one loop iteration later.
        await asyncio.sleep(0.05)

    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    cancel_warnings = [r for r in caplog.records if r.getMessage() == "service.jobs.cancelled"]
    assert errors == []
    assert "CancelledError" not in caplog.text
    assert finished == ([] if cancelled else [True])
    assert len(cancel_warnings) == (1 if cancelled else 0)
