"""Command-line entry point: `cs-bot <command>`.

Each command lives in its own module under `bot.cli` and exposes `register(subparsers)`,
which adds its parser and sets `handler` to a function taking the parsed arguments and
returning the process exit code.
"""

import argparse
import importlib
import sys
from collections.abc import Callable

COMMAND_MODULES = (
    "run",
    "demo",
    "poll",
    "check",
    "sign",
    "sandbox",
    "mask",
    "audit",
    "digest",
)

Handler = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cs-bot", description="Slack bot for a Coupang seller's customer-service team."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"bot.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"bot.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    handler: Handler = args.handler
    return handler(args)
