"""The real ``kb-tui`` binary in a real terminal (tmux): keys in, screen and store out."""

from __future__ import annotations

import ctypes
import datetime as dt
import locale
import time
from collections.abc import Callable

import pytest

from helpers.paths import CAPACITY
from helpers.tmux import Terminal
from kb_tui.core.status.store import StatusStore


@pytest.mark.parametrize("size", [(160, 48), (100, 30)])
def test_filter_mark_done_and_quit_in_a_real_terminal(terminal, size) -> None:  # type: ignore[no-untyped-def]
    term = terminal(*size)
    # The tree's labels are drawn after the first frame: wait for them, not just the header.
    screen = term.wait_for(lambda s: "Overview" in s and "🎯 Architecture" in s)
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
    # Both ends of the hint on one screen (a capture may catch a redraw half done).
    term.wait_for(lambda s: "No notes found in" in s and "kb-tui --help" in s)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)


TOOLS_NOTE = "# Tools\n\n## 🛠️ Tooling ⚙️\n\n- 🛠️ wrench ⚙️ gear ⚠️ warn\n- [ ] ⚙️ second\n"


def _wcwidth() -> Callable[[str], int]:
    """glibc's ``wcwidth``: how tmux measures a character (it uses the C library's)."""
    locale.setlocale(locale.LC_CTYPE, "C.UTF-8")
    libc = ctypes.CDLL(None)
    libc.wcwidth.restype = ctypes.c_int
    return lambda char: max(0, libc.wcwidth(ctypes.c_wchar(char)))


def _settled(term: Terminal) -> str:
    """The screen once two captures 0.2 s apart agree (no redraw half done)."""
    screen = term.screen()
    for _ in range(25):
        time.sleep(0.2)
        again = term.screen()
        if again == screen:
            return screen
        screen = again
    return screen


def _bare(screen: str) -> str:
    return screen.replace("\ufe0f", "")


def _columns(line: str, width: Callable[[str], int]) -> dict[int, str]:
    cells: dict[int, str] = {}
    column = 0
    for char in line:
        cells[column] = char
        column += width(char)
    return cells


def test_emoji_lines_keep_the_panes_borders_in_place(terminal) -> None:  # type: ignore[no-untyped-def]
    (terminal.vault / "tools.md").write_text(TOOLS_NOTE, encoding="utf-8")
    term = terminal(80, 24)
    term.wait_for(lambda s: "Overview" in s and "%" in s)
    term.keys("G")  # the Tools note's section: viewer and checklist show its emoji too
    shown = term.wait_for(lambda s: "○ 🛠 wrench" in _bare(s) and "Tooling ⚙  0/2" in _bare(s))
    assert "🛠 Infrastructur" in shown and "🛠 Tooling" in _bare(shown)  # tree, viewer
    screen = _settled(term)
    width = _wcwidth()
    lines = screen.split("\n")
    top = _columns(lines[1], width)
    frame = [column for column, char in top.items() if char in "╭╮"]  # every pane's edges
    assert len(frame) == 4 and frame[-1] == 79
    for line in lines[2:23]:
        cells = _columns(line, width)
        for column in frame:
            assert cells.get(column, " ") in "│╭╮╰╯", (column, line)
        for column in (frame[1] - 1, 78):  # nothing shifted onto the last content column
            assert cells.get(column, " ") not in "│╮╯", (column, line)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)
