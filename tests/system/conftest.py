"""Fixtures for the system tests (every test here gets the ``system`` marker from
tests/conftest.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers.paths import SAMPLE
from helpers.tmux import TMUX, Terminal, binary


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Callable[[int, int], Terminal]]:
    """``terminal(width, height)`` starts ``kb-tui`` on a copy of the sample in a tmux session
    (``terminal.vault`` is that copy); every session is killed afterwards."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    sessions: list[str] = []
    vault = tmp_path / "vault"
    vault.mkdir()
    shutil.copyfile(SAMPLE, vault / SAMPLE.name)
    env_file = tmp_path / "env.sh"
    env_file.write_text(f"export XDG_STATE_HOME={tmp_path / 'state'}\nexport KB_TUI_USER=tmux\n")

    def start(width: int, height: int) -> Terminal:
        session = f"kbtui-{uuid.uuid4().hex[:8]}"
        sessions.append(session)
        command = f". {env_file}; cd {tmp_path}; {binary()} {vault}; echo KB-TUI-EXIT=$?; sleep 30"
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
