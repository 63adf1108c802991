"""A logging filter that masks personal data in every record, as the last line of defence.

Callers must still keep personal data out of log calls. The filter catches what slips
through: a phone number in an exception message, an e-mail in a formatted argument or in a
field passed with `extra=`.
"""

import logging
import traceback

from bot.privacy.masking import mask_text

# Attributes that every LogRecord has. Any other attribute was set through `extra=` (or by
# another filter) and is written to the log line by formatters that print extra fields.
_RECORD_ATTRIBUTES = frozenset(logging.makeLogRecord({}).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
# Values of these types carry no text, so they are written as they are.
_PLAIN_TYPES = (bool, int, float, type(None))


class PersonalDataFilter(logging.Filter):
    """Mask the message, arguments, exception text, stack and extra fields of each record.

    The record's message is formatted once and stored masked, with `args` cleared, so
    handlers further down see only masked text. Every attribute set through `extra=` that is
    not a number, bool or None is replaced by its masked text. Attach the filter to handlers
    rather than loggers: a filter on a logger does not run for records that propagate from
    child loggers. The filter never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_text(_formatted_message(record))
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip("\n")
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        _mask_extra_fields(record)
        return True


def _mask_extra_fields(record: logging.LogRecord) -> None:
    fields = record.__dict__
    for key in fields.keys() - _RECORD_ATTRIBUTES:
        value = fields[key]
        if isinstance(value, _PLAIN_TYPES):
            continue
        # Formatters write other objects with str(), so their text is what gets masked.
        text = value if isinstance(value, str) else _text_of(value)
        fields[key] = mask_text(text)


def _text_of(value: object) -> str:
    try:
        return str(value)
    except Exception:  # An object whose __str__ fails must not lose the record.
        return f"<{type(value).__name__} that could not be converted to text>"


def _formatted_message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # A bad format string must not lose the record.
        return f"{record.msg!s} (arguments could not be formatted: {record.args!r})"
