"""``kb-tui check``: every problem of a vault, as text or JSON; exit 1 when any is an error."""

from __future__ import annotations

import argparse
import json
import shlex
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb_tui.cli.common import add_read_option, add_store_option, read_limits, usage_error
from kb_tui.cli.output import document, one_line, plain

if TYPE_CHECKING:
    from kb_tui.core.model import KnowledgeBase
    from kb_tui.core.workspace.open import Workspace


def add_parser(sub: Any) -> None:
    check = sub.add_parser("check", help="list problems; exit 1 when any is an error")
    check.add_argument("path", nargs="?", type=Path, metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text", dest="check_format")
    check.add_argument(
        "--code", action="append", metavar="CODE", help="only these codes (repeat, or a,b)"
    )
    add_store_option(check)
    add_read_option(check)


def split_codes(values: Sequence[str] | None, allowed: Sequence[str]) -> frozenset[str]:
    """``--code a --code b,c``: the codes named; an unknown one raises ``ValueError``."""
    codes = {c.strip() for value in values or () for c in value.split(",") if c.strip()}
    unknown = sorted(codes - set(allowed))
    if unknown:
        raise ValueError(f"unknown code {unknown[0]!r}; use one of {', '.join(allowed)}")
    return frozenset(codes)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.doctor.check_report import KNOWN_CODES
    from kb_tui.core.model.problems import ProblemCode
    from kb_tui.core.workspace.check import open_for_check

    try:
        codes = split_codes(args.code, KNOWN_CODES)
    except ValueError as exc:
        return usage_error(f"check: {exc}")
    limits = read_limits(args)  # the flag or KB_TUI_STRICT_COMMONMARK
    workspace = open_for_check(args.path, args.store, limits)
    notes: list[str] = []
    if not codes or ProblemCode.ORPHAN_STATUS in codes:  # the hints belong to that code
        strict = limits.strict_commonmark  # a pasted command may lack the variable
        notes = [one_line(t) for t in orphan_suggestion_lines(workspace, args.store, strict)]
    return print_check(workspace.kb, args.check_format, codes, notes)


def print_check(
    kb: KnowledgeBase, fmt: str, codes: frozenset[str], notes: Sequence[str] = ()
) -> int:
    """Print the findings for ``kb`` (and ``notes``); 1 when any shown finding is an error."""
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.doctor.check_report import check_json, check_lines
    from kb_tui.core.doctor.detect import diagnose

    problems = diagnose(kb)
    if codes:
        problems = [p for p in problems if p.code in codes]
    if fmt == "json":
        document(json.dumps(check_json(kb, problems, notes), indent=2, ensure_ascii=False) + "\n")
    else:
        for text in check_lines(problems, len(kb.documents), notes):
            plain(text)
    return 1 if any(p.severity == "error" for p in problems) else 0


def orphan_suggestion_lines(
    workspace: Workspace, store: Path | None = None, strict: bool = False
) -> list[str]:
    """One hint per orphan naming the likeliest new item, if any, with the command that
    re-attaches it: one that works as pasted from any folder (``store``: the ``--store``
    the user gave; ``strict``: ``--strict-commonmark`` was given: both repeated in the
    command, so it reads the vault as ``check`` did and finds the same item)."""
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.status.orphans import likeliest

    lines = []
    kb = workspace.kb
    for orphan in kb.orphans:
        item = likeliest(kb, orphan.id, workspace.store.entries)
        if item is None:
            continue
        command = reattach_command(workspace.path, orphan.id, item.id, store, strict)
        lines.append(
            f"{workspace.store.path}: hint: the orphaned status of {orphan.id} is likeliest "
            f"now {item.id} ({item.text}); re-attach it with: {command}"
        )
    return lines


def reattach_command(
    vault: Path, old_id: str, new_id: str, store: Path | None = None, strict: bool = False
) -> str:
    """``kb-tui mark --from OLD PATH NEW``: absolute, quoted paths, so that it does the same
    thing wherever it is pasted (without PATH it would open the bundled sample's store)."""
    words = ["kb-tui", "mark", "--from", old_id]
    if store is not None:
        words += ["--store", str(store.expanduser().absolute())]
    if strict:
        words.append("--strict-commonmark")
    words += [str(vault.expanduser().absolute()), new_id]
    return shlex.join(words)
