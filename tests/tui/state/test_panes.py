"""Which panes are shown, without an app."""

from __future__ import annotations

import itertools

import pytest

from kb_tui.tui.state.panes import PANE_NAMES, PaneVisibility, Toggle


def test_all_shown_at_first() -> None:
    panes = PaneVisibility()
    assert panes.visible() == PANE_NAMES
    assert panes.classes() == {"-hide-tree": False, "-hide-viewer": False, "-hide-checklist": False}


def test_toggle_hides_then_shows() -> None:
    panes = PaneVisibility()
    assert panes.toggle("viewer") == Toggle("viewer", shown=False)
    assert not panes.shown("viewer") and panes.visible() == ("tree", "checklist")
    assert panes.classes()["-hide-viewer"]
    assert panes.toggle("viewer") == Toggle("viewer", shown=True)
    assert panes.visible() == PANE_NAMES


@pytest.mark.parametrize("order", list(itertools.permutations(PANE_NAMES)))
def test_the_last_pane_shown_cannot_be_hidden(order: tuple[str, str, str]) -> None:
    panes = PaneVisibility()
    first, second, last = order
    panes.toggle(first)
    panes.toggle(second)
    result = panes.toggle(last)
    assert result.shown and result.refused == (
        f"The {last} is the last pane shown; it cannot be hidden."
    )
    assert panes.visible() == (last,)
    assert sum(panes.classes().values()) == 2


def test_unknown_pane() -> None:
    with pytest.raises(ValueError):
        PaneVisibility().toggle("footer")
