"""Fixtures for the Slack action tests: environment, people and roles, one or two bots."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.local_env import LocalEnvironment, run_local_environment
from bot.settings import Settings
from coupang.sandbox import SandboxState
from tests.app.helpers import quiet_sandbox
from tests.handlers.harness import POSTS_PER_SECOND, Bot, add_people, configure_roles, run_bot


@pytest.fixture
def sandbox_state() -> SandboxState:
    return quiet_sandbox()


@pytest.fixture
def shared_wing_user() -> bool:
    """Whether the vendor's `wing_user` (the shared team account) is configured."""
    return True


@pytest.fixture
def database_url() -> str | None:
    """The bots' shared database; None means a SQLite file in `tmp_path`."""
    return None


@pytest.fixture
async def env(
    tmp_path: Path, sandbox_state: SandboxState, database_url: str | None
) -> AsyncIterator[LocalEnvironment]:
    async with run_local_environment(
        tmp_path,
        sandbox_state=sandbox_state,
        database_url=database_url,
        slack_posts_per_second=POSTS_PER_SECOND,
    ) as local_env:
        add_people(local_env)
        yield local_env


@pytest.fixture
def settings(env: LocalEnvironment, shared_wing_user: bool) -> Settings:
    return configure_roles(env, shared_wing_user=shared_wing_user)


@pytest.fixture
async def bot(env: LocalEnvironment, settings: Settings) -> AsyncIterator[Bot]:
    async with run_bot(env, settings) as running:
        yield running
