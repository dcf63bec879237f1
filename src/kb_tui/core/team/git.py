"""The ``git`` binary, run as a subprocess: never through a shell, with a time limit, its
output read as text. kb-tui asks git only where a vault lies in a work tree and who the
user is; merges are git's own work (kb-tui is the driver git calls, see
:mod:`kb_tui.cli.merge_driver`)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

GIT_TIMEOUT = 10.0  # seconds: git answers these questions in milliseconds


class GitError(Exception):
    """git is missing, timed out, or refused."""


def git(args: list[str], cwd: Path, check: bool = True) -> str:
    """``git ARGS`` run in ``cwd``; its standard output (stripped). :class:`GitError` when
    git is missing or times out, or (``check``) exits non-zero."""
    binary = shutil.which("git")
    if binary is None:
        raise GitError("git is not installed (or not on PATH)")
    try:
        done = subprocess.run(
            [binary, *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=GIT_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        raise GitError(f"git {' '.join(args)} took longer than {GIT_TIMEOUT:.0f} s") from None
    except OSError as exc:
        raise GitError(f"git could not run: {exc.strerror or exc}") from None
    if check and done.returncode != 0:
        raise GitError(done.stderr.strip() or f"git {' '.join(args)} failed")
    return done.stdout.strip()


def work_tree(path: Path) -> Path | None:
    """The top of the git work tree holding ``path`` (a folder or a file), None if none."""
    folder = path if path.is_dir() else path.parent
    try:
        top = git(["rev-parse", "--show-toplevel"], folder)
    except GitError:
        return None
    return Path(top) if top else None


def head(path: Path) -> str | None:
    """The commit checked out in the work tree holding ``path`` (None outside git, or
    before the first commit)."""
    folder = path if path.is_dir() else path.parent
    try:
        return git(["rev-parse", "--verify", "-q", "HEAD"], folder) or None
    except GitError:
        return None
