"""Shared state and steps of `CoupangClient`: transport, endpoints, parsing, argument checks.

The client's methods live in one class per area (`InquiryCalls`, `ReturnCalls`,
`ExchangeCalls`), all built on `ClientBase`; `coupang.client.CoupangClient` combines them.
"""

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Generic, TypeVar

import aiohttp
from aiolimiter import AsyncLimiter
from pydantic import BaseModel

from coupang.credentials import VendorCredentials
from coupang.endpoints import ApiVersion, CoupangEndpoints, WriteMethod
from coupang.errors import CoupangApiError, CoupangResponseError
from coupang.fields import KOREA_TZ
from coupang.models import (
    ResultData,
    SellerProduct,
)
from coupang.responses import (
    DataShape,
    SkippedRecord,
    extract_data,
    parse_model,
    parse_model_list,
    parse_records,
)
from coupang.transport import (
    DEFAULT_BASE_URL,
    DEFAULT_RATE_PER_SECOND,
    DEFAULT_TIMEOUT_SECONDS,
    LIST_TIMEOUT_SECONDS,
    Clock,
    CoupangTransport,
    Endpoint,
    RawResponse,
    RetryPolicy,
    Sleep,
    utc_now,
)

ItemT = TypeVar("ItemT")
ModelT = TypeVar("ModelT", bound=BaseModel)
PageT = TypeVar("PageT", bound=BaseModel)
Query = list[tuple[str, str | int | None]]

ONLINE_INQUIRY_MAX_PAGE_SIZE = 50
CALL_CENTER_MAX_PAGE_SIZE = 30
RETURN_MAX_PER_PAGE = 50
WITHDRAWAL_MAX_PAGE_SIZE = 100
WITHDRAWAL_MAX_IDS = 50
CS_MAX_PERIOD = timedelta(days=7)
# Withdrawal history counts both dates, so 7 days means dateTo is at most dateFrom + 6.
WITHDRAWAL_MAX_PERIOD = timedelta(days=6)
RETURN_MAX_PERIOD = timedelta(days=31)
CALL_CENTER_REPLY_MIN_CHARS = 2
CALL_CENTER_REPLY_MAX_CHARS = 1000
DEFAULT_PRODUCT_CACHE_TTL = timedelta(hours=6)
PRODUCT_CACHE_MAX_ENTRIES = 10_000
# Line separators other than \n and \r may be rejected by Coupang with a 400.
_LINE_BREAKS = ("\r\n", "\r", "\u2028", "\u2029", "\x85")


@dataclass(frozen=True)
class TokenPage(Generic[ItemT]):
    """One page of a `nextToken`-paged list; `next_token` is None on the last page."""

    items: list[ItemT]
    next_token: str | None
    # Records of this page that failed validation and are not in `items`.
    skipped: tuple[SkippedRecord, ...] = ()


@dataclass(frozen=True)
class IndexPage(Generic[ItemT]):
    """One page of a `nextPageIndex`-paged list; `next_page_index` is None on the last page."""

    items: list[ItemT]
    next_page_index: int | None
    # Records of this page that failed validation and are not in `items`.
    skipped: tuple[SkippedRecord, ...] = ()


def normalize_reply_text(text: str) -> str:
    """Convert CRLF, CR and Unicode line separators to `\\n`, the break Coupang accepts."""
    for line_break in _LINE_BREAKS:
        text = text.replace(line_break, "\n")
    return text


