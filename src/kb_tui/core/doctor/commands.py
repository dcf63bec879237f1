"""``kb-tui check`` and ``kb-tui fix``: the doctor's findings and repairs on the command line.

Kept out of :mod:`kb_tui.headless` so that module only wires arguments; nothing here imports
Textual. Output goes to the streams passed in; errors are raised as
:class:`~kb_tui.core.doctor.backup.DoctorError` (one line, exit status 1).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from kb_tui.core.doctor.detect import DOCTOR_CODES, REPAIRABLE, diagnose
from kb_tui.core.fs.paths import resolve_root
from kb_tui.core.model import KnowledgeBase, Problem
from kb_tui.core.text import strip_controls

CORE_CODES = (
    "binary",
    "encoding",
    "fence-invalid",
    "file-too-large",
    "frontmatter-invalid",
    "frontmatter-too-large",
    "frontmatter-unclosed",
    "line-too-long",
    "link-block-missing",
    "link-heading-missing",
    "link-unresolved",
    "list-too-deep",
    "mojibake",
    "parse-failed",
    "store-unreadable",
    "too-many-headings",
    "unreadable",
)
KNOWN_CODES = tuple(sorted(set(CORE_CODES) | set(DOCTOR_CODES)))
CHECK_SCHEMA = "kb-tui/check@1"


def split_codes(values: Sequence[str] | None, allowed: Sequence[str]) -> frozenset[str]:
    """``--code a --code b,c``: the codes named; an unknown one raises ``ValueError``."""
    codes = {c.strip() for value in values or () for c in value.split(",") if c.strip()}
    unknown = sorted(codes - set(allowed))
    if unknown:
        raise ValueError(f"unknown code {unknown[0]!r}; use one of {', '.join(allowed)}")
    return frozenset(codes)


def _where(p: Problem) -> str:
    return f"{p.path}:{p.line}" if p.line else p.path


def render_check_text(
    problems: list[Problem], documents: int, out: TextIO, notes: Sequence[str] = ()
) -> None:
    """Findings grouped by file (each with its repair), a summary by code, ``notes``, then
    the totals."""
    current = None
    per_file = Counter(p.path for p in problems)
    for p in problems:
        if p.path != current:
            if current is not None:
                out.write("\n")
            current = p.path
            count = per_file[p.path]
            out.write(strip_controls(f"== {p.path} ({count} problem{'s' * (count != 1)})") + "\n")
        out.write(strip_controls(f"{_where(p)}: {p.severity}: [{p.code}] {p.message}") + "\n")
        if p.fix:
            out.write(strip_controls(f"    repair: {p.fix}") + "\n")
    by_code = Counter((p.code, p.severity) for p in problems)
    if by_code:
        out.write("\nby code:\n")
        width = max(len(code) for code, _ in by_code)
        for (code, severity), count in sorted(by_code.items()):
            hint = f"  (kb-tui fix --code {code})" if code in REPAIRABLE else ""
            out.write(f"  {code:<{width}}  {count:>6} {severity}{hint}\n")
    for note in notes:
        out.write(note + "\n")
    severities = Counter(p.severity for p in problems)
    info = f", {severities['info']} info" if severities["info"] else ""
    out.write(
        f"{documents} document(s), {severities['error']} error(s), "
        f"{severities['warning']} warning(s){info}\n"
    )


def check_json(
    kb: KnowledgeBase, problems: list[Problem], notes: Sequence[str] = ()
) -> dict[str, object]:
    severities = Counter(p.severity for p in problems)
    return {
        "schema": CHECK_SCHEMA,
        "root": str(kb.root),
        "documents": len(kb.documents),
        "summary": {
            "errors": severities["error"],
            "warnings": severities["warning"],
            "info": severities["info"],
            "by_code": dict(sorted(Counter(p.code for p in problems).items())),
        },
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "severity": p.severity,
                "code": p.code,
                "message": p.message,
                "repair": p.fix or None,
            }
            for p in problems
        ],
        "notes": list(notes),
    }


def run_check(
    kb: KnowledgeBase, fmt: str, codes: frozenset[str], out: TextIO, notes: Sequence[str] = ()
) -> int:
    """Print the findings for ``kb`` (and ``notes``); 1 when any shown finding is an error."""
    problems = diagnose(kb)
    if codes:
        problems = [p for p in problems if p.code in codes]
    if fmt == "json":
        out.write(json.dumps(check_json(kb, problems, notes), indent=2, ensure_ascii=False) + "\n")
    else:
        render_check_text(problems, len(kb.documents), out, notes)
    return 1 if any(p.severity == "error" for p in problems) else 0


def run_fix(
    path: Path,
    codes: frozenset[str],
    *,
    write: bool,
    out: TextIO,
    err: TextIO,
    color: bool,
    read_only: bool = False,
) -> int:
    """Show (or with ``write`` apply) every repair of ``codes`` under ``path``."""
    from kb_tui.core.doctor.backup import DoctorError, apply_plan
    from kb_tui.core.doctor.diff import render_diff
    from kb_tui.core.doctor.repair import plan_repairs

    plan = plan_repairs(path, codes or frozenset(REPAIRABLE))
    for rel, reason in plan.skipped:
        err.write(strip_controls(f"kb-tui: skipped {rel}: {reason}") + "\n")
    if not plan.files:
        out.write("kb-tui: nothing to fix\n")
        return 0
    by_code = Counter(c.problem.code for f in plan.files for c in f.changes)
    summary = ", ".join(f"{n} {code}" for code, n in sorted(by_code.items()))
    where = f"{len(plan.files)} file{'s' * (len(plan.files) != 1)}"
    if not write:
        for file_plan in plan.files:
            out.write(render_diff(file_plan, color=color))
        out.flush()
        err.write(f"kb-tui: {plan.changes} repair(s) in {where} ({summary}); ")
        err.write("nothing changed: run again with --write to apply\n")
        return 0
    if read_only:
        raise DoctorError("the bundled sample is read-only: repair a copy of it")
    applied = apply_plan(plan)
    for rel in applied.written:
        lines = next(len(f.changes) for f in plan.files if f.rel_path == rel)
        out.write(strip_controls(f"fixed {rel}: {lines} line(s)") + "\n")
    for rel, reason in applied.refused:
        err.write(strip_controls(f"kb-tui: refused {rel}: {reason}") + "\n")
    if applied.backup is None:
        err.write("kb-tui: nothing was changed\n")
    else:
        out.write(
            f"{len(applied.written)} of {len(plan.files)} file(s) repaired ({summary}); "
            f"originals in {applied.backup}; undo with: kb-tui fix --undo {plan.root}\n"
        )
    return 1 if applied.refused else 0


def run_undo(path: Path, out: TextIO, *, read_only: bool = False) -> int:
    from kb_tui.core.doctor.backup import DoctorError, undo_last

    if read_only:
        raise DoctorError("the bundled sample is read-only: nothing to undo")
    root, _files = resolve_root(path)
    undone = undo_last(root)
    for rel in undone.restored:
        out.write(strip_controls(f"restored {rel}") + "\n")
    out.write(f"{len(undone.restored)} file(s) restored from {undone.backup}\n")
    return 0
