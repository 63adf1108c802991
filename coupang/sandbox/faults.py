"""Fault injection: rules that make matching Coupang calls fail the way the gateway does.

A rule matches by HTTP method and path pattern and fires for its next `count` matching calls
(every call when `count` is None). Patterns with `*` or `?` are shell-style globs over the
whole path; other patterns match anywhere in the path, so `returnRequests` covers every
returns endpoint.
"""

import fnmatch
import json
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from aiohttp import web

# The gateway cuts a call after 3 seconds unless X-EXTENDED-TIMEOUT requests more (in ms).
DEFAULT_GATEWAY_TIMEOUT_SECONDS = 3.0
GATEWAY_TIMEOUT_MESSAGE = (
    "Request timed out, if the situation continues consider applying timeout extension."
)


class FaultKind(StrEnum):
    LATENCY = "latency"
    SERVER_ERROR = "server_error"
    GATEWAY_TIMEOUT = "gateway_timeout"
    RATE_LIMIT = "rate_limit"
    ACCESS_DENIED = "access_denied"
    MALFORMED_JSON = "malformed_json"
    ERROR_IN_200 = "error_in_200"


@dataclass
class FaultRule:
    """One fault: what happens (`kind`), to which calls, and how many more times."""

    kind: FaultKind
    path_pattern: str = "*"
    method: str | None = None
    count: int | None = 1
    latency_seconds: float = 0.0
    status: int = 500

    def matches(self, method: str, path: str) -> bool:
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if any(char in self.path_pattern for char in "*?["):
            return fnmatch.fnmatchcase(path, self.path_pattern)
        return self.path_pattern in path

    @classmethod
    def from_json(cls, body: dict[str, Any]) -> "FaultRule":
        """Build a rule from admin API JSON, raising ValueError on an unknown field or kind."""
        unknown = set(body) - {"kind", "pathPattern", "method", "count", "latencySeconds", "status"}
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        count = body.get("count", 1)
        return cls(
            kind=FaultKind(body["kind"]),
            path_pattern=str(body.get("pathPattern", "*")),
            method=body.get("method"),
            count=None if count is None else int(count),
            latency_seconds=float(body.get("latencySeconds", 0.0)),
            status=int(body.get("status", 500)),
        )

    def to_json(self) -> dict[str, Any]:
        fields = asdict(self)
        return {
            "kind": str(self.kind),
            "pathPattern": fields["path_pattern"],
            "method": fields["method"],
            "count": fields["count"],
            "latencySeconds": fields["latency_seconds"],
            "status": fields["status"],
        }


class FaultPlan:
    """The active fault rules, checked in the order they were added."""

    def __init__(self) -> None:
        self.rules: list[FaultRule] = []
        self._references = 0

    def add(self, rule: FaultRule) -> FaultRule:
        if rule.count is not None and rule.count < 1:
            raise ValueError(f"fault count must be at least 1 or None, got {rule.count}")
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        self.rules.clear()

    def take(self, method: str, path: str) -> FaultRule | None:
        """Return the first rule matching this call and use up one of its counts."""
        for rule in self.rules:
            if not rule.matches(method, path):
                continue
            if rule.count is not None:
                rule.count -= 1
                if rule.count == 0:
                    self.rules.remove(rule)
            return rule
        return None

    def next_reference(self) -> str:
        """Return an Akamai-style block-page reference, e.g. `18.5f3c1002.1700000001.1eef`."""
        self._references += 1
        return f"18.5f3c1002.{1_700_000_000 + self._references}.{self._references * 7919:x}"


def gateway_timeout_seconds(request: web.Request) -> float:
    """Return the gateway timeout for a request, honouring X-EXTENDED-TIMEOUT (milliseconds)."""
    extended = request.headers.get("X-EXTENDED-TIMEOUT", "")
    if extended.isdigit():
        return int(extended) / 1000
    return DEFAULT_GATEWAY_TIMEOUT_SECONDS


def fault_response(rule: FaultRule, reference: str) -> web.Response:
    """Build the response a non-latency fault sends instead of calling the handler."""
    if rule.kind is FaultKind.SERVER_ERROR:
        return _json_response(rule.status, {"code": rule.status, "message": "Internal Exception"})
    if rule.kind is FaultKind.GATEWAY_TIMEOUT:
        return _json_response(504, {"code": "ERROR", "message": GATEWAY_TIMEOUT_MESSAGE})
    if rule.kind is FaultKind.RATE_LIMIT:
        return _json_response(429, {"code": "ERROR", "message": "Too Many Requests"})
    if rule.kind is FaultKind.ACCESS_DENIED:
        return web.Response(
            status=403, text=access_denied_page(reference), content_type="text/html"
        )
    if rule.kind is FaultKind.MALFORMED_JSON:
        return web.Response(
            status=200,
            text='{"code":200,"message":"OK","data":{"content":[{"inquiryId":',
            content_type="application/json",
            charset="UTF-8",
        )
    if rule.kind is FaultKind.ERROR_IN_200:
        return _json_response(200, {"code": "ERROR", "message": "Internal Exception"})
    raise ValueError(f"fault kind {rule.kind} has no response of its own")


def access_denied_page(reference: str) -> str:
    """Return the Akamai HTML block page Coupang's edge sends after bursts of errors."""
    return (
        "<HTML><HEAD>\n<TITLE>Access Denied</TITLE>\n</HEAD><BODY>\n<H1>Access Denied</H1>\n \n"
        "You don't have permission to access \"http&#58;&#47;&#47;api&#45;gateway&#46;coupang"
        '&#46;com&#47;" on this server.<P>\n'
        f"Reference&#32;&#35;{reference}\n</BODY>\n</HTML>\n"
    )


def _json_response(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        charset="UTF-8",
    )
