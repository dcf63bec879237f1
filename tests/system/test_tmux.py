"""The real ``kb-tui`` binary in a real terminal (tmux): keys in, screen and store out."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.paths import CAPACITY
from kb_tui.core.status.store import StatusStore


@pytest.mark.parametrize("size", [(160, 48), (100, 30)])
def test_filter_mark_done_and_quit_in_a_real_terminal(terminal, size) -> None:  # type: ignore[no-untyped-def]
    term = terminal(*size)
    screen = term.wait_for(lambda s: "Overview" in s and "%" in s)
    assert "🎯 Architecture Framework" in screen
    assert "\uf8ff" not in screen and "üéØ" not in screen
    term.keys("g")
    today = dt.date.today().isoformat()
    term.wait_for(lambda s: today in s)  # the rendered `created` date on the document node
    term.keys("/")
    term.keys("Core Components", literal=True)
    term.keys("Enter")
    if size[0] >= 160:  # wide enough for boxes and arrows
        term.wait_for(lambda s: "┌" in s and "Compute" in s and "▼" in s and "└─" in s)
    else:  # a narrow viewer draws the diagram as an indented tree
        term.wait_for(lambda s: "├─▶ Compute Resources" in s)
    term.keys("/")  # the box selects its old text on focus: typing replaces it
    term.keys("Capacity planning", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: "Resource Management" in s)
    term.keys("d")
    term.wait_for(lambda s: "● Capacity planning" in s)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)
    store = StatusStore(terminal.vault / ".kb-tui" / "status.yaml")
    assert store.entries[CAPACITY].status == "done"
    assert store.entries[CAPACITY].by == "tmux"


def test_an_empty_vault_says_so_in_a_real_terminal(terminal) -> None:  # type: ignore[no-untyped-def]
    for note in terminal.vault.iterdir():
        note.unlink()
    term = terminal(80, 24)
    screen = term.wait_for(lambda s: "No notes found in" in s)
    assert "kb-tui --help" in screen  # the hint fits 80×24 without scrolling
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)
