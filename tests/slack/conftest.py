"""Fixtures for the Slack-side tests: a running stand-in and a client pointed at it."""

from collections.abc import AsyncIterator

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slackstub import ManualClock, SlackStub, run_slack_stub


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def stub(clock: ManualClock) -> AsyncIterator[SlackStub]:
    async with run_slack_stub(clock=clock) as running:
        yield running


@pytest.fixture
def client(stub: SlackStub) -> AsyncWebClient:
    # No retry handlers, so each test gets the stand-in's first response.
    return AsyncWebClient(token=stub.token, base_url=stub.api_url, retry_handlers=[])
