"""Request parsing and response helpers shared by the Coupang route modules."""

import json
import re
from datetime import date, datetime
from typing import Any

from aiohttp import web

from coupang.sandbox.errors import SandboxApiError
from coupang.sandbox.records import KST, Vendor
from coupang.sandbox.state import SandboxState

STATE_KEY = web.AppKey("sandbox_state", SandboxState)
VENDOR_KEY = web.RequestKey("sandbox_vendor", Vendor)

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME_SECONDS = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")
_DATETIME_MINUTES = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def json_response(body: Any, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        charset="UTF-8",
    )


def ok(
    data: Any = None, *, code: int | str = 200, message: str = "OK", **extra: Any
) -> web.Response:
    """Build Coupang's success envelope, leaving out `data` when it is None.

    Coupang's own samples send `code` as the number 200 on some endpoints and the string
    "200" on others, so each route passes the form its sample shows.
    """
    body: dict[str, Any] = {"code": code, "message": message}
    if data is not None:
        body["data"] = data
    body.update(extra)
    return json_response(body)


def state_of(request: web.Request) -> SandboxState:
    return request.app[STATE_KEY]


def vendor_of(request: web.Request) -> Vendor:
    return request[VENDOR_KEY]


def required(request: web.Request, name: str) -> str:
    """Return a required query parameter, with Spring's message when it is missing."""
    value = request.query.get(name)
    if value is None or value == "":
        raise SandboxApiError(f"Required String parameter '{name}' is not present")
    return value


def check_vendor_query(request: web.Request) -> None:
    """Reject a `vendorId` query parameter that is missing or differs from the path."""
    if request.query.get("vendorId") != request.match_info["vendorId"]:
        raise SandboxApiError("Invalid vendor ID")


def parse_int(value: str | None, name: str, *, default: int | None = None) -> int:
    if value is None or value == "":
        if default is None:
            raise SandboxApiError(f"Required parameter '{name}' is not present")
        return default
    if not re.fullmatch(r"-?\d+", value):
        raise SandboxApiError(f"Invalid format {name} : {value}")
    return int(value)


def parse_date(value: str, message: str) -> date:
    """Parse `yyyy-MM-dd`; any other spelling raises `message` as a 400."""
    if not _DATE.fullmatch(value):
        raise SandboxApiError(message)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SandboxApiError(message) from None


def parse_kst_datetime(value: str, *, with_seconds: bool, message: str) -> datetime:
    """Parse `yyyy-MM-ddTHH:mm[:ss]` as Korea time into an aware datetime."""
    pattern = _DATETIME_SECONDS if with_seconds else _DATETIME_MINUTES
    if not pattern.fullmatch(value):
        raise SandboxApiError(message)
    try:
        return datetime.fromisoformat(value).replace(tzinfo=KST)
    except ValueError:
        raise SandboxApiError(message) from None


def page_size(request: web.Request, name: str, *, default: int, maximum: int) -> int:
    size = parse_int(request.query.get(name), name, default=default)
    if not 1 <= size <= maximum:
        raise SandboxApiError(f"{name} should be between 1 and {maximum}")
    return size


async def read_json(request: web.Request) -> Any:
    """Parse the body as JSON and raise Jackson-style errors as Coupang's Java backend does.

    A raw CR or LF inside a string (a body built by string concatenation) gets the message
    Coupang documents for it.
    """
    text = await request.text()
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg.startswith("Invalid control character") and exc.pos < len(text):
            code = ord(text[exc.pos])
            raise SandboxApiError(
                f"Could not read JSON: Illegal unquoted character ((CTRL-CHAR, code {code})): "
                "has to be escaped using backslash to be included in string value"
            ) from None
        raise SandboxApiError(f"Could not read JSON: {exc.msg}") from None


async def read_json_object(request: web.Request) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise SandboxApiError("Could not read JSON: expected a JSON object")
    return body


def parse_next_token(token: str | None) -> int:
    """Return the list offset in a `nextToken`, because the sandbox uses offsets as tokens."""
    if not token:
        return 0
    if not token.isdigit():
        raise SandboxApiError(f"Invalid nextToken : {token}")
    return int(token)


def paginate(items: list[Any], page: int, size: int) -> tuple[list[Any], dict[str, int]]:
    """Slice one page (1-based) and build Coupang's `pagination` block."""
    total = len(items)
    start = (page - 1) * size
    pagination = {
        "currentPage": page,
        "totalPages": (total + size - 1) // size,
        "totalElements": total,
        "countPerPage": size,
    }
    return items[start : start + size], pagination
