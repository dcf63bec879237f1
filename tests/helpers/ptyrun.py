"""Run the real ``kb-tui`` on a pseudo-terminal and read what it writes (shared by tests)."""

from __future__ import annotations

import contextlib
import os
import select
import subprocess
import sys
import time
from pathlib import Path


def start(
    args: list[str], env: dict[str, str], rows: int = 40, cols: int = 140, cwd: Path | None = None
) -> tuple[subprocess.Popen[bytes], int]:
    """``python -m kb_tui ARGS`` on a new pty of ``rows``×``cols``; returns (process, master fd)."""
    import fcntl
    import pty
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "kb_tui", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
        cwd=cwd,
    )
    os.close(slave)
    return proc, master


def drain(master: int, seconds: float, proc: subprocess.Popen[bytes] | None = None) -> bytes:
    """Everything written to the terminal during ``seconds`` (stops early if ``proc`` ends)."""
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and (proc is None or proc.poll() is None):
        ready, _, _ = select.select([master], [], [], 0.01)
        if ready:
            with contextlib.suppress(OSError):
                out += os.read(master, 1 << 16)
    return out
