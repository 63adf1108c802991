"""Field types shared by the Coupang models: timestamps, dates, money and lenient enums.

Coupang returns timestamps in several shapes depending on the endpoint and its version:
`yyyy-MM-dd HH:mm:ss` (CS v4), `yyyy-MM-ddTHH:mm:ss` (returns, exchanges), `yyyy-MM-ddTHH:mm`,
and ISO-8601 with microseconds and an offset (2025 versions). A value without an offset is
Korea wall time. Every shape is normalized to an aware UTC datetime, and `""` to None.
"""

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BeforeValidator

KOREA_TZ = ZoneInfo("Asia/Seoul")

_DATETIME_PATTERN = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})[ T](?P<hour>\d{2}):(?P<minute>\d{2})"
    r"(?::(?P<second>\d{2})(?:\.(?P<fraction>\d{1,9}))?)?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")

EnumT = TypeVar("EnumT", bound=StrEnum)


def parse_coupang_datetime(value: object) -> datetime | None:
    """Parse any documented Coupang timestamp into an aware UTC datetime.

    None and `""` give None. A naive value (string or datetime) is read as Asia/Seoul time.
    Raises ValueError for any other shape.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = _parse_datetime_text(value.strip())
    else:
        raise ValueError(f"expected a timestamp string, got {type(value).__name__}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=KOREA_TZ)
    return moment.astimezone(UTC)


def _parse_datetime_text(text: str) -> datetime:
    match = _DATETIME_PATTERN.match(text)
    if match is None:
        raise ValueError(f"invalid timestamp format: {text[:40]!r}")

    # Rebuild one canonical ISO text from the matched parts, truncating the fraction to the
    # microseconds a datetime can hold.
    fraction = (match["fraction"] or "0")[:6].ljust(6, "0")
    offset = match["offset"] or ""
    if offset == "Z":
        offset = "+00:00"
    elif offset and ":" not in offset:
        offset = f"{offset[:3]}:{offset[3:]}"
    second = match["second"] or "00"
    iso = f"{match['date']}T{match['hour']}:{match['minute']}:{second}.{fraction}{offset}"
    return datetime.fromisoformat(iso)


def parse_coupang_date(value: object) -> date | None:
    """Parse a `yyyy-MM-dd` calendar date; None and `""` give None."""
    if value is None or value == "":
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_PATTERN.match(value.strip()):
        return date.fromisoformat(value.strip())
    raise ValueError(f"expected a yyyy-MM-dd date, got {str(value)[:40]!r}")


def parse_money(value: object) -> Decimal | None:
    """Parse a plain number or a `{currencyCode, units, nanos}` object into a Decimal.

    The object form appears in endpoint versions from 2025 on; its currency is dropped
    because this seller only trades in KRW.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError("expected a money amount, got a boolean")
    if isinstance(value, dict):
        units = _to_decimal(value.get("units", 0))
        nanos = _to_decimal(value.get("nanos", 0) or 0)
        return units + nanos / Decimal(1_000_000_000)
    return _to_decimal(value)


def _to_decimal(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ValueError(f"expected a number, got {type(value).__name__}")
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValueError(f"expected a number, got {str(value)[:40]!r}") from exc
    if not amount.is_finite():
        raise ValueError("expected a finite number")
    return amount


def _empty_to_none(value: object) -> object:
    return None if value == "" else value


def lenient_enum(enum_type: type[EnumT]) -> BeforeValidator:
    """Build a validator that turns known values into `enum_type` and keeps unknown strings.

    Coupang adds status values without notice (e.g. exchange `collectStatus` "Collecting"
    is in samples but not in the documented list), so unknown values must not fail parsing.
    """

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            try:
                return enum_type(value)
            except ValueError:
                return value
        return value

    return BeforeValidator(convert)


CoupangDateTime = Annotated[datetime | None, BeforeValidator(parse_coupang_datetime)]
CoupangDate = Annotated[date | None, BeforeValidator(parse_coupang_date)]
Money = Annotated[Decimal | None, BeforeValidator(parse_money)]
OptionalInt = Annotated[int | None, BeforeValidator(_empty_to_none)]
