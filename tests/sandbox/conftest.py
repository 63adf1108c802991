"""Fixtures for sandbox tests: a frozen-clock sandbox on loopback and a minimal signed client.

The client signs with its own hmac code, not with `coupang.signing` or the sandbox's checker,
so these tests cross-check the sandbox against the published signing scheme.
"""

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from yarl import URL

from coupang.sandbox import RunningSandbox, SandboxClock, SandboxState, run_sandbox
from coupang.sandbox.records import Vendor

# 2026-12-04 12:00 in Korea.
FROZEN_START = datetime(2026, 12, 4, 3, 0, tzinfo=UTC)
API = "/v2/providers/openapi/apis/api"


def sign(secret_key: str, signed_date: str, method: str, path: str, query: str) -> str:
    message = f"{signed_date}{method}{path}{query}"
    return hmac.new(secret_key.encode(), message.encode(), hashlib.sha256).hexdigest()


def authorization(vendor: Vendor, method: str, path: str, query: str, signed_at: datetime) -> str:
    signed_date = signed_at.astimezone(UTC).strftime("%y%m%dT%H%M%SZ")
    signature = sign(vendor.secret_key, signed_date, method, path, query)
    return (
        f"CEA algorithm=HmacSHA256, access-key={vendor.access_key}, "
        f"signed-date={signed_date}, signature={signature}"
    )


@dataclass
class Reply:
    status: int
    body: Any
    text: str
    content_type: str


@dataclass
class SandboxClient:
    """Signs and sends calls to a running sandbox, keeping the query string byte for byte."""

    session: aiohttp.ClientSession
    sandbox: RunningSandbox

    @property
    def state(self) -> SandboxState:
        return self.sandbox.state

    @property
    def vendor(self) -> Vendor:
        return self.sandbox.state.vendor()

    async def call(
        self,
        method: str,
        path: str,
        query: str = "",
        body: Any = None,
        *,
        vendor: Vendor | None = None,
        signed_at: datetime | None = None,
        sign_query: str | None = None,
        headers: dict[str, str] | None = None,
        time_limit: float | None = None,
    ) -> Reply:
        """Send a signed call, or sign `sign_query` in place of the query sent."""
        signer = vendor if vendor is not None else self.vendor
        moment = signed_at if signed_at is not None else self.state.clock.now()
        signed_query = query if sign_query is None else sign_query
        all_headers = {"Content-Type": "application/json;charset=UTF-8"}
        all_headers["Authorization"] = authorization(signer, method, path, signed_query, moment)
        all_headers.update(headers or {})
        return await self.send(
            method, path, query, body, headers=all_headers, time_limit=time_limit
        )

    async def send(
        self,
        method: str,
        path: str,
        query: str = "",
        body: Any = None,
        *,
        headers: dict[str, str] | None = None,
        time_limit: float | None = None,
    ) -> Reply:
        """Send a call as given, unsigned unless `headers` carry an Authorization.

        `time_limit` is the client timeout in seconds.
        """
        target = path + (f"?{query}" if query else "")
        url = URL(self.sandbox.base_url + target, encoded=True)
        data = body if isinstance(body, str) or body is None else json.dumps(body)
        client_timeout = aiohttp.ClientTimeout(total=time_limit)
        async with self.session.request(
            method, url, data=data, headers=headers, timeout=client_timeout
        ) as response:
            text = await response.text()
            try:
                parsed: Any = json.loads(text)
            except json.JSONDecodeError:
                parsed = None
            return Reply(response.status, parsed, text, response.content_type)


@pytest.fixture
def state() -> SandboxState:
    """A one-vendor sandbox at a frozen time, without rate limit or timed arrivals."""
    return SandboxState(
        seed=7,
        clock=SandboxClock(FROZEN_START),
        rate_limit_per_second=None,
        arrival_interval=None,
    )


@pytest.fixture
async def client(state: SandboxState) -> AsyncIterator[SandboxClient]:
    async with run_sandbox(state) as sandbox, aiohttp.ClientSession() as session:
        yield SandboxClient(session, sandbox)
