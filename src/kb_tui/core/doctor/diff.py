"""Unified diffs of planned repairs, for ``kb-tui fix`` and the problems view.

Lines are shown decoded with control characters stripped — a diff of an untrusted file
must not drive the terminal — and mojibake is shown as it is, since that is the point.
Colour (ANSI) is for terminals only; the caller decides.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from kb_tui.core.doctor.rawlines import RawLines
from kb_tui.core.doctor.repair import FilePlan
from kb_tui.core.text import strip_controls

RED, GREEN, CYAN, BOLD, RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[1m", "\x1b[0m"
CONTEXT = 3


def _lines(data: bytes) -> list[str]:
    raw = RawLines.from_bytes(data)
    return [
        strip_controls(raw.content(i).decode("utf-8", errors="replace"))
        for i in range(len(raw.lines))
    ]


def diff_lines(plan: FilePlan, context: int = CONTEXT) -> Iterator[str]:
    """The plan as unified-diff lines (no line endings)."""
    yield from difflib.unified_diff(
        _lines(plan.original),
        _lines(plan.repaired),
        fromfile=f"a/{strip_controls(plan.rel_path)}",
        tofile=f"b/{strip_controls(plan.rel_path)}",
        n=context,
        lineterm="",
    )


def colour(line: str) -> str:
    """``line`` of a unified diff with ANSI colour."""
    if line.startswith(("+++", "---")):
        return BOLD + line + RESET
    if line.startswith("@@"):
        return CYAN + line + RESET
    if line.startswith("+"):
        return GREEN + line + RESET
    if line.startswith("-"):
        return RED + line + RESET
    return line


def render_diff(plan: FilePlan, *, color: bool = False, context: int = CONTEXT) -> str:
    """The whole diff of ``plan`` as text ending in a newline."""
    lines = diff_lines(plan, context)
    return "".join((colour(line) if color else line) + "\n" for line in lines)
