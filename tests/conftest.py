"""Fixtures shared by every test folder."""

import logging
from collections.abc import Iterator

import pytest

# Loggers whose levels `bot.logs.configure_logging` changes.
_TUNED_LOGGERS = ("", "slack_sdk", "slack_bolt", "aiohttp.access", "asyncio", "apscheduler")


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Put the root handlers and logger levels back after a test that configured logging.

    CLI commands run in-process install a handler on the test's captured stderr. Left in
    place, it writes to a closed stream in later tests.
    """
    root = logging.getLogger()
    handlers = list(root.handlers)
    levels = {name: logging.getLogger(name).level for name in _TUNED_LOGGERS}
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)
