"""``ctrl+e``, ``y`` and ``Y`` with the real binary in a real terminal (tmux).

The editor is a script that appends an item to the file it is given and exits, as an
editor saving a change would; the app must hand the terminal over, take it back and show
the new item. The copies travel as OSC 52: with ``set-clipboard on``, tmux keeps what an
application sends that way as a paste buffer, which ``show-buffer`` prints.
"""

from __future__ import annotations

import shutil
import stat
import subprocess
import time
from pathlib import Path

import pytest

from helpers.paths import CAPACITY
from helpers.tmux import TMUX

APPENDED = "Appended by the editor"


def editor_script(tmp_path: Path) -> Path:
    """An "editor" that records its arguments, appends an item to the file and exits."""
    script = tmp_path / "append-editor"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" > "{tmp_path / "editor-args"}"\n'
        "for last; do :; done\n"
        f'printf -- "\\n- {APPENDED}\\n" >> "$last"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def clipboard() -> str:
    """What the last OSC 52 sequence put in tmux's buffer ("" when none)."""
    done = subprocess.run([*TMUX, "show-buffer"], capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else ""


@pytest.mark.parametrize("size", [(160, 48), (80, 24)])
def test_ctrl_e_y_and_Y_in_a_real_terminal(terminal, tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    env_file = tmp_path / "env.sh"  # the terminal fixture's: this test adds its editor
    assert env_file.exists()
    with env_file.open("a", encoding="utf-8") as env:
        env.write(f"export EDITOR='{editor_script(tmp_path)}'\nunset VISUAL\n")
    term = terminal(*size)
    subprocess.run([*TMUX, "set-option", "-g", "set-clipboard", "on"], check=True)
    term.wait_for(lambda s: "Overview" in s and "🎯 Architecture" in s)
    term.keys("/")
    term.keys("Capacity planning", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: "Resource Management" in s)

    term.keys("y")
    term.wait_for(lambda s: "Copied" in s and "[[infrastructure-architecture#" in s)
    assert clipboard() == "[[infrastructure-architecture#Compute Resources]]"
    term.keys("Y")
    term.wait_for(lambda s: "Copied" in s and "infrastructure-architecture.md#" in s)
    assert clipboard() == CAPACITY

    assert APPENDED not in terminal.vault.joinpath("infrastructure-architecture.md").read_text()
    term.keys("C-e")
    term.wait_for(lambda s: "0/136 done" in s, timeout=20)  # the reload: one item more
    screen = term.screen()
    assert "exited with status" not in screen and "Editor not found" not in screen
    args = (tmp_path / "editor-args").read_text(encoding="utf-8").split("\n")
    assert args[0] == str(terminal.vault / "infrastructure-architecture.md")
    subprocess.run([*TMUX, "delete-buffer"], check=False, capture_output=True)
    term.keys("Y")  # the selection was kept through the reload
    assert term.wait_for(lambda s: clipboard() == CAPACITY)
    term.keys("/")  # the new item is at the end of the note: found as a user finds it
    term.keys("Appended by", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: APPENDED in s and "1 match" in s)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)


def test_a_real_vi_edits_the_item_under_the_cursor(terminal, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """``ctrl+e`` with vi: it opens at the item's line, a line typed under it and ``:wq``
    come back as a new item beside it, the selection kept."""
    vi = shutil.which("vi")
    if vi is None:
        pytest.skip("vi is not installed")
    with (tmp_path / "env.sh").open("a", encoding="utf-8") as env:
        env.write(f"export EDITOR='{vi} -u NONE -i NONE -n -N'\nunset VISUAL\n")  # no vimrc
    term = terminal(100, 30)
    before = (terminal.vault / "infrastructure-architecture.md").read_text(encoding="utf-8")
    term.wait_for(lambda s: "Overview" in s and "🎯 Architecture" in s)
    term.keys("/")
    term.keys("Capacity planning", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: "Resource Management" in s)
    term.keys("C-e")
    screen = term.wait_for(lambda s: "   - Capacity planning" in s or "Press ENTER" in s)
    if "Press ENTER" in screen:  # vi's file message was longer than a line
        term.keys("Enter")
    term.wait_for(lambda s: "   - Capacity planning" in s)  # the file's own text: vi is up
    time.sleep(0.5)  # vi's own start-up queries to the terminal are answered first
    term.keys("o")
    term.keys("   - Capacity from vi", literal=True)
    term.keys("Escape")
    term.keys(":wq", literal=True)
    term.keys("Enter")
    term.wait_for(lambda s: "Capacity from vi" in s and "0/5 done" in s, timeout=20)
    subprocess.run([*TMUX, "set-option", "-g", "set-clipboard", "on"], check=True)
    term.keys("Y")
    term.wait_for(lambda s: clipboard() == CAPACITY)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)
    text = (terminal.vault / "infrastructure-architecture.md").read_text(encoding="utf-8")
    line = "   - Capacity planning\n"
    expected = before.replace(line, line + "   - Capacity from vi\n", 1)
    assert text.rstrip("\n") == expected.rstrip("\n")  # the rest as it was (vi ends a line)
