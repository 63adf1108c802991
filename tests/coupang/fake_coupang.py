"""A canned-response Coupang gateway on 127.0.0.1 that records and verifies every request."""

import asyncio
import hashlib
import hmac
import json
import time
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

ACCESS_KEY = "test-access-key-0001"
SECRET_KEY = "test-secret-key-do-not-log-0123456789"
VENDOR_ID = "A00012345"
FIXTURES = Path(__file__).parents[2] / ".." / "shared" / "fixtures" / "coupang-docs"


@dataclass(frozen=True)
class CannedReply:
    """One response the fake gateway sends, optionally after a delay."""

    status: int = 200
    body: bytes = b'{"code":200,"message":"OK"}'
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordedRequest:
    """A request as the fake gateway received it."""

    method: str
    path: str
    raw_query: str
    headers: dict[str, str]
    body: bytes
    received_at: float
    signature_valid: bool

    def json(self) -> object:
        return json.loads(self.body.decode("utf-8"))


def json_reply(payload: object, status: int = 200) -> CannedReply:
    return CannedReply(status=status, body=json.dumps(payload, ensure_ascii=False).encode())


def fixture_reply(name: str) -> CannedReply:
    return CannedReply(body=(FIXTURES / name).read_bytes())


def verify_signature(method: str, path: str, raw_query: str, authorization: str) -> bool:
    """Recompute the CEA signature over what arrived on the wire and compare."""
    parts = dict(
        part.split("=", 1) for part in authorization.removeprefix("CEA ").split(", ") if "=" in part
    )
    if parts.get("access-key") != ACCESS_KEY or parts.get("algorithm") != "HmacSHA256":
        return False
    message = f"{parts.get('signed-date', '')}{method}{path}{raw_query}"
    expected = hmac.new(SECRET_KEY.encode(), message.encode(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts.get("signature", ""))


class FakeCoupang:
    """Serves queued replies in order, then `default`, to any method and path."""

    def __init__(self) -> None:
        self.requests: list[RecordedRequest] = []
        self.replies: deque[CannedReply] = deque()
        self.default = CannedReply()

    def queue(self, *replies: CannedReply) -> None:
        self.replies.extend(replies)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        raw_path = request.raw_path
        path, _, raw_query = raw_path.partition("?")
        body = await request.read()
        self.requests.append(
            RecordedRequest(
                method=request.method,
                path=path,
                raw_query=raw_query,
                headers=dict(request.headers),
                body=body,
                received_at=time.monotonic(),
                signature_valid=verify_signature(
                    request.method, path, raw_query, request.headers.get("Authorization", "")
                ),
            )
        )
        reply = self.replies.popleft() if self.replies else self.default
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return web.Response(
            status=reply.status,
            body=reply.body,
            headers={"Content-Type": reply.content_type, **reply.headers},
        )


@asynccontextmanager
async def run_fake_coupang() -> AsyncIterator[tuple[FakeCoupang, str]]:
    """Start the fake gateway on 127.0.0.1 with a free port; yield it and its base URL."""
    fake = FakeCoupang()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", fake.handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield fake, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()
