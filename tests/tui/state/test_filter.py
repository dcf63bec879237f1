"""The tree filter's state, without an app."""

from __future__ import annotations

from kb_tui.tui.state.filter import FilterState
from kb_tui.tui.tree_filter import FilterResult


def test_applied_then_cleared() -> None:
    state = FilterState()
    assert not state.active and state.best is None
    result = FilterResult(matches=[(5, "a"), (9, "b"), (9, "c")])
    state.applied("cap", result)
    assert state.active and state.text == "cap" and state.best == "b"
    assert state.clear() is True
    assert not state.active and state.text == "" and state.result is None
    assert state.clear() is False


def test_count_text() -> None:
    state = FilterState()
    assert state.count_text("x") == ""
    state.applied("x", FilterResult(matches=[(1, "a")]))
    assert state.count_text("x") == "  1 match"
    assert state.count_text("") == ""
    state.applied("x", FilterResult(matches=[(1, "a"), (1, "b")], truncated=True))
    assert state.count_text("x") == "  2+ matches"
