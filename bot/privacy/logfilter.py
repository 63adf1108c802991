"""A logging filter that masks personal data in every record, as the last line of defence.

Callers must still keep personal data out of log calls. The filter catches what slips
through: a phone number in an exception message, an e-mail in a formatted argument.
"""

import logging
import traceback

from bot.privacy.masking import mask_text


class PersonalDataFilter(logging.Filter):
    """Mask the message, arguments, exception text and stack of each record in place.

    The record's message is formatted once and stored masked, with `args` cleared, so
    handlers further down see only masked text. Attach it to handlers rather than loggers:
    a filter on a logger does not run for records that propagate from child loggers. The
    filter never drops a record.
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
        return True


def _formatted_message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # A bad format string must not lose the record.
        return f"{record.msg!s} (arguments could not be formatted: {record.args!r})"
