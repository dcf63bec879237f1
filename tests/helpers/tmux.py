"""A real terminal for the real ``kb-tui`` binary: tmux sessions on a server of the tests' own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

# A server of the tests' own: a person's tmux (or its kill-server) never meets the tests'.
TMUX = ["tmux", "-L", f"kb-tui-tests-{os.getpid()}"]


def binary() -> str:
    found = Path(sys.executable).parent / "kb-tui"
    return str(found) if found.exists() else (shutil.which("kb-tui") or "kb-tui")


class Terminal:
    """One tmux session: its screen as text, keys sent to it."""

    def __init__(self, session: str) -> None:
        self.session = session

    def screen(self) -> str:
        result = subprocess.run(
            [*TMUX, "capture-pane", "-p", "-t", self.session],
            capture_output=True,
            text=True,
            check=False,
        )
        return result.stdout

    def keys(self, *keys: str, literal: bool = False) -> None:
        args = [*TMUX, "send-keys", "-t", self.session]
        if literal:
            args.append("-l")
        subprocess.run([*args, *keys], check=True)

    def resize(self, width: int, height: int) -> None:
        """Resize the window, as a person dragging the terminal's corner would."""
        args = [*TMUX, "resize-window", "-t", self.session, "-x", str(width), "-y", str(height)]
        subprocess.run(args, check=True)

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"screen never matched; last screen:\n{screen}")
