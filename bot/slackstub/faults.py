"""Fault injection: make the next N calls of a Web API method fail in a chosen way."""

from collections import defaultdict, deque
from dataclasses import dataclass


@dataclass(frozen=True)
class Fault:
    """One planned failure: an HTTP status, and for 200 an `ok: false` error code."""

    status: int
    error: str
    retry_after: int | None = None


class FaultPlan:
    """Faults queued per method name; each call of that method consumes one."""

    def __init__(self) -> None:
        self._queues: defaultdict[str, deque[Fault]] = defaultdict(deque)

    def add(
        self,
        method: str,
        *,
        times: int = 1,
        status: int = 200,
        error: str | None = None,
        retry_after: int | None = None,
    ) -> None:
        """Queue `times` failures of `method`.

        Status 429 returns `ratelimited` with `Retry-After` (default 1 s), and a 5xx status
        returns `internal_error` unless `error` is given. Status 200 needs `error`, the code
        returned with `ok: false`.
        """
        if times < 1:
            raise ValueError(f"times must be at least 1, got {times}")
        if status == 429:
            fault = Fault(429, error or "ratelimited", retry_after or 1)
        elif status >= 500:
            fault = Fault(status, error or "internal_error")
        elif status == 200 and error:
            fault = Fault(200, error)
        else:
            raise ValueError(
                f"unsupported fault: status {status} with error {error!r}; "
                "use 429, a 5xx status, or 200 with an error code"
            )
        self._queues[method].extend([fault] * times)

    def take(self, method: str) -> Fault | None:
        queue = self._queues.get(method)
        if not queue:
            return None
        return queue.popleft()

    def pending(self, method: str) -> int:
        return len(self._queues.get(method, ()))
