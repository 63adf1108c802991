"""Request signing for the Coupang Wing Open API (CEA HMAC-SHA256).

The gateway recomputes the HMAC over `signed-date + METHOD + path + query`, where the query is
the raw string exactly as sent on the wire (no `?`, no sorting) and the body is not signed.
So the query is built once by `build_query`, signed, and sent byte for byte.
"""

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from urllib.parse import quote

SIGNED_DATE_FORMAT = "%y%m%dT%H%M%SZ"
ALGORITHM = "HmacSHA256"

QueryValue = str | int
QueryPairs = Mapping[str, QueryValue | None] | Iterable[tuple[str, QueryValue | None]]


def format_signed_date(moment: datetime) -> str:
    """Format an aware datetime as the UTC `yyMMdd'T'HHmmss'Z'` signed-date.

    Raises ValueError for a naive datetime, because guessing its zone is how a local-time
    signed-date (9 hours off in Korea) ends in `401 Specified signature is expired`.
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"signed-date needs an aware datetime, got naive {moment.isoformat()}")
    return moment.astimezone(UTC).strftime(SIGNED_DATE_FORMAT)


def encode_query_component(value: QueryValue) -> str:
    """Percent-encode one query key or value as UTF-8, keeping only `A-Za-z0-9-_.~` raw.

    `+` becomes `%2B` (a raw `+` would be read as a space), a space becomes `%20` and `:`
    becomes `%3A`, as Python's `urllib.parse.urlencode` and Coupang's Java sample do.
    """
    if isinstance(value, bool):
        raise TypeError("query values must be str or int, not bool")
    return quote(str(value), safe="")


def build_query(pairs: QueryPairs) -> str:
    """Build the query string (without `?`) that is both signed and sent.

    Pairs keep their order. A pair whose value is None is left out, so optional parameters
    can be passed unconditionally.
    """
    items = pairs.items() if isinstance(pairs, Mapping) else pairs
    parts = [
        f"{encode_query_component(key)}={encode_query_component(value)}"
        for key, value in items
        if value is not None
    ]
    return "&".join(parts)


def compute_hmac_sha256_hex(secret_key: str, message: str) -> str:
    """Return the lowercase hex HMAC-SHA256 of `message` under `secret_key` (both UTF-8)."""
    digest = hmac.new(secret_key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256)
    return digest.hexdigest()


def build_signed_message(method: str, path: str, query: str, signed_date: str) -> str:
    """Return the string that Coupang's gateway signs: signed-date + METHOD + path + query."""
    if not path.startswith("/") or "?" in path:
        raise ValueError(f"path must start with '/' and contain no '?': {path!r}")
    if query.startswith("?"):
        raise ValueError("query must be passed without the leading '?'")
    return f"{signed_date}{method.upper()}{path}{query}"


def build_authorization(
    method: str,
    path: str,
    query: str,
    access_key: str,
    secret_key: str,
    signed_at: datetime,
) -> str:
    """Build the `Authorization` header value for one request.

    `query` must be the exact encoded string that goes on the wire (see `build_query`).
    `signed_at` must be aware and should be the current time, because the gateway rejects
    signed-dates too far from its clock. Coupang does not publish that tolerance.
    """
    signed_date = format_signed_date(signed_at)
    message = build_signed_message(method, path, query, signed_date)
    signature = compute_hmac_sha256_hex(secret_key, message)
    return (
        f"CEA algorithm={ALGORITHM}, access-key={access_key}, "
        f"signed-date={signed_date}, signature={signature}"
    )
