"""`cs-bot demo` runs the bot against the local sandbox and prints every channel."""

import pytest

from bot.cli import main


def test_demo_exits_zero_with_transcript(capsys: pytest.CaptureFixture[str]) -> None:
    exit_code = main(["demo"])

    output = capsys.readouterr().out
    assert exit_code == 0
    for channel in ("#cs-inquiries", "#cs-call-center", "#cs-returns", "#cs-exchanges", "#cs-ops"):
        assert channel in output
    assert "WING에서 답변되었습니다." in output
    assert "고객이 요청을 철회했습니다." in output
    assert "쿠팡이 자동으로 종료했습니다." in output
    assert output.count("수집 중지") == 1
    assert "GET /readyz → 200" in output
    assert "처리 기한의 50%가 지났습니다" in output
    assert "⏰ 처리 기한이 지났습니다" in output
    assert "*일일 리포트 · " in output
    assert "chart: " in output
    assert ".png" in output
