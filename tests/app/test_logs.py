"""Logging setup: one root handler, key=value or JSON lines, context ids, privacy filter."""

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import ContextFilter, configure_logging, log_context

SYNTHETIC_PHONE = "010-2345-6789"


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
def test_text_lines_carry_context_fields() -> None:
    stream = io.StringIO()
    configure_logging(stream=stream)

    with log_context(vendor="A00012345", kind="return_request"):
        logging.getLogger("bot.test").info("poll.finished", extra={"item_id": 42})

    line = stream.getvalue().strip()
    assert "level=INFO" in line
    assert "logger=bot.test" in line
    assert "msg=poll.finished" in line
    assert "vendor=A00012345" in line
    assert "kind=return_request" in line
    assert "item_id=42" in line


@pytest.mark.usefixtures("restore_root_logging")
def test_json_lines_are_parseable() -> None:
    stream = io.StringIO()
    configure_logging(fmt="json", stream=stream)

    with log_context(vendor="A00012345"):
        logging.getLogger("bot.test").warning("outbox.entry.failed", extra={"error": "x"})

    record = json.loads(stream.getvalue())
    assert record["msg"] == "outbox.entry.failed"
    assert record["level"] == "WARNING"
    assert record["vendor"] == "A00012345"
    assert record["error"] == "x"


@pytest.mark.usefixtures("restore_root_logging")
def test_privacy_filter_masks_phone_numbers() -> None:
    stream = io.StringIO()
    configure_logging(stream=stream)

    logging.getLogger("some.library").info("callback to %s failed", SYNTHETIC_PHONE)

    output = stream.getvalue()
    assert "callback to" in output
    assert SYNTHETIC_PHONE not in output


@pytest.mark.usefixtures("restore_root_logging")
def test_configure_replaces_root_handlers() -> None:
    configure_logging(stream=io.StringIO())
    configure_logging(stream=io.StringIO(), level="WARNING")

    root = logging.getLogger()
    assert len(root.handlers) == 1
    assert root.level == logging.WARNING
    assert logging.getLogger("apscheduler").level == logging.WARNING


def test_context_is_removed_after_block() -> None:
    with log_context(vendor="A00012345"):
        pass
    record = logging.makeLogRecord({"msg": "after"})

    ContextFilter().filter(record)
    assert not hasattr(record, "vendor")


@pytest.mark.usefixtures("restore_root_logging")
def test_exception_lines_omit_message() -> None:
    stream = io.StringIO()
    configure_logging(stream=stream)

    try:
        raise ValueError(f"response body with {SYNTHETIC_PHONE}")
    except ValueError:
        logging.getLogger("bot.test").exception("outbox.entry.crashed")

    line = stream.getvalue()
    assert "exc_type=ValueError" in line
    assert "test_exception_lines_omit_message@app/test_logs.py" in line
    assert "response body" not in line
    assert SYNTHETIC_PHONE not in line
