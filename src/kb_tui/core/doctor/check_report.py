"""The findings of ``kb-tui check`` as text and as JSON (``kb-tui/check@1``).

Built here, printed by :mod:`kb_tui.cli.check`: the core returns text, never writes it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from kb_tui.core.doctor.totals import totals
from kb_tui.core.model import KnowledgeBase, Problem
from kb_tui.core.model.problems import REPAIRABLE, ProblemCode
from kb_tui.core.text import strip_controls

KNOWN_CODES = tuple(sorted(str(code) for code in ProblemCode))  # what --code accepts
CHECK_SCHEMA = "kb-tui/check@1"


def location(p: Problem) -> str:
    """``path:line``, or the path alone for a finding about a whole file."""
    return f"{p.path}:{p.line}" if p.line else p.path


def check_lines(
    problems: list[Problem], documents: int, notes: Sequence[str] = ()
) -> Iterator[str]:
    """Findings grouped by file (each with its repair), a summary by code, ``notes``, then
    the totals: line by line, so a vault of thousands of problems is never one string
    (text with emoji takes four bytes a character: a joined report cost 12 MB on ops-kb)."""
    current = None
    per_file = Counter(p.path for p in problems)
    for p in problems:
        if p.path != current:
            if current is not None:
                yield ""
            current = p.path
            count = per_file[p.path]
            yield strip_controls(f"== {p.path} ({count} problem{'s' * (count != 1)})")
        yield strip_controls(f"{location(p)}: {p.severity}: [{p.code}] {p.message}")
        if p.fix:
            yield strip_controls(f"    repair: {p.fix}")
    by_code = Counter((p.code, p.severity) for p in problems)
    if by_code:
        yield ""
        yield "by code:"
        width = max(len(code) for code, _ in by_code)
        for (code, severity), count in sorted(by_code.items()):
            hint = f"  (kb-tui fix --code {code})" if code in REPAIRABLE else ""
            yield f"  {code:<{width}}  {count:>6} {severity}{hint}"
    yield from notes
    found = totals(problems)
    info = f", {found.info} info" if found.info else ""
    yield f"{documents} document(s), {found.errors} error(s), {found.warnings} warning(s){info}"


def check_json(
    kb: KnowledgeBase, problems: list[Problem], notes: Sequence[str] = ()
) -> dict[str, object]:
    found = totals(problems)
    return {
        "schema": CHECK_SCHEMA,
        "root": str(kb.root),
        "documents": len(kb.documents),
        "summary": {
            "errors": found.errors,
            "warnings": found.warnings,
            "info": found.info,
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


def check_schema() -> dict[str, object]:
    """The JSON Schema of ``kb-tui/check@1`` (``docs/check.schema.json``; a test compares):
    the codes come from :class:`~kb_tui.core.model.problems.ProblemCode`."""
    count = {"type": "integer", "minimum": 0}
    problem = {
        "type": "object",
        "required": ["path", "line", "severity", "code", "message", "repair"],
        "properties": {
            "path": {"type": "string"},
            "line": count,
            "severity": {"enum": ["error", "warning", "info"]},
            "code": {"enum": list(KNOWN_CODES)},
            "message": {"type": "string"},
            "repair": {"type": ["string", "null"]},
        },
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "kb-tui check --format json",
        "type": "object",
        "required": ["schema", "root", "documents", "summary", "problems", "notes"],
        "properties": {
            "schema": {"const": CHECK_SCHEMA},
            "root": {"type": "string"},
            "documents": count,
            "summary": {
                "type": "object",
                "required": ["errors", "warnings", "info", "by_code"],
                "properties": {
                    "errors": count,
                    "warnings": count,
                    "info": count,
                    "by_code": {
                        "type": "object",
                        "propertyNames": {"enum": list(KNOWN_CODES)},
                        "additionalProperties": count,
                    },
                },
            },
            "problems": {"type": "array", "items": problem},
            "notes": {"type": "array", "items": {"type": "string"}},
        },
    }
