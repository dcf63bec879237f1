"""The real ``kb-tui`` binary in a real terminal (tmux): keys in, screen and store out."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import SAMPLE
from kb_tui.core.status.store import StatusStore

CAPACITY = (
    "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
    "compute-resources/resource-management/capacity-planning"
)
# A server of the tests' own: a person's tmux (or its kill-server) never meets the tests'.
TMUX = ["tmux", "-L", f"kb-tui-tests-{os.getpid()}"]

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _binary() -> str:
    found = Path(sys.executable).parent / "kb-tui"
    return str(found) if found.exists() else (shutil.which("kb-tui") or "kb-tui")


class Terminal:
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

    def wait_for(self, predicate: Callable[[str], bool], timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"screen never matched; last screen:\n{screen}")


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[[int, int], Terminal]]:
    sessions: list[str] = []
    vault = tmp_path / "vault"
    vault.mkdir()
    shutil.copyfile(SAMPLE, vault / SAMPLE.name)
    env_file = tmp_path / "env.sh"
    env_file.write_text(f"export XDG_STATE_HOME={tmp_path / 'state'}\nexport KB_TUI_USER=tmux\n")

    def start(width: int, height: int) -> Terminal:
        session = f"kbtui-{uuid.uuid4().hex[:8]}"
        sessions.append(session)
        command = f". {env_file}; cd {tmp_path}; {_binary()} {vault}; echo KB-TUI-EXIT=$?; sleep 30"
        subprocess.run(
            [
                *TMUX,
                "new-session",
                "-d",
                "-s",
                session,
                "-x",
                str(width),
                "-y",
                str(height),
                command,
            ],
            check=True,
            env={**os.environ, "TERM": "xterm-256color"},
        )
        return Terminal(session)

    start.vault = vault  # type: ignore[attr-defined]
    yield start
    for session in sessions:
        subprocess.run([*TMUX, "kill-session", "-t", session], check=False, capture_output=True)


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
