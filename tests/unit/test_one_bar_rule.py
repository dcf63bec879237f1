"""Every progress bar kb-tui draws fills the same cells for the same figures: ``kb-tui
tree``, the Markdown report, the explorer's tree and the dashboard (issue 15: one rule, one
format)."""

from __future__ import annotations

import pytest

from kb_tui.core.model.progress import Summary, bar, filled_cells
from kb_tui.core.report.view import bar_cells
from kb_tui.tui.labels import mini_bar
from kb_tui.tui.screens.dashboard_views import bar_text

CASES = [(0, 134), (1, 134), (2, 134), (67, 134), (133, 134), (134, 134), (1, 3), (3, 22)]


@pytest.mark.parametrize(("done", "applicable"), CASES)
@pytest.mark.parametrize("width", [5, 8, 10, 20])
def test_every_bar_fills_the_same_cells(done: int, applicable: int, width: int) -> None:
    summary = Summary(items=applicable + 1, done=done, todo=applicable - done, na=1)
    cells = filled_cells(done, applicable, width)
    assert bar(done, applicable, width).count("█") == cells  # kb-tui tree
    assert bar_cells(summary.as_dict(), width).count("█") == cells  # the Markdown report
    assert mini_bar(summary, width).plain.count("▰") == cells  # the explorer's tree
    assert bar_text(summary, width).plain.count("█") == cells  # the dashboard's layers


def test_a_bar_is_never_empty_once_anything_is_done_nor_full_before_all_is() -> None:
    assert bar(1, 134, 8) == "█░░░░░░░"  # was empty in kb-tui tree (eighths rounded down)
    assert bar(133, 134, 8) == "███████░"
    assert bar(134, 134, 8) == "████████"
