"""Signed HTTP calls to Coupang with a per-vendor call budget, retries and error mapping.

`CoupangTransport` builds the query once, signs exactly that string, sends it unchanged, and
maps the outcome to `coupang.errors`. Reads are retried with exponential backoff and jitter
on 429, 5xx and timeouts. Writes and other 4xx are never retried: a repeated write can post
a reply or an approval twice, and repeated 4xx calls get the caller blocked by Coupang.
"""

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiolimiter import AsyncLimiter
from yarl import URL

from coupang.credentials import VendorCredentials
from coupang.errors import (
    CoupangApiError,
    CoupangAuthError,
    CoupangBlockedError,
    CoupangConnectionError,
    CoupangError,
    CoupangForbiddenError,
    CoupangNotFoundError,
    CoupangRateLimitedError,
    CoupangResponseError,
    CoupangServerError,
    CoupangTimeoutError,
)
from coupang.responses import (
    build_error_from_message,
    check_envelope,
    decode_json_body,
    extract_api_message,
    normalize_code,
)
from coupang.signing import QueryPairs, build_authorization, build_query

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api-gateway.coupang.com"
DEFAULT_RATE_PER_SECOND = 5.0
# Coupang throttles a vendor at 10 calls per second across all APIs.
MAX_RATE_PER_SECOND = 10.0
# Header that raises the gateway timeout from 3 s to 90 s, so the client waits 95 s.
EXTENDED_TIMEOUT_HEADER = "X-EXTENDED-TIMEOUT"
EXTENDED_TIMEOUT_MS = 90_000
LIST_TIMEOUT_SECONDS = 95.0
DEFAULT_TIMEOUT_SECONDS = 30.0
CONTENT_TYPE = "application/json;charset=UTF-8"
# Error bodies are read only to find Coupang's message, and a block page is a few kilobytes.
MAX_ERROR_BODY_BYTES = 64 * 1024

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime (the default signing clock)."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for retried reads: delay n is `initial * multiplier**(n-1)`, capped, +-jitter.

    Coupang sends no `Retry-After` and lifts a rate-limit block only minutes after traffic
    falls, so a 429 starts from `rate_limited_initial_delay` (30 s by default).
    """

    max_attempts: int = 4
    initial_delay: float = 5.0
    rate_limited_initial_delay: float = 30.0
    multiplier: float = 2.0
    max_delay: float = 600.0
    jitter: float = 0.2

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError(f"max_attempts must be at least 1, got {self.max_attempts}")
        if self.initial_delay < 0 or self.rate_limited_initial_delay < 0:
            raise ValueError("retry delays must not be negative")
        if self.multiplier < 1:
            raise ValueError(f"multiplier must be at least 1, got {self.multiplier}")
        if not 0 <= self.jitter < 1:
            raise ValueError(f"jitter must be in [0, 1), got {self.jitter}")

    def compute_delay(self, retry_number: int, *, rate_limited: bool, rng: random.Random) -> float:
        """Return the seconds to wait before retry `retry_number` (1 for the first retry)."""
        initial = self.rate_limited_initial_delay if rate_limited else self.initial_delay
        delay = min(initial * self.multiplier ** (retry_number - 1), self.max_delay)
        return delay * rng.uniform(1 - self.jitter, 1 + self.jitter)


@dataclass(frozen=True)
class Endpoint:
    """One Coupang operation: its name, verb, path template and retry class.

    `path_template` uses `{vendor_id}` and other `str.format` fields; it is what gets
    logged, so the log never carries ids that are not already listed separately.
    """

    operation: str
    method: str
    path_template: str
    is_read: bool
    is_list: bool = False


@dataclass(frozen=True)
class RawResponse:
    """A success envelope with the HTTP status it came with."""

    status: int
    envelope: Mapping[str, Any]


@dataclass
class CoupangTransport:
    """Signs, rate-limits, sends and classifies calls for one vendor.

    Create one per vendor and share it: the limiter spaces calls `1 / rate_per_second`
    seconds apart, so two transports for the same vendor would together exceed the budget.
    """

    session: aiohttp.ClientSession
    credentials: VendorCredentials
    base_url: str = DEFAULT_BASE_URL
    rate_per_second: float = DEFAULT_RATE_PER_SECOND
    retry_policy: RetryPolicy = field(default_factory=RetryPolicy)
    clock: Clock = utc_now
    sleep: Sleep = asyncio.sleep
    rng: random.Random = field(default_factory=random.Random)
    limiter: AsyncLimiter | None = None
    request_timeout: float = DEFAULT_TIMEOUT_SECONDS
    list_request_timeout: float = LIST_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        if not 0 < self.rate_per_second <= MAX_RATE_PER_SECOND:
            raise ValueError(
                f"rate_per_second must be in (0, {MAX_RATE_PER_SECOND:g}], got "
                f"{self.rate_per_second}; Coupang throttles vendors at 10 calls per second"
            )
        self.base_url = self.base_url.rstrip("/")
        # A bucket of one spaces calls evenly instead of allowing a burst per second.
        self._limiter = self.limiter or AsyncLimiter(1, 1 / self.rate_per_second)

    @property
    def vendor_id(self) -> str:
        """The vendor id the transport signs for."""
        return self.credentials.vendor_id

    async def request(
        self,
        endpoint: Endpoint,
        *,
        path_params: Mapping[str, int | str] | None = None,
        query: QueryPairs = (),
        body: str | None = None,
    ) -> RawResponse:
        """Send `endpoint` and return its success envelope, or raise from `coupang.errors`.

        `body` is JSON text that is sent unchanged. Reads are retried per `retry_policy`.
        """
        path = endpoint.path_template.format(vendor_id=self.vendor_id, **(path_params or {}))
        query_string = build_query(query)
        attempts = self.retry_policy.max_attempts if endpoint.is_read else 1

        for attempt in range(1, attempts + 1):
            try:
                return await self._send_once(
                    endpoint, path, query_string, body, attempt, path_params or {}
                )
            except (CoupangRateLimitedError, CoupangServerError, CoupangTimeoutError) as exc:
                if attempt == attempts:
                    raise
                delay = self.retry_policy.compute_delay(
                    attempt,
                    rate_limited=isinstance(exc, CoupangRateLimitedError),
                    rng=self.rng,
                )
                log.warning(
                    "coupang.retry vendor=%s operation=%s error=%s attempt=%d delay_s=%.1f",
                    self.vendor_id,
                    endpoint.operation,
                    type(exc).__name__,
                    attempt,
                    delay,
                )
                await self.sleep(delay)
        raise AssertionError("unreachable: the retry loop returns or raises")

    async def _send_once(
        self,
        endpoint: Endpoint,
        path: str,
        query_string: str,
        body: str | None,
        attempt: int,
        ids: Mapping[str, int | str],
    ) -> RawResponse:
        async with self._limiter:
            started = time.monotonic()
            status: int | str = "none"
            try:
                result = await self._exchange(endpoint, path, query_string, body)
                status = result.status
                return result
            except CoupangError as exc:
                status = exc.status if exc.status is not None else type(exc).__name__
                exc.add_ids(ids)
                raise
            finally:
                log.info(
                    "coupang.request vendor=%s method=%s path=%s status=%s latency_ms=%d "
                    "attempt=%d",
                    self.vendor_id,
                    endpoint.method,
                    endpoint.path_template,
                    status,
                    (time.monotonic() - started) * 1000,
                    attempt,
                )

    async def _exchange(
        self, endpoint: Endpoint, path: str, query_string: str, body: str | None
    ) -> RawResponse:
        url = URL(
            f"{self.base_url}{path}{'?' + query_string if query_string else ''}", encoded=True
        )
        headers = self._build_headers(endpoint, path, query_string)
        timeout = aiohttp.ClientTimeout(
            total=self.list_request_timeout if endpoint.is_list else self.request_timeout
        )
        data = body.encode("utf-8") if body is not None else None
        operation = endpoint.operation
        try:
            async with self.session.request(
                endpoint.method,
                url,
                headers=headers,
                data=data,
                timeout=timeout,
                allow_redirects=False,
            ) as response:
                if 200 <= response.status < 300:
                    raw = await response.read()
                    payload = decode_json_body(raw, operation=operation, vendor_id=self.vendor_id)
                    envelope = check_envelope(
                        payload,
                        operation=operation,
                        vendor_id=self.vendor_id,
                        status=response.status,
                    )
                    return RawResponse(response.status, envelope)
                raw = await response.content.read(MAX_ERROR_BODY_BYTES)
                raise self._map_error_status(operation, response.status, raw)
        except TimeoutError as exc:
            if isinstance(exc, CoupangError):
                raise
            raise CoupangTimeoutError(
                operation, vendor_id=self.vendor_id, detail="no response within the timeout"
            ) from exc
        except aiohttp.ClientConnectorError as exc:
            raise CoupangConnectionError(
                operation,
                vendor_id=self.vendor_id,
                detail=f"could not connect ({type(exc).__name__})",
            ) from exc
        except aiohttp.ClientError as exc:
            raise CoupangServerError(
                operation,
                vendor_id=self.vendor_id,
                detail=f"connection failed ({type(exc).__name__})",
            ) from exc

    def _build_headers(self, endpoint: Endpoint, path: str, query_string: str) -> dict[str, str]:
        authorization = build_authorization(
            endpoint.method,
            path,
            query_string,
            self.credentials.access_key.get_secret_value(),
            self.credentials.secret_key.get_secret_value(),
            self.clock(),
        )
        headers = {"Authorization": authorization, "Content-Type": CONTENT_TYPE}
        if endpoint.is_list:
            headers[EXTENDED_TIMEOUT_HEADER] = str(EXTENDED_TIMEOUT_MS)
        return headers

    def _map_error_status(self, operation: str, status: int, raw: bytes) -> CoupangError:
        text = raw.decode("utf-8", errors="replace")
        try:
            payload = decode_json_body(raw, operation=operation, vendor_id=self.vendor_id)
        except CoupangResponseError:
            payload = None
        api_message = extract_api_message(payload)
        code = normalize_code(payload.get("code")) if isinstance(payload, Mapping) else None
        common: dict[str, Any] = {
            "operation": operation,
            "vendor_id": self.vendor_id,
            "status": status,
            "code": code,
            "api_message": api_message,
        }
        return build_status_error(status, text, common)


def build_status_error(status: int, text: str, common: dict[str, Any]) -> CoupangError:
    """Map a non-2xx status (and, for 401/403, its body text) to the error tree."""
    operation = common.pop("operation")
    if status == 401:
        return build_error_from_message(
            CoupangAuthError,
            operation=operation,
            detail="request not authorized, check the keys and the clock",
            **common,
        )
    if status == 403 or 300 <= status < 400:
        if 300 <= status < 400 or "access denied" in text.casefold():
            return CoupangBlockedError(
                operation,
                detail="Coupang is blocking this caller, stop calling for some minutes",
                **common,
            )
        return CoupangForbiddenError(
            operation, detail="IP address not allowed for this key, register it in WING", **common
        )
    if status == 404:
        return CoupangNotFoundError(
            operation, detail="not found, check the vendor id and path", **common
        )
    if status == 429:
        return CoupangRateLimitedError(
            operation, detail="rate limited, wait minutes before calling again", **common
        )
    if status == 504:
        return CoupangTimeoutError(operation, detail="gateway timed out", **common)
    if status >= 500:
        return CoupangServerError(operation, detail="server error", **common)
    if 400 <= status < 500:
        return build_error_from_message(
            CoupangApiError, operation=operation, detail="request rejected by Coupang", **common
        )
    return CoupangResponseError(operation, detail="unexpected HTTP status", **common)
