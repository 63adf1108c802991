"""The command-line parser exposes every command."""

from bot.cli import build_parser


def test_parser_requires_a_command() -> None:
    parser = build_parser()
    assert parser.prog == "cs-bot"
