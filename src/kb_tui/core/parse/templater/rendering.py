"""Finding ``<% ... %>`` placeholders in text and substituting the interpretable ones.

This is the public entry point's engine: it locates placeholders in linear time (even in
hostile input full of unbalanced ``<%``), honours Templater's whitespace-control
modifiers for placeholders it renders, and keeps everything it cannot interpret - and
all ``<%* ... %>`` execution blocks - byte for byte.  Public functions never raise.
"""

from __future__ import annotations

import re
from datetime import datetime

from kb_tui.core.parse.templater.context import TemplaterContext
from kb_tui.core.parse.templater.evaluation import evaluate, is_frontmatter_ref
from kb_tui.core.parse.templater.expressions import parse

# ``<%`` + optional command/whitespace-control modifier (``*``, ``-``, ``_``) + body + ``%>``.
# The body may span lines but never contains ``<%`` or ``%>``; together with possessive
# quantifiers this means every match attempt stops at the next ``<%`` or ``%>``, so
# ``finditer``/``search`` run in linear time even on text full of unbalanced ``<%``.
# A closing modifier (``-%>`` / ``_%>``) is the last character of the ``body`` group.
PLACEHOLDER_RE: re.Pattern[str] = re.compile(
    r"<%(?P<open>[*_-]?+)(?P<body>[^%<]*+(?:(?:%(?!>)|<(?!%))[^%<]*+)*+)%>"
)


def has_placeholder(text: str) -> bool:
    """Return True if ``text`` contains at least one complete ``<% ... %>`` placeholder."""
    try:
        return "<%" in text and PLACEHOLDER_RE.search(text) is not None
    except Exception:
        return False


def find_placeholders(text: str) -> list[tuple[int, int, str]]:
    """Return ``(start, end, expression)`` for every placeholder in ``text``.

    ``text[start:end]`` is the whole placeholder including delimiters and modifiers;
    ``expression`` is the code between the delimiters with modifiers (``*``, ``-``,
    ``_``) removed and surrounding whitespace stripped.
    """
    try:
        if "<%" not in text:
            return []
        return [
            (match.start(), match.end(), _split_body(match)[0].strip())
            for match in PLACEHOLDER_RE.finditer(text)
        ]
    except Exception:
        return []


def render(text: str, ctx: TemplaterContext) -> str:
    """Replace every interpretable placeholder in ``text``; leave all others untouched.

    Whitespace-control modifiers (``<%-``/``-%>`` trim one newline, ``<%_``/``_%>`` trim
    all whitespace on that side) are honoured for placeholders that are rendered.
    """
    try:
        if "<%" not in text:
            return text
        now = ctx.now if ctx.now is not None else datetime.now()
        return _render_text(text, ctx, now, nested=False)
    except Exception:
        return text


def _split_body(match: re.Match[str]) -> tuple[str, str]:
    """Return ``(body_without_close_modifier, close_modifier)``."""
    body = match.group("body")
    if body and body[-1] in "-_":
        return body[:-1], body[-1]
    return body, ""


def _trim_start(segment: str, mode: str) -> str:
    if mode == "_":
        return segment.lstrip()
    if mode == "-":
        if segment.startswith("\r\n"):
            return segment[2:]
        if segment[:1] in ("\n", "\r"):
            return segment[1:]
    return segment


def _trim_end(segment: str, mode: str) -> str:
    if mode == "_":
        return segment.rstrip()
    if mode == "-":
        if segment.endswith("\r\n"):
            return segment[:-2]
        if segment[-1:] in ("\n", "\r"):
            return segment[:-1]
    return segment


def _render_text(text: str, ctx: TemplaterContext, now: datetime, *, nested: bool) -> str:
    parts: list[str] = []
    cache: dict[str, str | None] = {}
    pos = 0
    pending_trim = ""  # close modifier of the previous *rendered* placeholder
    for match in PLACEHOLDER_RE.finditer(text):
        literal = _trim_start(text[pos : match.start()], pending_trim)
        pending_trim = ""
        open_mod = match.group("open")
        value: str | None = None
        close_mod = ""
        if open_mod != "*":
            body, close_mod = _split_body(match)
            expression = body.strip()
            if expression not in cache:
                cache[expression] = _evaluate(expression, ctx, now, nested=nested)
            value = cache[expression]
        if value is None:
            parts.append(literal)
            parts.append(match.group(0))
        else:
            parts.append(_trim_end(literal, open_mod))
            parts.append(value)
            pending_trim = close_mod
        pos = match.end()
    if not parts:
        return text
    parts.append(_trim_start(text[pos:], pending_trim))
    return "".join(parts)


def _evaluate(expression: str, ctx: TemplaterContext, now: datetime, *, nested: bool) -> str | None:
    """Interpret one placeholder expression; ``None`` means "leave it as written"."""
    try:
        node = parse(expression)
        text = evaluate(node, ctx, now)
        if not nested and is_frontmatter_ref(node) and "<%" in text:
            # A frontmatter value may itself hold a placeholder; render it once (no deeper).
            text = _render_text(text, ctx, now, nested=True)
        return text
    except Exception:
        return None
