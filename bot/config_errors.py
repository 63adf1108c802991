"""Turn pydantic validation errors into one line per problem, each naming the key and the fix."""

import re
from collections.abc import Iterable, Sequence

from pydantic import ValidationError
from pydantic_core import ErrorDetails

# Inputs are echoed in messages only when no part of the key looks secret.
SECRET_HINTS = ("key", "secret", "token", "password", "database_url", "wing_user")
MAX_ECHO_LENGTH = 60
# The `user:password@` part of a URL, which is replaced before a value is echoed.
_URL_USERINFO = re.compile(r"(?<=://)[^/@\s]*@")

_MESSAGES_BY_TYPE = {
    "missing": "missing, but this setting is required",
    "extra_forbidden": "unknown key. Check the spelling against config.example.toml",
}


class ConfigError(Exception):
    """Invalid or incomplete configuration. `lines` contains one message per problem."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        super().__init__("invalid configuration:\n" + "\n".join(f"  {line}" for line in lines))


def format_location(location: Iterable[int | str]) -> str:
    """Format a pydantic error location as a TOML-style key path, e.g. `vendors[0].id`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        elif text:
            text += f".{part}"
        else:
            text = part
    return text


def format_validation_errors(error: ValidationError, *, source: str, prefix: str = "") -> list[str]:
    """Return one line per error: `source: key: what is wrong (got value)`.

    `prefix` is prepended to every key, for models validated below the top of a file.
    """
    return [_format_one(details, source=source, prefix=prefix) for details in error.errors()]


def _format_one(details: ErrorDetails, *, source: str, prefix: str) -> str:
    key = format_location([*([prefix] if prefix else []), *details["loc"]]) or "(top level)"
    message = _MESSAGES_BY_TYPE.get(details["type"], details["msg"])
    message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    line = f"{source}: {key}: {message}"

    value = details.get("input")
    if details["type"] != "missing" and _is_echo_safe(key, value):
        if isinstance(value, str):
            value = _URL_USERINFO.sub("***@", value)
        line += f" (got {value!r})"
    return line


def _is_echo_safe(key: str, value: object) -> bool:
    if any(hint in key.lower() for hint in SECRET_HINTS):
        return False
    if isinstance(value, bool | int | float):
        return True
    return isinstance(value, str) and len(value) <= MAX_ECHO_LENGTH
