"""``kb-tui check`` and ``kb-tui fix``: the vault doctor's command line."""

from __future__ import annotations

import argparse
import sys

from kb_tui.headless_history import orphan_suggestion_lines
from kb_tui.output import error, one_line


def cmd_check(args: argparse.Namespace) -> int:
    from kb_tui.core.doctor.commands import KNOWN_CODES, run_check, split_codes
    from kb_tui.core.workspace.check import open_for_check

    try:
        codes = split_codes(args.code, KNOWN_CODES)
    except ValueError as exc:
        return _usage_error(f"check: {exc}")
    workspace = open_for_check(args.path, args.store)
    notes = [one_line(text) for text in orphan_suggestion_lines(workspace)]
    return run_check(workspace.kb, args.check_format, codes, sys.stdout, notes)


def _usage_error(message: str) -> int:
    error(f"error: {message} (see 'kb-tui --help')")
    return 2


def cmd_fix(args: argparse.Namespace) -> int:
    import os

    from kb_tui.core.doctor.commands import run_fix, run_undo, split_codes
    from kb_tui.core.doctor.detect import REPAIRABLE
    from kb_tui.core.fs.paths import default_path
    from kb_tui.resources import is_bundled

    try:
        codes = split_codes(args.code, REPAIRABLE)
    except ValueError as exc:
        return _usage_error(f"fix: {exc}")
    path = args.path or default_path()
    if args.undo:
        if args.code:
            return _usage_error("fix: --undo takes no --code")
        return run_undo(path, sys.stdout, read_only=is_bundled(path))
    color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    return run_fix(
        path,
        codes,
        write=args.write,
        out=sys.stdout,
        err=sys.stderr,
        color=color,
        read_only=is_bundled(path),
    )


# -- history and re-attaching orphans ---------------------------------------------------------
