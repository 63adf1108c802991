"""Clocks for the Slack stand-in: the system clock, and a manual one that tests move by hand."""

from slack_sdk.signature import Clock


class ManualClock(Clock):
    """A clock that changes only when `advance` moves it, in seconds since the epoch."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:
        # The default start is 2026-01-01T00:00:00Z, so message timestamps look like real ones.
        self._now = start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        if seconds < 0:
            raise ValueError(f"cannot move the clock backwards by {seconds} s")
        self._now += seconds


__all__ = ["Clock", "ManualClock"]
