"""Known-answer and property tests for Coupang request signing."""

import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coupang.signing import (
    build_authorization,
    build_query,
    build_signed_message,
    compute_hmac_sha256_hex,
    format_signed_date,
)

ACCESS_KEY = "a1b2c3d4-0000-1111-2222-333344445555"
SECRET_KEY = "0123456789abcdef0123456789abcdef01234567"
SIGNED_AT = datetime(2025, 1, 7, 1, 2, 3, tzinfo=UTC)
BASE = "/v2/providers/openapi/apis/api"

# Self-computed vectors: Coupang publishes no input/signature pair, so these were computed
# with Python's hmac over the documented scheme, using made-up keys.
VECTORS = [
    (
        "GET",
        f"{BASE}/v5/vendors/A00012345/onlineInquiries",
        "vendorId=A00012345&answeredType=NOANSWER&inquiryStartAt=2025-01-01"
        "&inquiryEndAt=2025-01-07&pageNum=1&pageSize=50",
        "834dfc5104cb753fabe6cdfb0896353643d915fa10fadd2405039675de8b1607",
    ),
    (
        "POST",
        f"{BASE}/v4/vendors/A00012345/onlineInquiries/846/replies",
        "",
        "89cb972c81a459e386ab8639d4a6b24d3164c367a78fd95d13fb156f75854e44",
    ),
    (
        "GET",
        f"{BASE}/v6/vendors/A00012345/returnRequests",
        "searchType=timeFrame&createdAtFrom=2025-01-07T00%3A00&createdAtTo=2025-01-07T10%3A00"
        "&status=UC",
        "376f5807da419db3b1039f02899e4bcc1a859ec8b998c50ae37f083716c12b42",
    ),
    (
        "GET",
        f"{BASE}/v6/vendors/A00012345/returnRequests",
        "searchType=timeFrame&createdAtFrom=2025-01-07T00:00&createdAtTo=2025-01-07T10:00"
        "&status=UC",
        "a0b7d84d1a8e79a783b579081a6c4d99af7644da3caf0b4f9154f1b437874ce0",
    ),
    (
        "PATCH",
        f"{BASE}/v4/vendors/A00012345/returnRequests/363585/approval",
        "",
        "d44ba4deded3dce5bbd2720077a9f0fb440f1379909e30c1b910c361c7435f1e",
    ),
    (
        "GET",
        f"{BASE}/v5/vendors/A00012345/ordersheets",
        "createdAtFrom=2025-07-15%2B09%3A00&createdAtTo=2025-07-16%2B09%3A00&status=INSTRUCT"
        "&maxPerPage=50",
        "0eeef4787359e3ad792f725f01704e1cabf37752c7c2dcf9741be1b6c25cd2df",
    ),
]


def test_hmac_primitive_matches_rfc4231_case_2() -> None:
    digest = compute_hmac_sha256_hex("Jefe", "what do ya want for nothing?")

    assert digest == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"


@pytest.mark.parametrize(("method", "path", "query", "signature"), VECTORS)
def test_authorization_matches_vector(method: str, path: str, query: str, signature: str) -> None:
    header = build_authorization(method, path, query, ACCESS_KEY, SECRET_KEY, SIGNED_AT)

    assert header == (
        f"CEA algorithm=HmacSHA256, access-key={ACCESS_KEY}, "
        f"signed-date=250107T010203Z, signature={signature}"
    )


def test_signed_message_concatenates_without_separators() -> None:
    method, path, query, _ = VECTORS[0]

    message = build_signed_message(method, path, query, "250107T010203Z")

    assert message == (
        "250107T010203ZGET/v2/providers/openapi/apis/api/v5/vendors/A00012345/onlineInquiries"
        "vendorId=A00012345&answeredType=NOANSWER&inquiryStartAt=2025-01-01"
        "&inquiryEndAt=2025-01-07&pageNum=1&pageSize=50"
    )


