"""Obsidian's syntax made readable in a Markdown that knows none of it.

:func:`obsidian_markdown` rewrites a section's text before the viewer renders it: comments
hidden, footnotes numbered and listed at the end, task characters drawn as glyphs. Code
fences are left exactly as written. Callouts and highlights stay in the text: the viewer
draws them (:mod:`.callouts` holds their table).
"""

from __future__ import annotations

import re

from kb_tui.core.model.tasks import task_glyph
from kb_tui.core.parse.obsidian_marks import hide_comments
from kb_tui.core.render.obsidian.footnotes import Footnotes

_FENCE_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})")
_TASK_RE = re.compile(r"^((?:[ \t]*>)*[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[(.)\](?=[ \t]|$)")


def obsidian_markdown(text: str) -> str:
    """``text`` with Obsidian comments hidden, footnotes numbered and task boxes drawn."""
    lines = hide_comments(text).split("\n")
    prose = _outside_fences(lines)
    notes = Footnotes()
    kept: list[tuple[str, bool]] = []
    for line, outside in zip(lines, prose, strict=True):
        if outside and notes.take_definition(line):
            continue
        kept.append((line, outside))
    out: list[str] = []
    for line, outside in kept:
        if outside and "[" in line:
            line = notes.references(_TASK_RE.sub(_task, line, count=1))
        out.append(line)
    return "\n".join(out + notes.listing())


def _task(match: re.Match[str]) -> str:
    return match.group(1) + task_glyph(match.group(2))


def _outside_fences(lines: list[str]) -> list[bool]:
    """For each line: True outside code fences (fence lines themselves count as inside)."""
    out: list[bool] = []
    fence: str | None = None
    for line in lines:
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
            out.append(fence is None)
        else:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            out.append(False)
    return out
