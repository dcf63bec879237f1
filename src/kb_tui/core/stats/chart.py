"""The burn-up chart as text cells: done and applicable items over time.

A pure function from :class:`~kb_tui.core.stats.model.TrendPoint` records to rows of block
characters, so every terminal drawing of the trend (the explorer's dashboard, any text
output) fills the same cells for the same figures, with no drawing library: a column (or
a few) per point, the done items a solid area in eighths of a cell (``▁``…``█``), the
applicable ones not done a shaded area above it (``░``), whole cells. The caller only
styles each run by its kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from kb_tui.core.stats.model import Trend, TrendPoint

# What a run of cells shows: the done area, the applicable items not done, the top cell of
# the done area partly filled under the applicable area ("edge"), or nothing.
Kind = Literal["done", "open", "edge", "blank"]
Run = tuple[str, Kind]
Period = Literal["weekly", "daily"]

EIGHTHS = " ▁▂▃▄▅▆▇█"
DONE, OPEN, BLANK = "█", "░", " "
MAX_COLUMNS_PER_POINT = 6  # a few weeks of history still fill a chart, not a sliver
MIN_WEEKS = 3  # fewer weekly points than this: the daily points tell more


@dataclass(frozen=True, slots=True)
class BurnUp:
    """A burn-up chart ready to draw: ``rows`` top first, each a list of runs."""

    rows: list[list[Run]] = field(default_factory=list)
    top: int = 0  # the value at the top edge of the chart (the most applicable items)
    points: list[TrendPoint] = field(default_factory=list)  # those drawn, oldest first
    per_point: int = 1  # columns per point
    width: int = 0  # columns drawn (points × per_point)

    @property
    def first(self) -> dt.date | None:
        return self.points[0].day if self.points else None

    @property
    def last(self) -> dt.date | None:
        return self.points[-1].day if self.points else None

    def x_axis(self) -> str:
        """The first and the last day under the chart, as much as ``width`` holds."""
        if self.first is None or self.last is None:
            return ""
        first, last = self.first.isoformat(), self.last.isoformat()
        if first == last or len(first) + len(last) + 1 > self.width:
            return last.rjust(self.width) if len(last) <= self.width else ""
        return first + last.rjust(self.width - len(first))


def default_period(trend: Trend) -> Period:
    """Weekly points once there are a few weeks of them, else daily ones."""
    return "weekly" if len(trend.weekly) >= MIN_WEEKS else "daily"


def points_of(trend: Trend, period: Period) -> list[TrendPoint]:
    return trend.weekly if period == "weekly" else trend.daily


def burn_up(points: Sequence[TrendPoint], width: int, height: int) -> BurnUp:
    """The chart of the newest ``points`` that fit in ``width`` × ``height`` cells.

    Heights are scaled to the most applicable items among the points drawn: done rounds
    down to an eighth of a cell (at least one eighth once anything is done), applicable to
    the nearest whole cell (never below the done area).
    """
    if width <= 0 or height <= 0 or not points:
        return BurnUp()
    per_point = max(1, min(MAX_COLUMNS_PER_POINT, width // len(points)))
    shown = list(points[-(width // per_point) :])
    top = max(max(point.applicable for point in shown), max(point.done for point in shown))
    columns = [_column(point, top, height) for point in shown]
    rows: list[list[Run]] = []
    for row in range(height - 1, -1, -1):
        runs: list[Run] = []
        for column in columns:
            glyph, kind = column[row]
            _append(runs, glyph * per_point, kind)
        rows.append(runs)
    return BurnUp(rows, top, shown, per_point, len(shown) * per_point)


def _column(point: TrendPoint, top: int, height: int) -> list[tuple[str, Kind]]:
    """The cells of one point, bottom first."""
    if top <= 0:
        return [(BLANK, "blank")] * height
    eighths = height * 8
    done = min(eighths, point.done * eighths // top)
    if point.done > 0:
        done = max(done, 1)
    full, part = divmod(done, 8)
    open_cells = (2 * point.applicable * height + top) // (2 * top)  # rounded to nearest
    open_cells = min(height, max(open_cells, full + (1 if part else 0)))
    if point.applicable > 0:
        open_cells = max(open_cells, 1)
    cells: list[tuple[str, Kind]] = []
    for row in range(height):
        if row < full:
            cells.append((DONE, "done"))
        elif row == full and part:
            cells.append((EIGHTHS[part], "edge"))
        elif row < open_cells:
            cells.append((OPEN, "open"))
        else:
            cells.append((BLANK, "blank"))
    return cells


def _append(runs: list[Run], text: str, kind: Kind) -> None:
    if runs and runs[-1][1] == kind:
        runs[-1] = (runs[-1][0] + text, kind)
    else:
        runs.append((text, kind))


def y_labels(chart: BurnUp, height: int) -> list[str]:
    """A label per row, top first: the value at the top edge of the top row and of the
    middle row (when the chart is tall enough), 0 on the bottom row; the rest blank."""
    labels = [""] * height
    if height <= 0 or chart.top <= 0:
        return labels
    labels[0] = str(chart.top)
    labels[-1] = "0"
    if height >= 5:
        middle = (height - 1) // 2
        labels[middle] = str(round(chart.top * (height - middle) / height))
    return labels
