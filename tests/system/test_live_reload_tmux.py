"""Live reload in a real terminal: a heading edited and a status marked from another shell."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from helpers.paths import CAPACITY


@pytest.mark.slow
def test_edits_and_marks_from_another_shell_show_up(terminal) -> None:  # type: ignore[no-untyped-def]
    term = terminal(160, 48)
    term.wait_for(lambda s: "Architecture Framework" in s and "0/135 done" in s)
    time.sleep(1.0)  # the watcher starts just after the first frame
    doc = terminal.vault / "infrastructure-architecture.md"
    text = doc.read_text(encoding="utf-8")
    lines = text.split("\n")
    heading = next(n for n, line in enumerate(lines) if line.startswith("## ") and "Frame" in line)
    lines[heading] = lines[heading].replace("Architecture Framework", "Architecture Blueprint")
    start = time.monotonic()
    doc.write_text("\n".join(lines), encoding="utf-8")
    screen = term.wait_for(lambda s: "Architecture Blueprint" in s, timeout=5)
    assert time.monotonic() - start < 3
    assert "Architecture Framework" not in screen
    term.wait_for(lambda s: "Reloaded: 1 document changed" in s, timeout=5)

    env = {**os.environ, "KB_TUI_USER": "shell"}
    subprocess.run(
        [sys.executable, "-m", "kb_tui", "mark", str(terminal.vault), CAPACITY, "done"],
        check=True,
        env=env,
        capture_output=True,
    )
    term.wait_for(lambda s: "1/135 done" in s and "Reloaded: 1 status changed" in s, timeout=5)
    term.keys("q")
    term.wait_for(lambda s: "KB-TUI-EXIT=0" in s)
