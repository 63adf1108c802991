"""Errors that route handlers raise and the server turns into Coupang-shaped responses."""

from typing import Any


class SandboxApiError(Exception):
    """A business or validation error, sent as `{"code": status, "message": message}`.

    Coupang sends most business errors as HTTP 400 with this envelope, so `status` defaults
    to 400.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def body(self) -> dict[str, Any]:
        return {"code": self.status, "message": self.message}


class GatewayError(Exception):
    """A gateway-level rejection (auth, IP, rate limit), sent with `"code": "ERROR"`.

    The gateway sends a string code and a `transactionId`, unlike the business APIs.
    """

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