def test_lowercase_method_is_signed_uppercase() -> None:
    method, path, query, signature = VECTORS[4]

    header = build_authorization(method.lower(), path, query, ACCESS_KEY, SECRET_KEY, SIGNED_AT)

    assert header.endswith(f"signature={signature}")


def test_signed_date_converts_to_utc() -> None:
    korea = timezone(timedelta(hours=9))

    assert format_signed_date(datetime(2025, 1, 7, 10, 2, 3, tzinfo=korea)) == "250107T010203Z"


def test_signed_date_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_signed_date(datetime(2025, 1, 7, 1, 2, 3))  # noqa: DTZ001


def test_signed_message_rejects_query_in_path() -> None:
    with pytest.raises(ValueError, match="path"):
        build_signed_message("GET", "/v2/x?a=1", "", "250107T010203Z")


def test_signed_message_rejects_leading_question_mark() -> None:
    with pytest.raises(ValueError, match="query"):
        build_signed_message("GET", "/v2/x", "?a=1", "250107T010203Z")


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([("keyword", "반품 문의")], "keyword=%EB%B0%98%ED%92%88%20%EB%AC%B8%EC%9D%98"),
        ([("createdAtFrom", "2025-07-15+09:00")], "createdAtFrom=2025-07-15%2B09%3A00"),
        ([("at", "2025-01-07T00:00")], "at=2025-01-07T00%3A00"),
        ([("name", "a~b_c-d.e")], "name=a~b_c-d.e"),
        ([("q", "a&b=c/d?")], "q=a%26b%3Dc%2Fd%3F"),
        ([("pageNum", 1), ("pageSize", 50)], "pageNum=1&pageSize=50"),
        ([("b", "2"), ("a", "1")], "b=2&a=1"),
        ([("a", "1"), ("skip", None), ("c", "3")], "a=1&c=3"),
        ({"vendorId": "A00012345", "status": "UC"}, "vendorId=A00012345&status=UC"),
        ([], ""),
    ],
)
def test_build_query_encodes_once(pairs: object, expected: str) -> None:
    assert build_query(pairs) == expected  # type: ignore[arg-type]


def test_build_query_matches_vector_query() -> None:
    query = build_query(
        [
            ("createdAtFrom", "2025-07-15+09:00"),
            ("createdAtTo", "2025-07-16+09:00"),
            ("status", "INSTRUCT"),
            ("maxPerPage", 50),
        ]
    )

    assert query == VECTORS[5][2]


def test_build_query_rejects_bool() -> None:
    with pytest.raises(TypeError, match="bool"):
        build_query([("flag", True)])


path_segments = st.text(
    alphabet=st.characters(categories=("L", "N"), include_characters="-_."), max_size=20
)


@given(
    method=st.sampled_from(["GET", "POST", "PUT", "PATCH", "DELETE"]),
    segments=st.lists(path_segments, min_size=1, max_size=6),
    pairs=st.lists(st.tuples(st.text(min_size=1, max_size=10), st.text(max_size=30)), max_size=6),
    secret=st.text(min_size=1, max_size=60),
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001
        max_value=datetime(2099, 12, 31),  # noqa: DTZ001
        timezones=st.just(UTC),
    ),
)
def test_signature_equals_independent_hmac(
    method: str,
    segments: list[str],
    pairs: list[tuple[str, str]],
    secret: str,
    moment: datetime,
) -> None:
    path = "/" + "/".join(segments)
    query = build_query(pairs)

    header = build_authorization(method, path, query, "access", secret, moment)

    signed_date = moment.strftime("%y%m%dT%H%M%SZ")
    message = f"{signed_date}{method}{path}{query}".encode()
    expected = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    assert header == (
        f"CEA algorithm=HmacSHA256, access-key=access, signed-date={signed_date}, "
        f"signature={expected}"
    )


@given(pairs=st.lists(st.tuples(st.text(min_size=1), st.text()), max_size=5))
def test_query_is_ascii_without_raw_plus(pairs: list[tuple[str, str]]) -> None:
    query = build_query(pairs)

    assert query.isascii()
    assert "+" not in query
    assert " " not in query
