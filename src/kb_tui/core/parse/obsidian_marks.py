"""Obsidian's inline marks in plain text: ``%%comments%%`` (hidden) and ``==highlights==``.

Comments are hidden everywhere kb-tui shows or searches text, but never inside code (a
fenced block or an inline code span): mermaid uses ``%%`` for its own comments. Hiding keeps
every newline, so line numbers stay those of the file. A comment left open hides the rest
of the text, as Obsidian does.
"""

from __future__ import annotations

import re

from kb_tui.core.parse.code_spans import CodeSpans

# A fence opener anywhere in a list or quote (lenient: hiding too little beats hiding code).
_FENCE_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})")


def hide_comments(text: str) -> str:
    """``text`` without its Obsidian comments (inline ``%%…%%`` and ``%%`` blocks), line for
    line; code fences and code spans keep theirs."""
    if "%%" not in text:
        return text
    out: list[str] = []
    fence: str | None = None
    in_comment = False
    for line in text.split("\n"):
        if not in_comment:
            match = _FENCE_RE.match(line)
            if fence is not None:
                if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                    fence = None
                out.append(line)
                continue
            if match:
                fence = match.group(1)
                out.append(line)
                continue
        kept, in_comment = _hide_in_line(line, in_comment)
        out.append(kept)
    return "\n".join(out)


def _hide_in_line(line: str, in_comment: bool) -> tuple[str, bool]:
    """One line outside fences without its comments; whether a comment is still open."""
    if not in_comment and "%%" not in line:
        return line, False
    spans = CodeSpans(line)  # read afresh after each comment, never going back
    kept: list[str] = []
    pos = 0
    while True:
        mark = line.find("%%", pos)
        if in_comment:
            if mark < 0:
                return "".join(kept), True
            pos, in_comment = mark + 2, False
            continue
        search = pos
        while mark >= 0 and (span := spans.next_span(search)) is not None and span[0] < mark:
            search = span[1]  # a code span before the mark: look past it
            mark = line.find("%%", search)
        if mark < 0:
            kept.append(line[pos:])
            return "".join(kept), False
        kept.append(line[pos:mark])
        pos, in_comment = mark + 2, True


def highlights(text: str) -> list[tuple[int, int]]:
    """Where ``text``'s ``==highlights==`` are: (opening, closing) ``==`` positions, in order.

    Obsidian's rule: a highlight opens at ``==`` followed by a character that is no space
    and closes at the next ``==`` that follows one (so ``==a ==b== c`` marks ``b``, and
    ``a == b`` nothing); a run of three or more ``=`` is no marker; code spans hold none.
    Highlights never nest. Linear: each ``==`` is looked at once. Labels, the quick preview
    and the viewer all ask here.
    """
    found: list[tuple[int, int]] = []
    if "==" not in text:
        return found
    spans = CodeSpans(text)
    span = spans.next_span(0)
    opening = -1
    pos = text.find("==")
    while pos >= 0:
        end = pos + 2
        while end < len(text) and text[end] == "=":
            end += 1
        while span is not None and span[1] <= pos:
            span = spans.next_span(span[1])
        if span is not None and span[0] <= pos:  # in code: nothing in it counts
            opening = -1 if opening > span[0] else opening
            pos = text.find("==", span[1])
            continue
        if end - pos == 2:
            closes = pos > 0 and not text[pos - 1].isspace()
            if opening >= 0 and closes:
                found.append((opening, pos))
                opening = -1
            elif end < len(text) and not text[end].isspace():
                opening = pos
        pos = text.find("==", end)
    return found


def strip_highlights(text: str) -> str:
    """``text`` with the ``==`` of its highlights dropped (the words stay)."""
    pairs = highlights(text)
    if not pairs:
        return text
    out: list[str] = []
    done = 0
    for opening, closing in pairs:
        out += [text[done:opening], text[opening + 2 : closing]]
        done = closing + 2
    out.append(text[done:])
    return "".join(out)


def plain_label(text: str) -> str:
    """An item's or heading's label as lists show it: highlights unmarked, whitespace
    collapsed. (Its comments went with the body's, before parsing: in a label, code spans
    are no longer told apart from text.)"""
    if "==" in text:
        text = " ".join(strip_highlights(text).split())
    return text
