"""The failure a Web API method handler raises to respond as Slack does."""


class ApiError(Exception):
    """A Web API failure: Slack's `error` code, the HTTP status, and optional metadata lines.

    Slack reports most failures with HTTP 200 and `{"ok": false, "error": ...}`; rate limits
    use 429 with `Retry-After`, and server faults use 5xx.
    """

    def __init__(
        self,
        error: str,
        detail: str | None = None,
        *,
        status: int = 200,
        retry_after: int | None = None,
    ) -> None:
        super().__init__(f"{error}: {detail}" if detail else error)
        self.error = error
        self.detail = detail
        self.status = status
        self.retry_after = retry_after
