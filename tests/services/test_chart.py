"""The digest chart: a PNG of the right size, Korean glyphs present, matplotlib loaded lazily."""

import io
import struct
import subprocess
import sys
import textwrap
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.services.chart import korean_font_path, render_series_chart
from bot.services.digest import DailyPoint

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
REPO_ROOT = Path(__file__).parents[2]
SERIES = [
    DailyPoint(
        date(2025, 10, 29) + timedelta(days=offset), new=offset % 5 + 3, answered_within_24h=2
    )
    for offset in range(14)
]


def png_size(png: bytes) -> tuple[int, int]:
    # The IHDR chunk follows the 8-byte signature: length (4), type (4), width (4), height (4).
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def test_chart_is_png_of_requested_size() -> None:
    png = render_series_chart(SERIES, width_px=1000, height_px=500, dpi=100)

    assert png.startswith(PNG_SIGNATURE)
    assert png_size(png) == (1000, 500)


def test_chart_default_size() -> None:
    assert png_size(render_series_chart(SERIES)) == (1200, 600)


def test_chart_renders_korean_without_missing_glyphs() -> None:
    # matplotlib warns "Glyph … missing from font(s)" for every Korean character it cannot
    # draw, so turning warnings into errors fails the test if the bundled font is not used.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_series_chart(SERIES, title="주간 문의 현황 (반품·교환 제외)")

    assert png.startswith(PNG_SIGNATURE)


def test_default_font_lacks_korean_glyphs() -> None:
    # Control for the test above: without the bundled font, matplotlib does warn, so the
    # warnings check can detect a chart drawn in the wrong font.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    figure = Figure()
    FigureCanvasAgg(figure)
    figure.suptitle("신규 문의", fontproperties=FontProperties(family="DejaVu Sans"))

    with pytest.warns(UserWarning, match="missing from font"):
        figure.savefig(io.BytesIO(), format="png")


def test_chart_draws_empty_series() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = render_series_chart([], width_px=400, height_px=300)

    assert png_size(png) == (400, 300)


def test_chart_rejects_invalid_size() -> None:
    with pytest.raises(ValueError, match="chart size must be positive"):
        render_series_chart(SERIES, width_px=0)


def test_korean_font_is_bundled_truetype() -> None:
    path = korean_font_path()

    assert path.name == "NanumGothic.ttf"
    assert path.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType sfnt version 1.0


def test_chart_imports_matplotlib_lazily() -> None:
    script = textwrap.dedent(
        """
        import sys
        from datetime import date
        from bot.services.chart import render_series_chart
        from bot.services.digest import DailyPoint

        assert "matplotlib" not in sys.modules, "imported at module load"
        render_series_chart([DailyPoint(date(2025, 11, 11), 1, 1)], width_px=200, height_px=100)
        assert "matplotlib" in sys.modules
        assert "matplotlib.pyplot" not in sys.modules, "pyplot keeps figures alive"
        assert "koreanize_matplotlib" not in sys.modules, "its import changes global rcParams"
        """
    )

    result = subprocess.run(  # noqa: S603 (fixed arguments, this interpreter)
        [sys.executable, "-W", "error", "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
