"""`cs-bot sign` prints the documented header and never the secret key."""

import pytest

from bot.cli import main

ACCESS_KEY = "a1b2c3d4-0000-1111-2222-333344445555"
SECRET_KEY = "0123456789abcdef0123456789abcdef01234567"
PATH = "/v2/providers/openapi/apis/api/v5/vendors/A00012345/onlineInquiries"
QUERY = (
    "vendorId=A00012345&answeredType=NOANSWER&inquiryStartAt=2025-01-01"
    "&inquiryEndAt=2025-01-07&pageNum=1&pageSize=50"
)
EXPECTED = (
    f"Authorization: CEA algorithm=HmacSHA256, access-key={ACCESS_KEY}, "
    "signed-date=250107T010203Z, "
    "signature=834dfc5104cb753fabe6cdfb0896353643d915fa10fadd2405039675de8b1607\n"
)


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUPANG_ACCESS_KEY", ACCESS_KEY)
    monkeypatch.setenv("COUPANG_SECRET_KEY", SECRET_KEY)


@pytest.mark.usefixtures("keys")
def test_sign_prints_vector_header(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sign", "GET", PATH, QUERY, "--date", "250107T010203Z", "--show-message"])

    output = capsys.readouterr()
    assert code == 0
    assert output.out == EXPECTED
    assert output.err.strip() == f"250107T010203ZGET{PATH}{QUERY}"
    assert SECRET_KEY not in output.out + output.err


@pytest.mark.usefixtures("keys")
def test_sign_splits_query_from_path(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sign", "get", f"{PATH}?{QUERY}", "--date", "250107T010203Z"])

    assert code == 0
    assert capsys.readouterr().out == EXPECTED


@pytest.mark.usefixtures("keys")
def test_sign_defaults_to_current_date(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sign", "POST", PATH])

    output = capsys.readouterr().out
    assert code == 0
    assert output.startswith(f"Authorization: CEA algorithm=HmacSHA256, access-key={ACCESS_KEY}")
    assert SECRET_KEY not in output


def test_sign_requires_keys(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("COUPANG_ACCESS_KEY", raising=False)
    monkeypatch.setenv("COUPANG_SECRET_KEY", SECRET_KEY)

    code = main(["sign", "GET", PATH])

    output = capsys.readouterr()
    assert code == 2
    assert "COUPANG_ACCESS_KEY" in output.err
    assert SECRET_KEY not in output.out + output.err


@pytest.mark.usefixtures("keys")
def test_sign_rejects_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["sign", "GET", PATH, "--date", "2025-01-07"])

    assert caught.value.code == 2
    assert "yyMMddTHHmmssZ" in capsys.readouterr().err


@pytest.mark.usefixtures("keys")
def test_sign_rejects_relative_path(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["sign", "GET", "v2/providers", "--date", "250107T010203Z"])

    assert code == 2
    assert "path must start with '/'" in capsys.readouterr().err
