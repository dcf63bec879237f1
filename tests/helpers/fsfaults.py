"""Real file-system faults for tests: a full disk and a read-only mount (tmpfs, needs root).

Mocks would only show that kb-tui handles the exception a mock raises; a tmpfs of a few
kilobytes fills up the way a real disk does (``ENOSPC`` at whichever write hits the limit),
and a read-only remount refuses writes with ``EROFS`` as a read-only checkout does. Where
mounting is not allowed, the tests that need it are skipped.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _run(*args: str) -> bool:
    return subprocess.run(args, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def tmpfs(where: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``where`` (made if missing); skips if not allowed."""
    where.mkdir(parents=True, exist_ok=True)
    if not _run("mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)):
        pytest.skip("mounting a tmpfs is not allowed here")
    try:
        yield where
    finally:
        _run("umount", "-l", str(where))


def remount_read_only(where: Path) -> None:
    assert _run("mount", "-o", "remount,ro", str(where)), "remount read-only failed"


def fill(where: Path) -> None:
    """Fill the file system holding ``where`` to the last byte."""
    with open(where / ".filler", "wb", buffering=0) as handle:
        for chunk in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(b"\0" * chunk)
