"""``kb-tui tree | head``: the reader going away is no error (exit 0, nothing on stderr)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md"


def test_a_closed_pipe_is_not_an_error(tmp_path: Path) -> None:
    command = f"{sys.executable} -m kb_tui tree {SAMPLE} | head -n 1"
    run = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", "XDG_STATE_HOME": str(tmp_path), "HOME": str(tmp_path)},
    )
    assert run.stdout.count("\n") == 1
    assert run.stderr == ""
    assert run.returncode == 0
