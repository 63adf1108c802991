"""Fixtures for `/cs digest` and App Home: the bot served over signed HTTP requests."""

from tests.handlers.conftest import (
    bot,
    database_url,
    env,
    sandbox_state,
    settings,
    shared_wing_user,
)

__all__ = ["bot", "database_url", "env", "sandbox_state", "settings", "shared_wing_user"]
