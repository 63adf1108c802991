"""`cs-bot demo` runs the bot against the local sandbox and prints every channel."""

from pathlib import Path

import pytest

from bot.cli import main


def test_demo_exits_zero_with_transcript(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    exit_code = main(["demo", "--output-dir", str(tmp_path)])

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
    charts = list(tmp_path.glob("cs-digest-*.png"))
    assert charts, "the chart should outlive the demo's temporary folder"
    assert charts[0].read_bytes().startswith(b"\x89PNG")
    assert f"chart: {charts[0]}" in output
