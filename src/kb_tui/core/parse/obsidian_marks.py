"""Obsidian's inline marks in plain text: ``%%comments%%`` (hidden) and ``==highlights==``.

Comments are hidden everywhere kb-tui shows or searches text, but never inside code (a
fenced block or an inline code span): mermaid uses ``%%`` for its own comments. Hiding keeps
every newline, so line numbers stay those of the file. A comment left open hides the rest
of the text, as Obsidian does.
"""

from __future__ import annotations

import re

# A fence opener anywhere in a list or quote (lenient: hiding too little beats hiding code).
_FENCE_RE = re.compile(r"^[ \t]*(?:>[ \t]*)*(`{3,}|~{3,})")
_TOKEN_RE = re.compile(r"`+|%%")
HIGHLIGHT_RE = re.compile(r"==(?=[^\s=])(.+?)(?<=[^\s=])==")


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
    tokens = list(_TOKEN_RE.finditer(line))
    last = {token.group(): index for index, token in enumerate(tokens)}  # a run's last place
    kept: list[str] = []
    pos = 0
    code: str | None = None
    for index, token in enumerate(tokens):
        mark = token.group()
        if in_comment:
            if mark == "%%":
                in_comment, pos = False, token.end()
        elif code is not None:
            if mark == code:
                code = None
        elif mark[0] == "`":
            if last[mark] > index:  # the same run follows: a code span, not a literal
                code = mark
        else:
            kept.append(line[pos : token.start()])
            in_comment = True
    if not in_comment:
        kept.append(line[pos:])
    return "".join(kept), in_comment


def strip_highlights(text: str) -> str:
    """``text`` with the ``==`` of its highlights dropped (the words stay)."""
    return HIGHLIGHT_RE.sub(r"\1", text) if "==" in text else text


def plain_label(text: str) -> str:
    """An item's or heading's label as lists show it: highlights unmarked, whitespace
    collapsed. (Its comments went with the body's, before parsing: in a label, code spans
    are no longer told apart from text.)"""
    if "==" in text:
        text = " ".join(strip_highlights(text).split())
    return text
