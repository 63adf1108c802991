"""`cs-bot run`: serve Slack (Socket Mode or HTTP) and poll Coupang until stopped."""

import argparse
import asyncio
import sys

from bot.config_errors import ConfigError
from bot.deps import open_deps
from bot.logs import configure_logging
from bot.service import serve
from bot.settings import SlackMode, load_settings
from bot.storage import DataKeyError

DEFAULT_PORT = 3000
# Socket Mode needs no inbound Slack traffic, so the health server binds loopback unless
# --host is given. HTTP mode must receive Slack's requests from outside the pod.
SOCKET_MODE_HOST = "127.0.0.1"
HTTP_MODE_HOST = "0.0.0.0"  # noqa: S104 - Slack and probes reach the pod from outside


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the bot until SIGTERM or SIGINT",
        description=(
            "Run the bot: receive Slack requests, poll Coupang on schedule and send the "
            "Slack messages. Socket Mode is used unless --http is given or CS_BOT_SLACK_MODE "
            "is http. /healthz, /readyz and /metrics are served on the port in both modes."
        ),
    )
    parser.add_argument(
        "--http",
        action="store_true",
        help="receive Slack requests over HTTP at POST /slack/events (needs SLACK_SIGNING_SECRET)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"TCP port of the HTTP server (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--host",
        default=None,
        help=(
            f"address the HTTP server binds to (default: {SOCKET_MODE_HOST} in Socket Mode, "
            f"{HTTP_MODE_HOST} in HTTP mode)"
        ),
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="log line format: key=value text or one JSON object per line (default: text)",
    )
    parser.set_defaults(handler=run)


def resolve_host(requested: str | None, mode: SlackMode) -> str:
    """Return the `--host` value, or the default bind address of `mode` when it is None."""
    if requested is not None:
        return requested
    return SOCKET_MODE_HOST if mode == SlackMode.SOCKET else HTTP_MODE_HOST


def run(args: argparse.Namespace) -> int:
    configure_logging(fmt=args.log_format)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    mode = SlackMode.HTTP if args.http else settings.slack.mode
    if mode == SlackMode.HTTP and settings.slack.signing_secret is None:
        print("error: HTTP mode needs SLACK_SIGNING_SECRET", file=sys.stderr)
        return 2
    if mode == SlackMode.SOCKET and settings.slack.app_token is None:
        print("error: Socket Mode needs SLACK_APP_TOKEN; or pass --http", file=sys.stderr)
        return 2

    host = resolve_host(args.host, mode)

    async def main() -> None:
        async with open_deps(settings) as deps:
            await serve(deps, mode=mode, host=host, port=args.port)

    try:
        asyncio.run(main())
    except DataKeyError as exc:
        print(ConfigError([f"environment: CS_BOT_DATA_KEY: {exc}"]), file=sys.stderr)
        return 2
    return 0
