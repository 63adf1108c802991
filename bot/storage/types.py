"""Column types shared by the tables."""

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Dialect, Integer
from sqlalchemy.types import TypeDecorator

# SQLite only auto-increments a column declared exactly INTEGER PRIMARY KEY.
RowIdType = BigInteger().with_variant(Integer(), "sqlite")


class NaiveDatetimeError(ValueError):
    """A datetime without a time zone was given for a UTC column."""


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetime stored in UTC. Naive values are rejected.

    PostgreSQL stores `timestamptz`. SQLite has no time zone type, so the value is stored as naive
    UTC text and made aware again when read.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise NaiveDatetimeError(f"naive datetime {value.isoformat()} given. Use an aware one")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
