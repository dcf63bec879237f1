"""The burn-up chart's cells (:mod:`kb_tui.core.stats.chart`): what the dashboard draws."""

from __future__ import annotations

import datetime as dt

from kb_tui.core.stats.chart import BurnUp, burn_up, default_period, y_labels
from kb_tui.core.stats.model import Trend, TrendPoint

DAY = dt.date(2026, 1, 4)


def points(*figures: tuple[int, int]) -> list[TrendPoint]:
    return [
        TrendPoint(DAY + dt.timedelta(weeks=n), done, applicable)
        for n, (done, applicable) in enumerate(figures)
    ]


def picture(chart: BurnUp) -> list[str]:
    return ["".join(text for text, _ in row) for row in chart.rows]


def test_done_is_a_solid_area_under_the_applicable_items() -> None:
    chart = burn_up(points((0, 4), (2, 4), (4, 4)), width=3, height=4)
    assert picture(chart) == ["░░█", "░░█", "░██", "░██"]
    assert chart.top == 4
    assert chart.per_point == 1


def test_done_rounds_down_to_an_eighth_and_shows_once_anything_is_done() -> None:
    chart = burn_up(points((1, 100), (50, 100)), width=2, height=2)
    assert picture(chart) == ["░░", "▁█"]
    kinds = [kind for _, kind in chart.rows[1]]
    assert kinds == ["edge", "done"]


def test_a_few_points_take_several_columns_each_and_the_newest_win() -> None:
    few = burn_up(points((1, 2), (2, 2)), width=10, height=1)
    assert few.per_point == 5 and few.width == 10
    many = burn_up(points(*[(n, 40) for n in range(40)]), width=10, height=3)
    assert [p.done for p in many.points] == list(range(30, 40))
    assert many.width == 10


def test_the_scale_is_the_most_applicable_items_drawn() -> None:
    chart = burn_up(points((0, 10), (0, 20)), width=2, height=4)
    assert chart.top == 20
    assert picture(chart) == [" ░", " ░", "░░", "░░"]
    assert y_labels(chart, 4) == ["20", "", "", "0"]
    assert y_labels(burn_up(points((0, 10)), 1, 5), 5)[2] == "6"


def test_axis_days_fit_the_width() -> None:
    chart = burn_up(points((0, 1), (1, 1), (1, 1), (1, 1)), width=24, height=2)
    assert chart.x_axis() == "2026-01-04" + " " * 4 + "2026-01-25"
    assert burn_up(points((0, 1), (1, 1)), width=12, height=2).x_axis().strip() == "2026-01-11"


def test_nothing_to_draw() -> None:
    assert burn_up([], 10, 4).rows == []
    assert burn_up(points((0, 0)), 4, 2).rows == [[("    ", "blank")], [("    ", "blank")]]


def test_weekly_points_once_there_are_a_few_weeks() -> None:
    daily = points((0, 1))
    assert default_period(Trend(daily=daily, weekly=points((0, 1), (1, 1)))) == "daily"
    assert default_period(Trend(daily=daily, weekly=points((0, 1), (1, 1), (1, 1)))) == "weekly"
