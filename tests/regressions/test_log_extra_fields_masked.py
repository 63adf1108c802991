"""Structured `extra=` fields pass through the personal-data filter like the message does.

`PersonalDataFilter` masks the formatted message, its arguments and the exception text,
but the values passed as `extra=` were written to the text and JSON lines unchanged. The
bot logs most context that way (errors, Slack and Coupang ids), so one value that carries
customer data, such as an error string from a library, would reach the log unmasked.
"""

import io
import logging
from collections.abc import Iterator
from typing import Literal

import pytest

from bot.logs import configure_logging

SYNTHETIC_PHONE = "010-2345-6789"
SYNTHETIC_EMAIL = "minjun.kim@example.com"


@pytest.fixture
def restore_root_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


@pytest.mark.usefixtures("restore_root_logging")
@pytest.mark.parametrize("log_format", ["text", "json"])
def test_extra_fields_are_masked(log_format: Literal["text", "json"]) -> None:
    stream = io.StringIO()
    configure_logging(fmt=log_format, stream=stream)

    logging.getLogger("bot.test").warning(
        "slack.call.failed",
        extra={"error": f"recipient {SYNTHETIC_PHONE}", "detail": SYNTHETIC_EMAIL},
    )

    output = stream.getvalue()
    assert "slack.call.failed" in output
    assert SYNTHETIC_PHONE not in output
    assert SYNTHETIC_EMAIL not in output
