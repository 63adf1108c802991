"""Logging setup: one root handler, structured lines, context fields and the privacy filter.

This is the only module that configures handlers, formatters and filters. Other modules call
`logging.getLogger(__name__)` and pass ids through `log_context(...)` or `extra=`.
"""

import contextlib
import contextvars
import json
import logging
import sys
import traceback
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Literal, TextIO

LogFormat = Literal["text", "json"]

# Fields that a log line may carry besides its message: ids only, never personal data.
CONTEXT_FIELDS = ("vendor", "kind", "item_id", "action", "channel", "job", "attempt", "error")

_context: contextvars.ContextVar[tuple[tuple[str, object], ...]] = contextvars.ContextVar(
    "cs_bot_log_context", default=()
)

# Innermost frames of an exception's traceback that a log line names.
TRACEBACK_FRAMES = 5

# Attributes every LogRecord has; anything else on a record came from `extra=`.
_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


@contextlib.contextmanager
def log_context(**fields: object) -> Iterator[None]:
    """Add id fields (vendor, item_id, action...) to every log line written inside the block."""
    merged = {**dict(_context.get()), **{k: v for k, v in fields.items() if v is not None}}
    token = _context.set(tuple(merged.items()))
    try:
        yield
    finally:
        _context.reset(token)


class ContextFilter(logging.Filter):
    """Copy the fields set by `log_context` onto each record, unless `extra=` already set them."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in _context.get():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


def _extra_fields(record: logging.LogRecord) -> dict[str, object]:
    return {
        key: value
        for key, value in record.__dict__.items()
        if key not in _RECORD_ATTRIBUTES and not key.startswith("_")
    }


class KeyValueFormatter(logging.Formatter):
    """Format records as `ts=... level=... logger=... msg="..." key=value` lines."""

    def format(self, record: logging.LogRecord) -> str:
        parts = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **_extra_fields(record),
        }
        parts.update(_exception_fields(record))
        return " ".join(f"{key}={_quote(value)}" for key, value in parts.items())


class JsonFormatter(logging.Formatter):
    """Format records as one JSON object per line with the same fields as the text format."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
            **_extra_fields(record),
        }
        payload.update(_exception_fields(record))
        return json.dumps(payload, ensure_ascii=False, default=str)


def configure_logging(
    level: str | int = "INFO", fmt: LogFormat = "text", stream: TextIO | None = None
) -> logging.Handler:
    """Replace the root handlers with one stream handler that filters and formats every line.

    The handler carries the context filter and the privacy filter, so a record logged by any
    library passes the masking step before it is written. Returns the installed handler.
    """
    from bot.privacy import PersonalDataFilter

    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else KeyValueFormatter())
    handler.addFilter(ContextFilter())
    handler.addFilter(PersonalDataFilter())

    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    root.addHandler(handler)
    root.setLevel(level)

    # Debug output of these libraries contains request and response bodies, and the
    # scheduler logs every job run at INFO.
    floor = max(logging.INFO, root.getEffectiveLevel())
    for noisy in ("slack_sdk", "slack_bolt", "aiohttp.access", "asyncio"):
        logging.getLogger(noisy).setLevel(floor)
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, floor))
    return handler


def _exception_fields(record: logging.LogRecord) -> dict[str, object]:
    # The class and where it was raised, but not the message: exception text from HTTP and
    # Slack clients may embed request or response bodies.
    if not record.exc_info or record.exc_info[0] is None:
        return {}
    frames = traceback.extract_tb(record.exc_info[2])[-TRACEBACK_FRAMES:]
    where = " < ".join(
        f"{frame.name}@{_short_path(frame.filename)}:{frame.lineno}" for frame in reversed(frames)
    )
    return {"exc_type": record.exc_info[0].__name__, "exc_where": where}


def _short_path(filename: str) -> str:
    parts = filename.replace("\\", "/").split("/")
    return "/".join(parts[-2:])


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


def _quote(value: object) -> str:
    text = str(value)
    if text and not any(ch in text for ch in ' "=\n\t'):
        return text
    return json.dumps(text, ensure_ascii=False)
