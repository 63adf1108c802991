"""`cs-bot run --http` as a real process: serves health, polls, and stops cleanly on SIGTERM."""

import asyncio
import os
import signal
import socket
import sys

import aiohttp

from bot.cli.run import resolve_host
from bot.local_env import LocalEnvironment
from bot.settings import SlackMode

STARTUP_ATTEMPTS = 200


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def wait_for_health(port: int) -> int | None:
    """Return the first /healthz status, or None if the server never responded."""
    async with aiohttp.ClientSession() as session:
        for _ in range(STARTUP_ATTEMPTS):
            try:
                async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                    return response.status
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
    return None


async def test_run_serves_and_stops_on_sigterm(local_env: LocalEnvironment) -> None:
    local_env.sandbox.state.add_product_inquiry()
    port = free_port()
    environ = {**os.environ, **local_env.environ}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        "import sys; from bot.cli import main; sys.exit(main())",
        "run",
        "--http",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        env=environ,
        cwd=str(local_env.workdir),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        health = await wait_for_health(port)
        for _ in range(STARTUP_ATTEMPTS):
            if local_env.slack.calls("chat.postMessage"):
                break
            await asyncio.sleep(0.1)
        process.send_signal(signal.SIGTERM)
        async with asyncio.timeout(30):
            _, stderr = await process.communicate()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

    log_text = stderr.decode()
    assert health == 200
    assert len(local_env.slack.messages(local_env.channel_ids["inquiries"])) == 1
    assert process.returncode == 0
    assert "msg=service.signal_received" in log_text
    assert "msg=service.stopped" in log_text
    assert local_env.environ["CS_BOT_SANDBOX_SECRET_KEY_0"] not in log_text


def test_health_host_defaults_by_mode() -> None:
    assert resolve_host(None, SlackMode.SOCKET) == "127.0.0.1"
    assert resolve_host(None, SlackMode.HTTP) == "0.0.0.0"  # noqa: S104 - the HTTP default
    assert resolve_host("192.0.2.10", SlackMode.SOCKET) == "192.0.2.10"
