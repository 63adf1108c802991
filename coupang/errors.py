"""Exceptions raised by the Coupang client.

    CoupangError                      any failed call; carries operation, vendor_id, status
    ├── CoupangAuthError              401: key unknown, header malformed, or the two below
    │   ├── SignatureExpiredError     401 "Specified signature is expired." (clock or zone)
    │   └── InvalidSignatureError     401 "Invalid signature." (query encoding, secret, verb)
    ├── CoupangForbiddenError         403 "Not allowed IP": egress IP not on the key's list
    │   └── CoupangBlockedError       403 HTML "Access Denied" page or a 302: Coupang blocks
    │                                 the caller for a while after bursts of calls or errors
    ├── CoupangNotFoundError          404, also a LookupError: wrong path or vendor id
    ├── CoupangRateLimitedError       429 Too Many Requests
    ├── CoupangServerError            5xx other than 504, and connection failures
    ├── CoupangTimeoutError           504 or a client-side timeout, also a TimeoutError
    ├── CoupangApiError               business error: another 4xx, or 2xx whose body `code`
    │                                 is not a success; `kind` classifies the known texts
    └── CoupangResponseError          2xx whose body is not JSON or lacks the expected shape

Messages name the operation, the vendor and the ids involved, never a body or a key.
Coupang's own message text is kept on `api_message`, so callers can classify it without
parsing `str(exc)`; do not log `api_message`, because some texts echo request values.
"""

from collections.abc import Mapping
from enum import StrEnum


class ApiErrorKind(StrEnum):
    """Business errors that callers handle differently, matched on Coupang's message text."""

    DUPLICATE_ANSWER = "duplicate_answer"
    CASE_CLOSED = "case_closed"
    NOT_ANSWERABLE = "not_answerable"
    INVALID_WING_ID = "invalid_wing_id"
    CONTENT_LENGTH = "content_length"
    CONTENT_EMPTY = "content_empty"
    INQUIRY_DELETED = "inquiry_deleted"
    PARENT_ANSWER_MISSING = "parent_answer_missing"
    INVALID_VENDOR_ID = "invalid_vendor_id"
    PERIOD_TOO_LONG = "period_too_long"
    RECEIPT_NOT_FOUND = "receipt_not_found"
    CANCEL_COUNT_MISMATCH = "cancel_count_mismatch"
    UNKNOWN = "unknown"


# Substrings of the error texts documented on Coupang's API pages, checked in order.
# "The inquiry can't be answer..." is returned both for closed cases and for duplicate
# answers, so it maps to NOT_ANSWERABLE rather than to either.
_KIND_MARKERS: tuple[tuple[ApiErrorKind, tuple[str, ...]], ...] = (
    (ApiErrorKind.DUPLICATE_ANSWER, ("동일한 답변이 존재합니다",)),
    (ApiErrorKind.CASE_CLOSED, ("상담이 종료된 문의입니다", "- 522")),
    (ApiErrorKind.NOT_ANSWERABLE, ("can't be answer",)),
    (
        ApiErrorKind.INVALID_WING_ID,
        ("value of replyBy", "userId가 올바르지 않습니다", "- 520", "- 521"),
    ),
    (ApiErrorKind.CONTENT_LENGTH, ("content length should be between",)),
    (ApiErrorKind.CONTENT_EMPTY, ("내용을 입력하세요",)),
    (ApiErrorKind.INQUIRY_DELETED, ("삭제된 상품문의",)),
    (ApiErrorKind.PARENT_ANSWER_MISSING, ("parentAnswerId is required",)),
    (ApiErrorKind.INVALID_VENDOR_ID, ("invalid vendor id", "invalid vendorid")),
    (
        ApiErrorKind.PERIOD_TOO_LONG,
        ("less than or equal to 7 days", "최대 조회 기간", "less then 7day", "less than 1 day"),
    ),
    (
        ApiErrorKind.RECEIPT_NOT_FOUND,
        ("취소반품접수내역이 존재하지 않습니다", "doesn't belong to the vendorid"),
    ),
    (ApiErrorKind.CANCEL_COUNT_MISMATCH, ("cancelcount가 일치하지 않습니다",)),
)


def classify_api_message(api_message: str | None) -> ApiErrorKind:
    """Map Coupang's error message text to an `ApiErrorKind` (UNKNOWN when no marker matches)."""
    if not api_message:
        return ApiErrorKind.UNKNOWN
    folded = api_message.casefold()
    for kind, markers in _KIND_MARKERS:
        if any(marker.casefold() in folded for marker in markers):
            return kind
    return ApiErrorKind.UNKNOWN


class CoupangError(Exception):
    """Base class: a Coupang call failed. `str()` is safe to log.

    `ids` holds the Coupang ids of the call (e.g. `receipt_id`), which the message lists.
    """

    def __init__(
        self,
        operation: str,
        *,
        vendor_id: str | None = None,
        status: int | None = None,
        code: str | None = None,
        api_message: str | None = None,
        detail: str = "",
        ids: Mapping[str, int | str] | None = None,
    ) -> None:
        self.operation = operation
        self.vendor_id = vendor_id
        self.status = status
        self.code = code
        self.api_message = api_message
        self.detail = detail
        self.ids: dict[str, int | str] = dict(ids or {})
        super().__init__(self._build_message())

    def add_ids(self, ids: Mapping[str, int | str]) -> None:
        """Record the ids of the failed call and rebuild the message to list them."""
        self.ids.update(ids)
        self.args = (self._build_message(),)

    def _build_message(self) -> str:
        vendor = f" for vendor {self.vendor_id}" if self.vendor_id else ""
        listed = ", ".join(f"{name}={value}" for name, value in self.ids.items())
        ids = f" ({listed})" if listed else ""
        status = f" (HTTP {self.status})" if self.status is not None else ""
        reason = f": {self.detail}" if self.detail else ""
        return f"Coupang {self.operation}{vendor}{ids} failed{status}{reason}"


class CoupangAuthError(CoupangError):
    """401: the request was not authenticated. Check the keys, the clock and the signing."""


class SignatureExpiredError(CoupangAuthError):
    """401 "Specified signature is expired.": the signed-date is too far from Coupang's clock."""


class InvalidSignatureError(CoupangAuthError):
    """401 "Invalid signature.": the signed string differs from what the gateway received."""


class CoupangForbiddenError(CoupangError):
    """403: the caller's IP address is not registered for this key."""


class CoupangBlockedError(CoupangForbiddenError):
    """403 HTML "Access Denied" page or a 302: Coupang is blocking the caller for a while."""


class CoupangNotFoundError(CoupangError, LookupError):
    """404: wrong path or vendor id, or the inquiry or receipt does not exist."""


class CoupangRateLimitedError(CoupangError):
    """429: the vendor exceeded Coupang's call rate. Wait minutes before calling again."""


class CoupangServerError(CoupangError):
    """5xx from the gateway or provider, or the connection to Coupang failed."""


class CoupangConnectionError(CoupangServerError):
    """No connection to Coupang could be opened (refused, unresolvable host, TLS handshake)."""


class CoupangTimeoutError(CoupangError, TimeoutError):
    """504 from the gateway, or no response within the client timeout."""


class CoupangApiError(CoupangError):
    """A business error: a 4xx not covered above, or a 2xx whose body `code` is an error."""

    @property
    def kind(self) -> ApiErrorKind:
        """The classified business error, from `api_message`."""
        return classify_api_message(self.api_message)


class CoupangResponseError(CoupangError):
    """A 2xx response that is not JSON, or whose `data` lacks the documented shape."""
