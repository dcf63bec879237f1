"""Running the real ``kb-tui`` command and checking what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from hostile.corpus import FORBIDDEN_BYTES

# Control characters (C0 but tab and newline, DEL, C1) and bidi overrides: never printed.
CONTROL = [chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]] + [
    "\u202e",
    "\u2066",
    "\u2069",
]


def run_cli(
    *args: str, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``kb-tui`` entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "kb_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        input=stdin,
        timeout=120,
        check=False,
    )


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment with a private state folder and a fixed user, no ``KB_TUI_PATH``."""
    env = dict(os.environ)
    env.pop("KB_TUI_PATH", None)
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), KB_TUI_USER="tester", **extra)
    return env


def assert_clean_output(data: bytes) -> None:
    """No traceback, none of the hostile corpus's escape sequences, no control characters."""
    assert b"Traceback" not in data
    for marker in FORBIDDEN_BYTES:
        assert marker not in data, marker
    text = data.decode("utf-8", errors="replace")
    bad = [ch for ch in CONTROL if ch in text.replace("\t", "").replace("\n", "")]
    assert bad == []
