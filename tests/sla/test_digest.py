"""The daily digest end to end: stored items, figures, the chart upload and the job ids."""

import asyncio
import struct
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main
from bot.local_env import LocalEnvironment
from bot.scheduler import build_scheduler
from bot.services.digest_job import digest_job_id
from bot.storage.tables import ItemKind
from coupang.sandbox import SandboxState
from coupang.sandbox.clock import SandboxClock
from tests.app.conftest import OpenBot
from tests.app.helpers import advance, poll_and_send, quiet_sandbox

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A Thursday morning in Korea, so "yesterday" in the digest is a fixed day.
START = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))


@pytest.fixture
def sandbox_state() -> SandboxState:
    return quiet_sandbox(clock=SandboxClock(START))


def png_size(content: bytes) -> tuple[int, int]:
    """Return (width, height) from the PNG's IHDR chunk."""
    width, height = struct.unpack(">II", content[16:24])
    return width, height


async def make_known_day(env: LocalEnvironment, open_bot: OpenBot) -> None:
    """Create three product inquiries and one return, answer one in WING, then move a day on.

    One process polls both times, because a new process would wait for the first one's
    vendor lease to expire.
    """
    state = env.sandbox.state
    answered = state.add_product_inquiry()
    state.add_product_inquiry()
    state.add_product_inquiry()
    state.add_return()
    async with open_bot() as deps:
        await poll_and_send(deps)
        advance(env, minutes=1)
        state.answer_product_inquiry(answered.inquiry_id, "오늘 출고됩니다.")
        await poll_and_send(deps, ItemKind.ONLINE_INQUIRY)
    advance(env, hours=24)


async def test_digest_posts_figures_and_chart(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    await make_known_day(local_env, open_bot)
    channel = local_env.channel_ids["inquiries"]

    async with open_bot() as deps:
        appended = await deps.digest.append(channel)
        appended_again = await deps.digest.append(channel)
        await deps.outbox.drain()

    assert appended
    assert not appended_again
    messages = [m for m in local_env.slack.messages(channel) if m.files]
    assert len(messages) == 1
    text = messages[0].text
    assert "*신규* 상품 문의 3" in text
    assert "반품 1" in text
    assert "*답변* 상품 문의 1" in text
    assert "1/3" in text
    assert "*기한 초과* 상품 문의 2" in text
    lines = text.split("\n")
    assert lines[0] == "*일일 리포트 · 2026-12-03 (목)*"
    assert lines[1] == "_2026-12-04 10:01 KST (Asia/Seoul) 기준_"
    uploaded = local_env.slack.surfaces.files[messages[0].files[0]]
    assert uploaded.content is not None
    assert uploaded.content.startswith(PNG_SIGNATURE)
    assert png_size(uploaded.content) == (1200, 600)
    assert len(local_env.slack.calls("files.completeUploadExternal")) == 1


async def test_scheduler_registers_digest_job(
    local_env: LocalEnvironment, open_bot: OpenBot
) -> None:
    channel = local_env.channel_ids["inquiries"]
    async with open_bot() as deps:
        scheduler = build_scheduler(deps)
        job = scheduler.get_job(digest_job_id(channel))

    assert digest_job_id(channel) == f"digest:{channel}"
    assert job is not None
    assert job.args == (channel,)
    assert str(job.trigger.timezone) == "Asia/Seoul"
    assert "hour='9'" in str(job.trigger)
    assert "minute='0'" in str(job.trigger)


async def test_cli_prints_digest_and_chart(
    local_env: LocalEnvironment,
    open_bot: OpenBot,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await make_known_day(local_env, open_bot)
    for name, value in local_env.environ.items():
        monkeypatch.setenv(name, value)
    output_dir = tmp_path / "digest-out"

    at = local_env.sandbox.state.clock.now().isoformat()
    arguments = ["digest", "--print", "--output-dir", str(output_dir), "--at", at]

    exit_code = await asyncio.to_thread(main, arguments)

    assert exit_code == 0
    printed = capsys.readouterr().out
    channel = local_env.channel_ids["inquiries"]
    assert f"# {channel}" in printed
    assert "*신규* 상품 문의 3" in printed
    charts = sorted(output_dir.glob("*.png"))
    assert len(charts) == 1
    assert f"chart: {charts[0]}" in printed
    assert png_size(charts[0].read_bytes()) == (1200, 600)
    texts = sorted(output_dir.glob("*.txt"))
    assert len(texts) == 1
    assert "*답변* 상품 문의 1" in texts[0].read_text(encoding="utf-8")
    assert local_env.slack.calls("files.completeUploadExternal") == []
