"""PNG bar chart of the digest's 14-day series, with Korean labels in a bundled font.

matplotlib is imported only when a chart is drawn, because the import is slow (0.8 s by
`python -X importtime` on a 2-core machine) and the bot draws one chart a day. The chart uses
matplotlib's object API with the Agg canvas, so no GUI backend is loaded and no figure is kept
in pyplot's global registry.
"""

from __future__ import annotations

import functools
import importlib.util
import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot.services.digest import DailyPoint

if TYPE_CHECKING:
    from matplotlib.font_manager import FontProperties

# koreanize-matplotlib ships NanumGothic (SIL Open Font License) inside its wheel, so no system
# font package is needed. We read the file from the package directory and never import the
# package: its import changes matplotlib's global rcParams and imports the deprecated distutils.
FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILE = Path("fonts") / "NanumGothic.ttf"
WEEKDAYS_KO = "월화수목금토일"
NEW_COLOR = "#9db4d6"
ANSWERED_COLOR = "#2f6db5"


class ChartFontError(RuntimeError):
    """Raised when the bundled Korean font file cannot be found."""


def korean_font_path() -> Path:
    """Return the path of the bundled NanumGothic font file without importing its package."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec is not None else []
    for location in locations:
        path = Path(location) / FONT_FILE
        if path.is_file():
            return path
    raise ChartFontError(
        f"Korean font {FONT_FILE} not found in package {FONT_PACKAGE}; "
        "install the koreanize-matplotlib distribution (a dependency of cs-bot)"
    )


def render_series_chart(
    series: Sequence[DailyPoint],
    *,
    title: str = "최근 14일 문의 처리 현황",
    width_px: int = 1200,
    height_px: int = 600,
    dpi: int = 100,
) -> bytes:
    """Draw new inquiries and those answered within 24 h per day, and return PNG bytes.

    The image is exactly `width_px` × `height_px` pixels. Drawing is CPU-bound, so async
    callers should run it with asyncio.to_thread.
    """
    if width_px <= 0 or height_px <= 0 or dpi <= 0:
        raise ValueError(f"chart size must be positive, got {width_px}x{height_px} at {dpi} dpi")

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    font = _korean_font()
    figure = Figure(figsize=(width_px / dpi, height_px / dpi), dpi=dpi)
    FigureCanvasAgg(figure)  # attaches the Agg canvas to the figure, so no GUI backend loads
    try:
        axes = figure.add_subplot()
        positions = range(len(series))
        axes.bar(
            [x - 0.2 for x in positions],
            [point.new for point in series],
            width=0.4,
            color=NEW_COLOR,
            label="신규 문의",
        )
        axes.bar(
            [x + 0.2 for x in positions],
            [point.answered_within_24h for point in series],
            width=0.4,
            color=ANSWERED_COLOR,
            label="24시간 내 답변",
        )

        axes.set_title(title, fontproperties=font, fontsize=16)
        axes.set_ylabel("건수", fontproperties=font)
        axes.set_xticks(list(positions), [_day_label(point) for point in series])
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        # Counts are never negative. A fixed floor also keeps an all-zero series from getting
        # negative ticks, because NanumGothic has no glyph for the minus sign (U+2212).
        highest = max([1, *(point.new for point in series)])
        highest = max([highest, *(point.answered_within_24h for point in series)])
        axes.set_ylim(0, highest * 1.1)
        for label in [*axes.get_xticklabels(), *axes.get_yticklabels()]:
            label.set_fontproperties(font)
        axes.legend(prop=font, loc="upper left")
        axes.grid(axis="y", alpha=0.3)
        figure.tight_layout()

        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        return buffer.getvalue()
    finally:
        figure.clear()


def _day_label(point: DailyPoint) -> str:
    return f"{point.day.month}/{point.day.day}\n({WEEKDAYS_KO[point.day.weekday()]})"


@functools.cache
def _korean_font() -> FontProperties:
    from matplotlib import font_manager

    path = korean_font_path()
    # Registering the file lets matplotlib find "NanumGothic" by name as well. The chart itself
    # passes FontProperties with the file path, so it never depends on global rcParams.
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path))
