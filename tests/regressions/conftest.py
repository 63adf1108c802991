"""Fixtures for the regression tests: the bot, sandbox and Slack stand-in of the action tests."""

from tests.handlers.conftest import (  # noqa: F401  (re-exported pytest fixtures)
    bot,
    database_url,
    env,
    sandbox_state,
    settings,
    shared_wing_user,
)
