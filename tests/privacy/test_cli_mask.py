"""`cs-bot mask` masks standard input line by line."""

import io
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import build_parser, main

REPO = Path(__file__).parents[2]


def test_mask_command_is_registered() -> None:
    args = build_parser().parse_args(["mask"])

    assert callable(args.handler)


def test_mask_command_masks_stdin() -> None:
    invalid_utf8 = b"\xff"
    stdin = (
        "수령인 홍길동\r\n연락처 010-1234-5678\n".encode()
        + invalid_utf8
        + "깨진\n주문번호 2088995790328".encode()
    )

    result = subprocess.run(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "mask"],
        input=stdin,
        capture_output=True,
        cwd=REPO,
        check=False,
        timeout=60,
    )

    assert result.returncode == 0
    assert result.stderr == b""
    assert result.stdout.decode("utf-8") == (
        "수령인 홍*동\r\n연락처 010-****-5678\n\ufffd깨진\n주문번호 2088995790328"
    )


def test_mask_command_streams_each_line() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", "import sys; from bot.cli import main; sys.exit(main())", "mask"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=REPO,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    try:
        process.stdin.write("연락처 010-1234-5678\n".encode())
        process.stdin.flush()

        first = process.stdout.readline()

        assert first.decode() == "연락처 010-****-5678\n"
    finally:
        process.stdin.close()
        process.wait(timeout=60)
    assert process.returncode == 0


def test_mask_main_returns_zero(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("예금주 최소윤\n".encode())))

    assert main(["mask"]) == 0

    assert capsysbinary.readouterr().out.decode() == "예금주 최*윤\n"
