"""Back and forward through visited locations, without an app."""

from __future__ import annotations

from kb_tui.tui.state.history import History


def test_back_and_forward() -> None:
    history = History()
    history.remember("a", "b")
    history.remember("b", "c")
    assert history.keys == ["a", "b", "c"]
    assert history.back() == "b"
    assert history.back() == "a"
    assert history.back() is None
    assert history.forward() == "b"
    assert history.forward() == "c"
    assert history.forward() is None


def test_a_new_move_drops_what_was_ahead() -> None:
    history = History()
    history.remember("a", "b")
    history.remember("b", "c")
    history.back()
    history.remember("b", "d")
    assert history.keys == ["a", "b", "d"] and history.pos == 2
    assert history.forward() is None


def test_no_repeats_and_no_unknown_start() -> None:
    history = History()
    history.remember(None, "a")
    history.remember("a", "a")
    assert history.keys == ["a"]
    assert history.back() is None


def test_limit_keeps_the_newest() -> None:
    history = History(limit=3)
    before = None
    for key in "abcde":
        history.remember(before, key)
        before = key
    assert history.keys == ["c", "d", "e"] and history.pos == 2
