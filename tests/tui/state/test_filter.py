"""The tree filter's state, without an app."""

from __future__ import annotations

from kb_tui.core.query.kb_filter import MAX_SHOWN, KbFilter
from kb_tui.tui.state.filter import FilterState, Generations
from kb_tui.tui.tree_filter import FilterResult


def result(matches: int, items: int, ranked: list[str], truncated: bool = False) -> FilterResult:
    outcome = KbFilter("x", ranked=ranked, items=items, matches=matches, truncated=truncated)
    return FilterResult([], outcome)


def test_applied_then_cleared() -> None:
    state = FilterState()
    assert not state.active and state.best is None
    state.applied("cap", result(3, 1, ["b", "c", "a"]))
    assert state.active and state.text == "cap" and state.best == "b"
    assert state.clear() is True
    assert not state.active and state.text == "" and state.result is None
    assert state.clear() is False


def test_count_text() -> None:
    state = FilterState()
    assert state.count_text("x") == ""
    state.applied("x", result(1, 1, ["a"]))
    assert state.count_text("x") == "  1 match · 1 item"
    assert state.count_text("") == ""
    state.applied("x", result(2_500, 4_000, ["a"], truncated=True))
    assert state.count_text("x") == f"  2,500 matches · 4,000 items · first {MAX_SHOWN:,} drawn"


def test_only_the_newest_query_is_drawn() -> None:
    """Typing on makes every result still being computed stale: dropped, never queued."""
    generations = Generations()
    first = generations.next()
    second = generations.next()
    assert not generations.is_current(first)  # arrives late: dropped
    assert generations.is_current(second)
    state = FilterState()
    pending = state.generations.next()
    state.clear()  # escape while a result is on its way
    assert not state.generations.is_current(pending)
