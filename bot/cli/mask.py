"""`cs-bot mask`: mask personal data in UTF-8 text from standard input, line by line."""

import argparse
import io
import os
import sys

from bot.privacy.masking import mask_text


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "mask",
        help="mask personal data in text read from standard input",
        description=(
            "Read UTF-8 text from standard input and write it to standard output with personal "
            "data masked, one line at a time and flushed after each line. Invalid UTF-8 bytes "
            "are replaced with U+FFFD."
        ),
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    del args
    source = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace", newline="")
    sink = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        for line in source:
            sink.write(mask_text(line))
            sink.flush()
    except BrokenPipeError:
        # The reader went away (`cs-bot mask | head`). Point stdout at /dev/null so the
        # interpreter's own flush at exit does not fail a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    sink.detach()
    source.detach()
    return 0
