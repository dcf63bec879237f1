"""The real binary in a real terminal follows a resize at once (issue 15 #6): one resize of
the tmux window, not two, stacks the viewer and the checklist or puts them side by side."""

from __future__ import annotations

CORNER = "╭"  # each pane's top-left corner (round borders)


def pane_tops(screen: str) -> list[tuple[int, int]]:
    """(row, column) of every pane's top-left corner."""
    return [
        (row, column)
        for row, line in enumerate(screen.splitlines())
        for column, char in enumerate(line)
        if char == CORNER
    ]


def side_by_side(screen: str) -> bool:
    """Three panes whose tops are on one row."""
    tops = pane_tops(screen)
    return len(tops) == 3 and len({row for row, _ in tops}) == 1


def stacked(screen: str) -> bool:
    """The tree and the viewer side by side, the checklist under the viewer."""
    tops = pane_tops(screen)
    if len(tops) != 3:
        return False
    (tree_row, tree_column), (viewer_row, viewer_column), (list_row, list_column) = tops
    return tree_row == viewer_row < list_row and tree_column < viewer_column == list_column


def test_one_resize_changes_the_layout(terminal) -> None:  # type: ignore[no-untyped-def]
    term = terminal(160, 48)
    term.wait_for(lambda s: "Overview" in s and "%" in s and side_by_side(s))
    term.resize(80, 24)
    screen = term.wait_for(lambda s: max(map(len, s.splitlines())) <= 80 and stacked(s))
    assert "Overview" in screen
    term.resize(160, 48)
    term.wait_for(side_by_side)
    term.resize(100, 30)
    term.wait_for(stacked)
    term.resize(120, 40)
    term.wait_for(side_by_side)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)
