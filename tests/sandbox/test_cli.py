"""`cs-bot sandbox`: argument checks and a real run in a subprocess on loopback."""

import argparse
import asyncio
import hashlib
import hmac
import re
import signal
import sys
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.cli import sandbox

STARTUP_LINES = 2
# Run only the sandbox command, so another command's import errors cannot fail these tests.
RUN_SANDBOX_COMMAND = (
    "import argparse, sys; from bot.cli import sandbox; "
    "parser = argparse.ArgumentParser(prog='cs-bot'); "
    "sandbox.register(parser.add_subparsers(dest='command', required=True)); "
    "args = parser.parse_args(sys.argv[1:]); raise SystemExit(args.handler(args))"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cs-bot")
    sandbox.register(parser.add_subparsers(dest="command", required=True))
    return parser


def test_parser_has_sandbox_command() -> None:
    args = build_parser().parse_args(["sandbox", "--port", "0", "--vendor-id", "C00054321"])

    assert args.port == 0
    assert args.host == "127.0.0.1"
    assert args.vendor_ids == ["C00054321"]
    assert args.rate_limit == 10
    assert args.rate_limit_cooldown == 0.0


def test_parser_rejects_bad_vendor_id(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["sandbox", "--port", "0", "--vendor-id", "12345"])

    assert "invalid vendor id '12345'" in capsys.readouterr().err


async def test_sandbox_command_serves_signed_calls() -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        RUN_SANDBOX_COMMAND,
        "sandbox",
        "--port",
        "0",
        "--seed",
        "4",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    try:
        lines = [
            (await asyncio.wait_for(process.stdout.readline(), 20)).decode()
            for _ in range(STARTUP_LINES)
        ]
        base_url = re.search(r"http://127\.0\.0\.1:\d+", lines[0])
        keys = re.search(r"access key (\S+), sandbox secret key (\w+),", lines[1])
        assert base_url is not None, lines
        assert keys is not None, lines
        status = await _signed_call(base_url.group(0), keys.group(1), keys.group(2))
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), 20)

    assert status == 200
    assert process.returncode == 0
    assert "Coupang sandbox stopped" in output.decode()


async def _signed_call(base_url: str, access_key: str, secret_key: str) -> int:
    path = "/v2/providers/openapi/apis/api/v5/vendors/A00012345/returnShippingCenters"
    query = "pageNum=1&pageSize=1"
    signed_date = datetime.now(UTC).strftime("%y%m%dT%H%M%SZ")
    message = f"{signed_date}GET{path}{query}"
    signature = hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).hexdigest()
    header = (
        f"CEA algorithm=HmacSHA256, access-key={access_key}, "
        f"signed-date={signed_date}, signature={signature}"
    )
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{base_url}{path}?{query}", headers={"Authorization": header}) as response,
    ):
        return response.status
