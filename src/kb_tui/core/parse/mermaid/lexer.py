"""Character-level scanning of Mermaid flowchart lines: statements, ids, shapes, links.

These are pure functions over one line of text that return positions, so the parser in
:mod:`.parser` only decides what the pieces mean.  Every scan moves forward (linear time)
and gives up with ``None`` on malformed input instead of raising.
"""

from __future__ import annotations

import html
import re
import unicodedata
from html.entities import name2codepoint

MAX_LABEL_CHARS = 500

_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_ENTITY_RE = re.compile(r"#(\w{1,12});")
# (opener, closer, shape), longest openers first; slants ("[/", "[\\") are handled apart.
# fmt: off
_SHAPES = (
    ("(((", ")))", "double_circle"), ("((", "))", "circle"), ("([", "])", "stadium"),
    ("[[", "]]", "subroutine"), ("[(", ")]", "cyl"), ("{{", "}}", "hexagon"),
    ("(", ")", "round"), ("[", "]", "rect"), ("{", "}", "rhombus"), (">", "]", "asym"),
)
_SLANTS = {"//": "parallelogram", "\\\\": "parallelogram_alt", "/\\": "trapezoid",
           "\\/": "trapezoid_alt"}
# fmt: on
_TEXT_LINKS = frozenset({"--", "==", "-."})


def clean_label(text: str) -> str:
    """Normalise label text: strip quotes/backticks, decode entities, drop controls."""
    t = text.strip()[:MAX_LABEL_CHARS]
    if len(t) >= 2 and t[0] == t[-1] == '"':
        t = t[1:-1].strip()
    if len(t) >= 2 and t[0] == t[-1] == "`":
        t = t[1:-1]
    t = _BR_RE.sub(" ", t)
    t = _ENTITY_RE.sub(lambda m: f"&#{m[1]};" if m[1].isdigit() else f"&{m[1]};", t)
    t = html.unescape(t)
    # control characters (e.g. terminal escapes) become spaces; zero-width formats vanish
    t = "".join(c if c.isprintable() else "" if unicodedata.category(c) == "Cf" else " " for c in t)
    return " ".join(t.split())


def _is_id_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or (ord(ch) > 127 and ch.isprintable() and not ch.isspace())


def scan_id(s: str, i: int) -> int:
    """Index just past the node id starting at ``s[i]`` (``i`` itself if there is none)."""
    n, start = len(s), i
    while i < n:
        ch = s[i]
        if _is_id_char(ch) or (ch in "-." and i > start and i + 1 < n and _is_id_char(s[i + 1])):
            i += 1
        else:
            break
    return i


def skip_ws(s: str, i: int) -> int:
    while i < len(s) and s[i].isspace():
        i += 1
    return i


def _is_entity_end(line: str, i: int) -> bool:
    """Is the ``;`` at ``line[i]`` the end of ``#quot;``/``&amp;``/``#35;`` (not ``#fff;``)?"""
    j = i - 1
    while j >= 0 and i - j <= 12 and line[j].isalnum():
        j -= 1
    name = line[j + 1 : i]
    return j >= 0 and line[j] in "&#" and (name.isdigit() or name in name2codepoint)


def split_statements(line: str) -> list[str]:
    """Split on ``;`` outside brackets, quotes, ``|edge labels|`` and entities."""
    out: list[str] = []
    depth, quote, pipe, start = 0, False, False, 0
    for i, ch in enumerate(line):
        if ch == '"':
            quote = not quote
        elif quote:
            continue
        elif ch in "[({":
            depth += 1
        elif ch in "])}":
            depth = max(0, depth - 1)
        elif ch == "|" and depth == 0:
            pipe = not pipe
        elif ch == ";" and depth == 0 and not pipe and not _is_entity_end(line, i):
            out.append(line[start:i])
            start = i + 1
    out.append(line[start:])
    return out


def read_shape(s: str, i: int) -> tuple[str, str, int] | None:
    """Read a node shape + raw label at ``s[i]``: (shape, raw_label, index after it)."""
    slant = s.startswith(("[/", "[\\"), i)
    opener, closer, shape = next((t for t in _SHAPES if s.startswith(t[0], i)), ("", "", ""))
    if not opener:
        return None
    start = i + (2 if slant else len(opener))
    search = j = skip_ws(s, start)
    if j < len(s) and s[j] == '"':  # a quoted label may contain the closer
        search = s.find('"', j + 1) + 1
        if search == 0:
            return None
    closers = ("/]", "\\]") if slant else (closer,)
    found = [e for e in (s.find(c, search) for c in closers) if e >= 0]
    if not found:
        return None
    end = min(found)
    if slant:
        shape, closer = _SLANTS[s[i + 1] + s[end]], "/]"
    return shape, s[start:end], end + len(closer)


def _link_style(start: str, body: str, head: str) -> str:
    if "~" in body:
        return "~~~"
    thick, dotted = "=" in body, "." in body
    return start + (
        "==" + (head or "=") if thick else "-.-" + head if dotted else "--" + (head or "-")
    )


def _find_text_close(s: str, k: int) -> tuple[int, str, str, int] | None:
    """Find the closing arrow of ``-- text -->``: (text_end, run, head, after)."""
    n, m = len(s), skip_ws(s, k)
    if m < n and s[m] == '"':
        q = s.find('"', m + 1)
        m = q + 1 if q >= 0 else n
    while m < n:
        if s[m] not in "-=.":
            m += 1
            continue
        end = m
        while end < n and s[end] in "-=.":
            end += 1
        run, head = s[m:end], ""
        if end < n and s[end] in ">xo" and (s[end] == ">" or end + 1 >= n or s[end + 1] == " "):
            head = s[end]
        solid = len(set(run)) == 1 and run[0] in "-="
        if (
            (head and len(run) >= 2 and run[-1] in "-=")
            or (not head and len(run) >= 3 and solid)
            or (not head and run[0] == "." and run.endswith("-"))
        ):
            return m, run, head, end + len(head)
        m = end
    return None


def parse_link(s: str, i: int) -> tuple[str, str, int] | None:
    """Parse an arrow at ``s[i]``: (normalised style, label, index after link)."""
    n, j, start = len(s), i, ""
    if j < n and s[j] == "<":
        start, j = "<", j + 1
    elif j + 1 < n and s[j] in "xo" and s[j + 1] in "-=":
        start, j = s[j], j + 1
    k = j
    while k < n and s[k] in "-=.~":
        k += 1
    body, head, label = s[j:k], "", ""
    if len(body) < 2 or body[0] == ".":
        return None
    if k < n and (s[k] == ">" or (s[k] in "xo" and (k + 1 >= n or not _is_id_char(s[k + 1])))):
        head, k = s[k], k + 1
    if not head and body in _TEXT_LINKS:
        close = _find_text_close(s, k)
        if close is None:
            return None
        text_end, run, head, after = close
        label, body, k = clean_label(s[k:text_end]), body + run, after
    style = _link_style(start, body, head)
    p = skip_ws(s, k)
    if p < n and s[p] == "|":
        q = s.find("|", p + 1)
        if q < 0:
            return None
        label, k = clean_label(s[p + 1 : q]) or label, q + 1
    return style, label, k
