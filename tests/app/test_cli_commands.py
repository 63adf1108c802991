"""`cs-bot check` and `cs-bot poll --once` against the sandbox and the Slack stand-in."""

import asyncio
import socket
from pathlib import Path

import pytest

from bot.cli import main
from bot.cli.check import CheckResult, run_checks
from bot.cli.poll import poll_once
from bot.local_env import LocalEnvironment
from bot.settings import load_settings
from bot.slackstub.workspace import BOT_USER_ID
from bot.storage.crypto import generate_data_key
from tests.app.helpers import VENDOR_ID


def failures(results: list[CheckResult]) -> dict[str, str]:
    return {result.name: result.detail for result in results if not result.ok}


async def test_check_passes_on_working_setup(local_env: LocalEnvironment) -> None:
    results = await run_checks(local_env.settings)

    assert failures(results) == {}
    names = [result.name for result in results]
    assert "slack auth.test" in names
    assert f"coupang {VENDOR_ID}" in names
    assert len([name for name in names if name.startswith("slack channel")]) == 5


async def test_check_explains_wrong_secret(local_env: LocalEnvironment) -> None:
    local_env.sandbox.state.vendor(VENDOR_ID).secret_key = "changed-in-wing"

    failed = failures(await run_checks(local_env.settings))

    assert list(failed) == [f"coupang {VENDOR_ID}"]
    assert "secret key does not match" in failed[f"coupang {VENDOR_ID}"]


async def test_check_explains_ip_not_allowed(local_env: LocalEnvironment) -> None:
    local_env.sandbox.state.vendor(VENDOR_ID).allowed_ips = frozenset({"192.0.2.7"})

    failed = failures(await run_checks(local_env.settings))

    assert "IP address not allowed" in failed[f"coupang {VENDOR_ID}"]


async def test_check_explains_channel_without_bot(local_env: LocalEnvironment) -> None:
    returns_channel = local_env.channel_ids["returns"]
    local_env.slack.workspace.channels[returns_channel].members.discard(BOT_USER_ID)

    failed = failures(await run_checks(local_env.settings))

    assert list(failed) == [f"slack channel {returns_channel}"]
    assert "the bot is not in #cs-returns" in failed[f"slack channel {returns_channel}"]
    assert "/invite" in failed[f"slack channel {returns_channel}"]


async def test_check_explains_invalid_token(local_env: LocalEnvironment) -> None:
    environ = {**local_env.environ, "SLACK_BOT_TOKEN": "xoxb-not-the-stand-in-token"}

    failed = failures(await run_checks(load_settings(environ)))

    assert "bot token is invalid" in failed["slack auth.test"]


async def test_poll_once_posts_and_summarises(local_env: LocalEnvironment) -> None:
    local_env.sandbox.state.add_product_inquiry()
    local_env.sandbox.state.add_return()

    summaries, report = await poll_once(local_env.settings)

    assert [summary.outcome for summary in summaries] == ["ok", "ok", "ok", "ok"]
    assert report.sent == 2
    assert report.pending == 0
    assert report.failed == 0
    assert report.complete
    assert "online_inquiry: ok, seen 1, new 1" in summaries[0].describe()
    assert len(local_env.slack.calls("chat.postMessage")) == 2


def test_check_reports_missing_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "CS_BOT_CONFIG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("COUPANG_VENDOR_ID", raising=False)
    monkeypatch.chdir(tmp_path)

    exit_code = main(["check"])

    error = capsys.readouterr().err
    assert exit_code == 2
    assert "SLACK_BOT_TOKEN: missing" in error
    assert "COUPANG_VENDOR_ID: missing" in error


def closed_loopback_url() -> str:
    """Return an http URL on 127.0.0.1 at a port that was free a moment ago."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    return f"http://127.0.0.1:{port}/api/"


async def test_poll_once_fails_when_slack_unreachable(
    local_env: LocalEnvironment,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    for name, value in local_env.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("SLACK_API_URL", closed_loopback_url())
    monkeypatch.chdir(tmp_path)

    # The command runs its own event loop, so it runs in a thread while this loop serves the
    # Coupang sandbox.
    exit_code = await asyncio.to_thread(main, ["poll", "--once"])

    output = capsys.readouterr().out
    assert exit_code == 1
    assert "outbox: 0 Slack call(s) sent, 1 left pending, 0 failed" in output
    assert local_env.slack.calls("chat.postMessage") == []


async def test_poll_once_rejects_changed_data_key(
    local_env: LocalEnvironment,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    local_env.sandbox.state.add_product_inquiry()
    await poll_once(local_env.settings)
    for name, value in local_env.environ.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("CS_BOT_DATA_KEY", generate_data_key())
    monkeypatch.chdir(tmp_path)

    exit_code = await asyncio.to_thread(main, ["poll", "--once"])

    error = capsys.readouterr().err
    assert exit_code == 2
    assert "invalid configuration:" in error
    assert "CS_BOT_DATA_KEY: the data key does not decrypt the newest stored" in error
    assert "Traceback" not in error


async def test_check_reports_changed_data_key(local_env: LocalEnvironment) -> None:
    local_env.sandbox.state.add_product_inquiry()
    await poll_once(local_env.settings)
    environ = {**local_env.environ, "CS_BOT_DATA_KEY": generate_data_key()}

    failed = failures(await run_checks(load_settings(environ)))

    assert list(failed) == ["data key"]
    assert "does not decrypt the newest stored" in failed["data key"]


async def test_check_reports_refused_connection(local_env: LocalEnvironment) -> None:
    closed_origin = closed_loopback_url().removesuffix("/api/")
    environ = {**local_env.environ, "COUPANG_BASE_URL": closed_origin}

    failed = failures(await run_checks(load_settings(environ)))

    assert list(failed) == [f"coupang {VENDOR_ID}"]
    assert failed[f"coupang {VENDOR_ID}"].startswith("could not connect to Coupang")
