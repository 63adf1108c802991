"""Fixtures for the SLA, digest and App Home tests: the end-to-end environment of `tests.app`."""

from tests.app.conftest import database_url, local_env, open_bot, sandbox_state

__all__ = ["database_url", "local_env", "open_bot", "sandbox_state"]
