"""``kb-tui fix``: show (or ``--write``) the repairs of fence and mojibake problems; ``--undo``."""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from kb_tui.cli.check import split_codes
from kb_tui.cli.common import add_store_option, usage_error
from kb_tui.cli.output import document, error, line


def add_parser(sub: Any) -> None:
    fix = sub.add_parser(
        "fix",
        help="show (or --write) the repairs of fence and mojibake problems",
        description="Show a diff of every repair; --write applies them, keeping a backup of "
        "each original in <vault>/.kb-tui/backup/; --undo restores the last backup.",
    )
    fix.add_argument("path", nargs="?", type=Path, metavar="PATH")
    fix.add_argument(
        "--code", action="append", metavar="CODE", help="only these codes (repeat, or a,b)"
    )
    mode = fix.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="apply the repairs (with a backup)")
    mode.add_argument("--undo", action="store_true", help="restore the last backup")
    add_store_option(fix)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.fs.paths import default_path
    from kb_tui.core.model.problems import REPAIRABLE
    from kb_tui.resources import is_bundled

    try:
        codes = split_codes(args.code, REPAIRABLE)
    except ValueError as exc:
        return usage_error(f"fix: {exc}")
    path = args.path or default_path()
    if args.undo:
        if args.code:
            return usage_error("fix: --undo takes no --code")
        return undo(path, read_only=is_bundled(path))
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return repair(path, codes, write=args.write, color=color, read_only=is_bundled(path))


def repair(
    path: Path, codes: frozenset[str], *, write: bool, color: bool, read_only: bool = False
) -> int:
    """Show (or with ``write`` apply) every repair of ``codes`` under ``path``."""
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.doctor.backup import DoctorError, apply_plan
    from kb_tui.core.doctor.diff import render_diff
    from kb_tui.core.doctor.repair import plan_repairs
    from kb_tui.core.model.problems import REPAIRABLE

    plan = plan_repairs(path, codes or frozenset(REPAIRABLE))
    for rel, reason in plan.skipped:
        error(f"skipped {rel}: {reason}")
    if not plan.files:
        line("kb-tui: nothing to fix")
        return 0
    by_code = Counter(c.problem.code for f in plan.files for c in f.changes)
    summary = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items()))
    where = f"{len(plan.files)} file{'s' * (len(plan.files) != 1)}"
    if not write:
        for file_plan in plan.files:
            document(render_diff(file_plan, color=color))
        error(
            f"{plan.changes} repair(s) in {where} ({summary}); "
            "nothing changed: run again with --write to apply"
        )
        return 0
    if read_only:
        raise DoctorError("the bundled sample is read-only: repair a copy of it")
    applied = apply_plan(plan)
    for rel in applied.written:
        lines = next(len(f.changes) for f in plan.files if f.rel_path == rel)
        line(f"fixed {rel}: {lines} line(s)")
    for rel, reason in applied.refused:
        error(f"refused {rel}: {reason}")
    if applied.backup is None:
        error("nothing was changed")
    else:
        line(
            f"{len(applied.written)} of {len(plan.files)} file(s) repaired ({summary}); "
            f"originals in {applied.backup}; undo with: kb-tui fix --undo {plan.root}"
        )
    return 1 if applied.refused else 0


def undo(path: Path, *, read_only: bool = False) -> int:
    """Restore the originals of the last ``fix --write``."""
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.doctor.backup import DoctorError, undo_last
    from kb_tui.core.fs.paths import resolve_root

    if read_only:
        raise DoctorError("the bundled sample is read-only: nothing to undo")
    root, _files = resolve_root(path)
    undone = undo_last(root)
    for rel in undone.restored:
        line(f"restored {rel}")
    line(f"{len(undone.restored)} file(s) restored from {undone.backup}")
    return 0
