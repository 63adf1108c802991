"""Fixtures for the Coupang client tests: a fake gateway and clients aimed at it."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from coupang.client import CoupangClient
from coupang.credentials import VendorCredentials
from coupang.transport import RetryPolicy
from tests.coupang.fake_coupang import (
    ACCESS_KEY,
    FIXTURES,
    SECRET_KEY,
    VENDOR_ID,
    FakeCoupang,
    run_fake_coupang,
)

FAST_RETRIES = RetryPolicy(
    max_attempts=3, initial_delay=0.001, rate_limited_initial_delay=0.002, max_delay=0.01
)


@pytest.fixture
def credentials() -> VendorCredentials:
    return VendorCredentials(vendor_id=VENDOR_ID, access_key=ACCESS_KEY, secret_key=SECRET_KEY)


@pytest.fixture
async def gateway() -> AsyncIterator[tuple[FakeCoupang, str]]:
    async with run_fake_coupang() as running:
        yield running


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def fake(gateway: tuple[FakeCoupang, str]) -> FakeCoupang:
    return gateway[0]


@pytest.fixture
def make_client(
    gateway: tuple[FakeCoupang, str],
    session: aiohttp.ClientSession,
    credentials: VendorCredentials,
) -> Callable[..., CoupangClient]:
    def build(**options: Any) -> CoupangClient:
        options.setdefault("rate_per_second", 10.0)
        options.setdefault("retry_policy", FAST_RETRIES)
        return CoupangClient(session, credentials, base_url=gateway[1], **options)

    return build


@pytest.fixture
def client(make_client: Callable[..., CoupangClient]) -> CoupangClient:
    return make_client()


@pytest.fixture
def require_fixtures() -> None:
    if not FIXTURES.is_dir():
        pytest.skip(f"Coupang doc samples not found at {FIXTURES}")
