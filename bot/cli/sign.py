"""`cs-bot sign`: print the Coupang Authorization header for one request, for debugging 401s."""

import argparse
import os
import sys
from datetime import UTC, datetime

from coupang.signing import SIGNED_DATE_FORMAT, build_authorization, build_signed_message

ACCESS_KEY_VARIABLE = "COUPANG_ACCESS_KEY"
SECRET_KEY_VARIABLE = "COUPANG_SECRET_KEY"  # noqa: S105 (a variable name, not a key)


def register(subparsers: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    parser = subparsers.add_parser(
        "sign",
        help="print the Coupang Authorization header for a request",
        description=(
            f"Print the Authorization header Coupang expects for one request, signed with the "
            f"keys in {ACCESS_KEY_VARIABLE} and {SECRET_KEY_VARIABLE}. The secret key is never "
            "printed. Compare the output with a failing request to find signing mistakes."
        ),
    )
    parser.add_argument("method", metavar="METHOD", help="HTTP method, e.g. GET or PATCH")
    parser.add_argument(
        "path",
        metavar="PATH",
        help="request path starting with /v2/providers/, with an optional '?query' suffix",
    )
    parser.add_argument(
        "query",
        metavar="QUERY",
        nargs="?",
        default=None,
        help="query string exactly as sent on the wire, percent-encoded, without '?'",
    )
    parser.add_argument(
        "--date",
        type=parse_signed_date,
        default=None,
        help="signed-date in UTC as yyMMddTHHmmssZ, e.g. 250107T010203Z (default: now)",
    )
    parser.add_argument(
        "--show-message",
        action="store_true",
        help="also print the signed string (date + method + path + query) to standard error",
    )
    parser.set_defaults(handler=run)


def parse_signed_date(value: str) -> datetime:
    """Parse a `yyMMddTHHmmssZ` signed-date as an aware UTC datetime."""
    try:
        return datetime.strptime(value, SIGNED_DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid signed-date {value!r}: expected yyMMddTHHmmssZ, e.g. 250107T010203Z"
        ) from None


def run(args: argparse.Namespace) -> int:
    access_key = os.environ.get(ACCESS_KEY_VARIABLE, "")
    secret_key = os.environ.get(SECRET_KEY_VARIABLE, "")
    missing = [
        name
        for name, value in ((ACCESS_KEY_VARIABLE, access_key), (SECRET_KEY_VARIABLE, secret_key))
        if not value
    ]
    if missing:
        print(f"error: set {' and '.join(missing)} to sign requests", file=sys.stderr)
        return 2

    path, query = split_path_and_query(args.path, args.query)
    signed_at = args.date or datetime.now(UTC)
    try:
        header = build_authorization(args.method, path, query, access_key, secret_key, signed_at)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2

    if args.show_message:
        signed_date = signed_at.strftime(SIGNED_DATE_FORMAT)
        print(build_signed_message(args.method, path, query, signed_date), file=sys.stderr)
    print(f"Authorization: {header}")
    return 0


def split_path_and_query(path: str, query: str | None) -> tuple[str, str]:
    """Return (path, query), splitting a `?query` suffix off `path` when no QUERY is given."""
    if "?" in path and query is None:
        path, _, query = path.partition("?")
    return path, (query or "").removeprefix("?")