def dump_json_body(payload: object) -> str:
    """Serialize a request body as JSON with Korean text kept as UTF-8 characters."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


class ClientBase:
    """The transport, endpoint table and parsing steps every endpoint method uses."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        credentials: VendorCredentials,
        *,
        base_url: str = DEFAULT_BASE_URL,
        rate_per_second: float = DEFAULT_RATE_PER_SECOND,
        clock: Clock = utc_now,
        retry_policy: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
        limiter: AsyncLimiter | None = None,
        write_method: WriteMethod = "PATCH",
        return_action_version: ApiVersion = "v4",
        call_center_lookup_version: ApiVersion = "v5",
        product_cache_ttl: timedelta = DEFAULT_PRODUCT_CACHE_TTL,
        monotonic: Callable[[], float] = time.monotonic,
        request_timeout: float = DEFAULT_TIMEOUT_SECONDS,
        list_request_timeout: float = LIST_TIMEOUT_SECONDS,
    ) -> None:
        self._transport = CoupangTransport(
            session=session,
            credentials=credentials,
            base_url=base_url,
            rate_per_second=rate_per_second,
            retry_policy=retry_policy or RetryPolicy(),
            clock=clock,
            sleep=sleep,
            limiter=limiter,
            request_timeout=request_timeout,
            list_request_timeout=list_request_timeout,
        )
        self.endpoints = CoupangEndpoints.build(
            write_method=write_method,
            return_action_version=return_action_version,
            call_center_lookup_version=call_center_lookup_version,
        )
        self._product_cache_ttl = product_cache_ttl.total_seconds()
        self._monotonic = monotonic
        self._product_cache: dict[int, tuple[float, SellerProduct]] = {}

    @property
    def vendor_id(self) -> str:
        """The vendor this client calls for."""
        return self._transport.vendor_id

    async def _write(
        self,
        endpoint: Endpoint,
        *,
        path_params: dict[str, int | str],
        body: object,
    ) -> None:
        response = await self._transport.request(
            endpoint, path_params=path_params, body=dump_json_body(body)
        )
        # Some writes return HTTP 200 with `data.resultCode` FAIL.
        data = response.envelope.get("data")
        if isinstance(data, dict) and "resultCode" in data:
            result = parse_model(
                ResultData, data, operation=endpoint.operation, vendor_id=self.vendor_id
            )
            if not result.succeeded:
                raise CoupangApiError(
                    endpoint.operation,
                    vendor_id=self.vendor_id,
                    status=response.status,
                    code=result.result_code,
                    api_message=result.result_message,
                    detail=f"result code {result.result_code}",
                    ids=path_params,
                )

    def _parse_object(
        self, endpoint: Endpoint, response: RawResponse, model_type: type[ModelT]
    ) -> ModelT:
        data = extract_data(
            response.envelope,
            DataShape.OBJECT,
            operation=endpoint.operation,
            vendor_id=self.vendor_id,
        )
        return parse_model(model_type, data, operation=endpoint.operation, vendor_id=self.vendor_id)

    def _parse_list(
        self, endpoint: Endpoint, response: RawResponse, model_type: type[ModelT]
    ) -> list[ModelT]:
        data = extract_data(
            response.envelope,
            DataShape.LIST,
            operation=endpoint.operation,
            vendor_id=self.vendor_id,
        )
        return parse_model_list(
            model_type, data, operation=endpoint.operation, vendor_id=self.vendor_id
        )

    def _parse_records(
        self, endpoint: Endpoint, response: RawResponse, model_type: type[ModelT], id_field: str
    ) -> tuple[list[ModelT], tuple[SkippedRecord, ...]]:
        """Parse a list `data` record by record; a `data` that is not a list still raises."""
        data = extract_data(
            response.envelope,
            DataShape.LIST,
            operation=endpoint.operation,
            vendor_id=self.vendor_id,
        )
        records, skipped = parse_records(
            model_type,
            data,
            id_field=id_field,
            operation=endpoint.operation,
            vendor_id=self.vendor_id,
        )
        return records, tuple(skipped)

    def _parse_content_page(
        self,
        endpoint: Endpoint,
        response: RawResponse,
        page_type: type[PageT],
        record_type: type[ModelT],
        id_field: str,
    ) -> PageT:
        """Parse a `pageNum` page whose `data.content` is parsed record by record.

        The page model gets the valid records as `content` and the others as `skipped`.
        """
        operation = endpoint.operation
        data = extract_data(
            response.envelope, DataShape.OBJECT, operation=operation, vendor_id=self.vendor_id
        )
        content = data.get("content")
        records, skipped = parse_records(
            record_type,
            [] if content is None else content,
            id_field=id_field,
            operation=operation,
            vendor_id=self.vendor_id,
        )
        page = parse_model(
            page_type, {**data, "content": []}, operation=operation, vendor_id=self.vendor_id
        )
        return page.model_copy(update={"content": records, "skipped": tuple(skipped)})

    def _parse_next_token(self, endpoint: Endpoint, response: RawResponse) -> str | None:
        token = response.envelope.get("nextToken")
        if token is None or token == "":
            return None
        if isinstance(token, str | int) and not isinstance(token, bool):
            return str(token)
        raise self._shape_error(endpoint, f"nextToken is a {type(token).__name__}")

    def _parse_next_index(self, endpoint: Endpoint, value: object) -> int | None:
        if value is None or value == "":
            return None
        try:
            return int(str(value))
        except ValueError:
            raise self._shape_error(endpoint, "nextPageIndex is not an integer") from None

    def _shape_error(self, endpoint: Endpoint, detail: str) -> CoupangResponseError:
        return CoupangResponseError(endpoint.operation, vendor_id=self.vendor_id, detail=detail)


def format_korea_time(moment: datetime, pattern: str) -> str:
    """Format an aware datetime as Korea wall time; raise ValueError for a naive one."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("query times must be aware datetimes")
    return moment.astimezone(KOREA_TZ).strftime(pattern)


def check_id(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return value


def check_range(name: str, value: int, minimum: int, maximum: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum or (maximum is not None and value > maximum):
        upper = "" if maximum is None else f" and at most {maximum}"
        raise ValueError(f"{name} must be at least {minimum}{upper}, got {value}")
    return value


def check_period(start: date, end: date, max_period: timedelta) -> None:
    if isinstance(start, datetime) or isinstance(end, datetime):
        raise ValueError("pass calendar dates (Korea time), not datetimes")
    if end < start:
        raise ValueError(f"period end {end} is before its start {start}")
    if end - start > max_period:
        raise ValueError(f"period {start}..{end} spans more than {max_period.days} days")


def require_text(name: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must not be empty")
    return value
