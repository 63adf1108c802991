"""Error classification, error messages, credentials and retry-policy validation."""

import random

import pytest
from pydantic import ValidationError

from coupang.credentials import VendorCredentials
from coupang.errors import (
    ApiErrorKind,
    CoupangApiError,
    CoupangError,
    CoupangNotFoundError,
    CoupangTimeoutError,
    classify_api_message,
)
from coupang.transport import RetryPolicy

SECRET = "secret-key-never-shown-0123456789"
ACCESS = "access-key-never-shown-0001"


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("동일한 답변이 존재합니다.", ApiErrorKind.DUPLICATE_ANSWER),
        ("상담이 종료된 문의입니다 - 522", ApiErrorKind.CASE_CLOSED),
        (
            "The inquiry can't be answer. It can do only inquiryStatus:progress, "
            "partnerTransferStatus:requestAnswer",
            ApiErrorKind.NOT_ANSWERABLE,
        ),
        (
            "The value of replyBy (Responder Seller Portal (WING) ID) is incorrect. Please "
            "enter the correct wing ID or vendorId.",
            ApiErrorKind.INVALID_WING_ID,
        ),
        ("userId가 올바르지 않습니다 - 520", ApiErrorKind.INVALID_WING_ID),
        ("userId가 올바르지 않습니다 - 521", ApiErrorKind.INVALID_WING_ID),
        ("The reply content length should be between 2 ~ 1000", ApiErrorKind.CONTENT_LENGTH),
        ("내용을 입력하세요.", ApiErrorKind.CONTENT_EMPTY),
        ("삭제된 상품문의에는 더 이상 답변할 수 없습니다.", ApiErrorKind.INQUIRY_DELETED),
        ("The parentAnswerId is required.", ApiErrorKind.PARENT_ANSWER_MISSING),
        ("Invalid vendor ID", ApiErrorKind.INVALID_VENDOR_ID),
        ("invalid vendorId", ApiErrorKind.INVALID_VENDOR_ID),
        (
            "time interval needs to be less than or equal to 7 days, pattern should be yyyy-MM-dd",
            ApiErrorKind.PERIOD_TOO_LONG,
        ),
        (
            "최대 조회 기간은 7 일 입니다.(The maximum view duration is 7 days)",
            ApiErrorKind.PERIOD_TOO_LONG,
        ),
        ("createdAtTo - createdAtFrom should less then 7day", ApiErrorKind.PERIOD_TOO_LONG),
        ("취소반품접수내역이 존재하지 않습니다", ApiErrorKind.RECEIPT_NOT_FOUND),
        (
            "ReceiptId doesn't belong to the vendorId, or cannot find the Receipt by the given id",
            ApiErrorKind.RECEIPT_NOT_FOUND,
        ),
        (
            "[INTERNAL_SERVER_ERROR] 취소반품접수수량과 cancelCount가 일치하지 않습니다.",
            ApiErrorKind.CANCEL_COUNT_MISMATCH,
        ),
        ("Something new", ApiErrorKind.UNKNOWN),
        ("", ApiErrorKind.UNKNOWN),
        (None, ApiErrorKind.UNKNOWN),
    ],
)
def test_classify_known_messages(message: str | None, kind: ApiErrorKind) -> None:
    assert classify_api_message(message) is kind


def test_api_error_kind_from_message() -> None:
    error = CoupangApiError("reply_online_inquiry", api_message="동일한 답변이 존재합니다.")

    assert error.kind is ApiErrorKind.DUPLICATE_ANSWER


def test_error_message_lists_ids_not_api_text() -> None:
    error = CoupangApiError(
        "approve_return_request",
        vendor_id="A00012345",
        status=400,
        code="400",
        api_message="홍길동테스트 010-9876-5432",
        detail="request rejected by Coupang",
    )

    error.add_ids({"receipt_id": 363585})

    assert str(error) == (
        "Coupang approve_return_request for vendor A00012345 (receipt_id=363585) failed "
        "(HTTP 400): request rejected by Coupang"
    )
    assert "010-9876-5432" not in repr(error)


def test_error_tree_builtin_bases() -> None:
    assert issubclass(CoupangNotFoundError, LookupError)
    assert issubclass(CoupangTimeoutError, TimeoutError)
    assert issubclass(CoupangTimeoutError, CoupangError)


def test_credentials_repr_masks_keys() -> None:
    credentials = VendorCredentials(vendor_id="A00012345", access_key=ACCESS, secret_key=SECRET)

    for text in (repr(credentials), str(credentials), f"{credentials!r}"):
        assert SECRET not in text
        assert ACCESS not in text
    assert credentials.secret_key.get_secret_value() == SECRET


@pytest.mark.parametrize("vendor_id", ["a00012345", "B00012345", "A", "A0001234x", " A00012345"])
def test_credentials_reject_bad_vendor_id(vendor_id: str) -> None:
    with pytest.raises(ValidationError) as caught:
        VendorCredentials(vendor_id=vendor_id, access_key=ACCESS, secret_key=SECRET)

    assert SECRET not in str(caught.value)


def test_credentials_accept_c_prefix() -> None:
    credentials = VendorCredentials(vendor_id="C123", access_key=ACCESS, secret_key=SECRET)

    assert credentials.vendor_id == "C123"


@pytest.mark.parametrize("field", ["access_key", "secret_key"])
def test_credentials_reject_empty_key(field: str) -> None:
    values = {"vendor_id": "A00012345", "access_key": ACCESS, "secret_key": SECRET, field: ""}

    with pytest.raises(ValidationError):
        VendorCredentials(**values)


def test_retry_delay_grows_and_caps() -> None:
    policy = RetryPolicy(initial_delay=5, rate_limited_initial_delay=30, max_delay=100, jitter=0)
    rng = random.Random(1)

    delays = [policy.compute_delay(n, rate_limited=False, rng=rng) for n in range(1, 7)]
    limited = policy.compute_delay(1, rate_limited=True, rng=rng)

    assert delays == [5, 10, 20, 40, 80, 100]
    assert limited == 30


def test_retry_jitter_stays_in_band() -> None:
    policy = RetryPolicy(initial_delay=10, jitter=0.2)
    rng = random.Random(7)

    delays = [policy.compute_delay(1, rate_limited=False, rng=rng) for _ in range(200)]

    assert min(delays) >= 8
    assert max(delays) <= 12
    assert len(set(delays)) > 1


@pytest.mark.parametrize(
    "options",
    [
        {"max_attempts": 0},
        {"initial_delay": -1},
        {"rate_limited_initial_delay": -1},
        {"multiplier": 0.5},
        {"jitter": 1.0},
        {"jitter": -0.1},
    ],
)
def test_retry_policy_rejects_invalid(options: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        RetryPolicy(**options)  # type: ignore[arg-type]
