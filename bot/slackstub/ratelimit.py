"""Per-channel pacing of chat.postMessage, as Slack applies it (about 1 message/s, short bursts)."""

import math
from dataclasses import dataclass

from slack_sdk.signature import Clock


@dataclass
class _Bucket:
    tokens: float
    updated_at: float


class ChannelRateLimiter:
    """A token bucket per channel: `burst` messages at once, then `rate_per_second` refill.

    Slack documents "about 1 message per second per channel, with short bursts" and no exact
    burst size, so the default burst of 3 is a guess at the same order.
    """

    def __init__(self, clock: Clock, *, rate_per_second: float = 1.0, burst: int = 3) -> None:
        if rate_per_second <= 0 or burst < 1:
            raise ValueError(f"invalid rate limit: {rate_per_second}/s with burst {burst}")
        self._clock = clock
        self._rate = rate_per_second
        self._burst = burst
        self._buckets: dict[str, _Bucket] = {}

    def acquire(self, channel_id: str) -> int | None:
        """Take one token for `channel_id`; return None, or whole seconds to wait (Retry-After)."""
        now = self._clock.now()
        bucket = self._buckets.setdefault(channel_id, _Bucket(float(self._burst), now))
        elapsed = max(0.0, now - bucket.updated_at)
        bucket.tokens = min(float(self._burst), bucket.tokens + elapsed * self._rate)
        bucket.updated_at = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return max(1, math.ceil((1.0 - bucket.tokens) / self._rate))
