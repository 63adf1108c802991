"""`cs-bot run`: serve Slack (Socket Mode or HTTP) and poll Coupang until stopped."""

import argparse
import asyncio
import sys

from bot.config_errors import ConfigError
from bot.deps import open_deps
from bot.logs import configure_logging
from bot.service import serve
from bot.settings import SlackMode, load_settings

DEFAULT_PORT = 3000


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
        default="0.0.0.0",  # noqa: S104 - the server must be reachable from outside the pod
        help="address the HTTP server binds to (default: 0.0.0.0)",
    )
    parser.add_argument(
        "--log-format",
        choices=("text", "json"),
        default="text",
        help="log line format: key=value text or one JSON object per line (default: text)",
    )
    parser.set_defaults(handler=run)


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

    async def main() -> None:
        async with open_deps(settings) as deps:
            await serve(deps, mode=mode, host=args.host, port=args.port)

    asyncio.run(main())
    return 0
