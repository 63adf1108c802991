"""Fixtures for end-to-end tests: the sandbox and the Slack stand-in on loopback, and the bot.

The bot runs its production code against both servers over HTTP, with a SQLite database in
`tmp_path` (or PostgreSQL where a test requests it). The sandbox clock follows the wall clock
plus explicit `advance_clock` calls, and the bot uses it for signing and for time, so tests
move time forward without waiting.
"""

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from bot.deps import Deps, open_deps
from bot.local_env import LocalEnvironment, run_local_environment
from coupang.sandbox import SandboxState
from tests.app.helpers import NO_RETRY, TEST_POSTS_PER_SECOND, quiet_sandbox

OpenBot = Callable[[], AbstractAsyncContextManager[Deps]]


@pytest.fixture
def sandbox_state() -> SandboxState:
    return quiet_sandbox()


@pytest.fixture
def database_url() -> str | None:
    """The database of the bot under test; None means SQLite in `tmp_path`."""
    return None


@pytest.fixture
async def local_env(
    tmp_path: Path, sandbox_state: SandboxState, database_url: str | None
) -> AsyncIterator[LocalEnvironment]:
    async with run_local_environment(
        tmp_path,
        sandbox_state=sandbox_state,
        database_url=database_url,
        slack_posts_per_second=TEST_POSTS_PER_SECOND,
    ) as env:
        yield env


@pytest.fixture
def open_bot(local_env: LocalEnvironment) -> OpenBot:
    """Return a factory that opens a fresh bot process (deps) on the same database."""

    def factory() -> AbstractAsyncContextManager[Deps]:
        return open_deps(
            local_env.reload_settings(),
            clock=local_env.sandbox.state.clock.now,
            coupang_retry_policy=NO_RETRY,
            channel_interval=1 / TEST_POSTS_PER_SECOND,
        )

    return factory
