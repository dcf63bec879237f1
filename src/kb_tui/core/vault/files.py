"""Find and read a vault's Markdown files safely.

Only regular files inside the root are read (opened non-blocking, so a FIFO cannot hang
us), symlinks are followed only while they stay inside the root, and every file is read
up to a size cap. A file that cannot be read becomes a problem, never an exception.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.fs.paths import relative
from kb_tui.core.fs.safefs import read_fd
from kb_tui.core.limits import Limits

SKIP_DIRS = frozenset({".git", ".obsidian", ".trash", "node_modules", ".kb-tui"})


@dataclass
class RawFile:
    """A file's bytes (possibly truncated) and its times, or the reason it could not be read."""

    rel_path: str
    data: bytes = b""
    truncated: bool = False
    size: int = 0
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    error: str = ""
    key: list[int] | None = None  # [size, mtime_ns, ctime_ns]: the parse cache's key


def iter_markdown(root: Path) -> Iterator[Path]:
    """Every ``*.md`` below ``root`` in sorted order, skipping hidden and tool folders."""
    real_root = os.path.realpath(root)
    seen_dirs: set[str] = set()
    stack = [root]
    found: list[Path] = []
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs or not _inside(real, real_root):
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                continue
            try:
                if entry.is_dir():
                    stack.append(Path(entry.path))
                elif entry.name.lower().endswith(".md"):
                    found.append(Path(entry.path))
            except OSError:  # e.g. a symlink loop: a .md is still listed, so it is reported
                if entry.name.lower().endswith(".md"):
                    found.append(Path(entry.path))
    yield from sorted(found, key=lambda p: relative(root, p))


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def read_file(path: Path, root: Path, limits: Limits, real_root: str = "") -> RawFile:
    """Read one file's bytes within the caps; problems are returned in ``error``.

    ``real_root``: ``root`` with its symbolic links resolved, when the caller has it.
    """
    rel = relative(root, path)
    raw = RawFile(rel)
    real = os.path.realpath(path)
    if not _inside(real, real_root or os.path.realpath(root)):
        raw.error = "symbolic link to a file outside the vault: not read"
        return raw
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raw.error = f"cannot open: {exc.strerror or exc}"
        return raw
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raw.error = "not a regular file (device, FIFO or socket): not read"
            return raw
        raw.size = info.st_size
        raw.key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns]
        raw.modified = dt.datetime.fromtimestamp(info.st_mtime)
        birth = getattr(info, "st_birthtime", None)
        raw.created = dt.datetime.fromtimestamp(birth if birth else info.st_ctime)
        data = read_fd(fd, limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            data, raw.truncated = data[: limits.max_file_bytes], True
        raw.data = data
    except OSError as exc:
        raw.error = f"cannot read: {exc.strerror or exc}"
    finally:
        os.close(fd)
    return raw
