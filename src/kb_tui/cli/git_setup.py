"""``kb-tui git-setup [PATH] [--check]``: make git merge the vault's status store by item
and its history by line (see :mod:`kb_tui.core.team.setup`); idempotent."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from kb_tui.cli.common import CliError
from kb_tui.cli.output import line


def add_parser(sub: Any) -> None:
    setup = sub.add_parser(
        "git-setup",
        help="set git up to merge the status store by item (run once in each clone)",
        description="In a vault inside a git work tree: add the .gitattributes lines for the "
        "status store (merge=kb-tui) and the history (merge=union), and register kb-tui as "
        "the merge driver in the repository's config. Prints what it changed; running it "
        "again changes nothing. --check only reports what is missing (exit 1 if anything).",
    )
    setup.add_argument("path", nargs="?", metavar="PATH", help="the vault folder (default: .)")
    setup.add_argument(
        "--check", action="store_true", help="report what is missing; change nothing"
    )


def program() -> list[str]:
    """How git should run this kb-tui: the installed command beside this Python (a venv's
    ``bin/kb-tui``), else ``kb-tui`` on PATH, else this Python with ``-m kb_tui``."""
    beside = Path(sys.executable).parent / "kb-tui"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("kb-tui")
    if found:
        return [str(Path(found).resolve())]
    return [sys.executable, "-m", "kb_tui"]


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.team.git import GitError
    from kb_tui.core.team.setup import NotInGit, apply, inspect

    path = Path(args.path or ".").expanduser()
    vault = path if path.is_dir() else path.parent
    if not vault.is_dir():
        raise CliError(f"{path}: no such folder")
    try:
        state = inspect(vault, program())
    except NotInGit:
        raise CliError(
            f"{vault} is not in a git work tree: put the vault under git first "
            "('git init', or clone its repository), then run 'kb-tui git-setup' there"
        ) from None
    except (GitError, OSError) as exc:
        raise CliError(f"{vault}: {exc}") from None
    if args.check:
        if state.complete:
            line(f"{vault}: git merges the status store by item (set up)")
            return 0
        for missing in state.missing_lines:
            line(f"missing in {vault / '.gitattributes'}: {missing}")
        for missing in state.missing_ignores:
            line(f"missing in {vault / '.gitignore'}: {missing}")
        if not state.driver_ok:
            what = f"is {state.driver!r}" if state.driver else "is not set"
            line(f"merge.kb-tui.driver {what}; 'kb-tui git-setup' sets it")
        return 1
    try:
        done = apply(vault, state)
    except (GitError, OSError) as exc:
        raise CliError(f"{vault}: {exc}") from None
    for change in done:
        line(change)
    if not done:
        line(f"{vault}: already set up; nothing changed")
    else:
        line("Commit .gitattributes; every clone runs 'kb-tui git-setup' once (git keeps its "
             "merge drivers per clone).")  # fmt: skip
    return 0
