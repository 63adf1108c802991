"""The sandbox clock: the time the sandbox checks signatures against and moves its data by."""

from datetime import UTC, datetime, timedelta


class SandboxClock:
    """An advanceable clock that returns aware UTC datetimes.

    With `start=None` it follows the wall clock plus every `advance()` so far, which suits a
    sandbox that a real bot signs against. With a `start` it is frozen at that moment and moves
    only through `advance()`, which makes tests deterministic.
    """

    def __init__(self, start: datetime | None = None) -> None:
        if start is not None and start.utcoffset() is None:
            raise ValueError(f"SandboxClock needs an aware start time, got {start.isoformat()}")
        self._start = start.astimezone(UTC) if start is not None else None
        self._offset = timedelta(0)

    @property
    def frozen(self) -> bool:
        return self._start is not None

    def now(self) -> datetime:
        base = self._start if self._start is not None else datetime.now(UTC)
        return base + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move the clock forward by `delta` and return the new time."""
        if delta < timedelta(0):
            raise ValueError(f"SandboxClock only moves forward, got {delta}")
        self._offset += delta
        return self.now()
