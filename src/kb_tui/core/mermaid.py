"""Parse Mermaid flowchart text into a small, inert data model.

The text comes from untrusted documents: it is only interpreted, never executed, and
:func:`parse_flowchart` never raises.  Input size, nodes, edges and subgraphs are capped
(``truncated`` reports it) and every scan is a forward pass, so time is linear.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass, field
from html.entities import name2codepoint

MAX_CHARS = 200_000
MAX_LINES = 2_000
MAX_LINE_CHARS = 4_000
MAX_NODES = 1_000
MAX_EDGES = 5_000
MAX_SUBGRAPHS = 200
MAX_LABEL_CHARS = 500

_DIRECTIONS = {"TD": "TD", "TB": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
_DIRECTIONS |= {">": "LR", "<": "RL", "^": "BT", "V": "TB"}
_HEADERS = frozenset({"graph", "flowchart", "flowchart-elk"})
_IGNORED = frozenset({"classDef", "class", "style", "linkStyle", "click", "direction"})
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


@dataclass
class Node:
    id: str
    label: str = ""
    shape: str = "rect"

    def __post_init__(self) -> None:
        if not self.label:
            self.label = self.id


@dataclass
class Edge:
    src: str
    dst: str
    label: str = ""
    style: str = "-->"


@dataclass
class Subgraph:
    id: str
    title: str
    node_ids: list[str] = field(default_factory=list)
    parent: str | None = None


@dataclass
class Flowchart:
    direction: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    subgraphs: list[Subgraph] = field(default_factory=list)
    truncated: bool = False


def parse_flowchart(source: str) -> Flowchart | None:
    """Parse a Mermaid ``graph``/``flowchart``; ``None`` for other diagram kinds."""
    if not isinstance(source, str):
        return None
    try:
        return _parse(source)
    except Exception:  # last-resort guard: untrusted input must never crash the viewer
        return None


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


def _scan_id(s: str, i: int) -> int:
    n, start = len(s), i
    while i < n:
        ch = s[i]
        if _is_id_char(ch) or (ch in "-." and i > start and i + 1 < n and _is_id_char(s[i + 1])):
            i += 1
        else:
            break
    return i


def _skip_ws(s: str, i: int) -> int:
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


def _split_statements(line: str) -> list[str]:
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


def _read_shape(s: str, i: int) -> tuple[str, str, int] | None:
    """Read a node shape + raw label at ``s[i]``: (shape, raw_label, index after it)."""
    slant = s.startswith(("[/", "[\\"), i)
    opener, closer, shape = next((t for t in _SHAPES if s.startswith(t[0], i)), ("", "", ""))
    if not opener:
        return None
    start = i + (2 if slant else len(opener))
    search = j = _skip_ws(s, start)
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
    n, m = len(s), _skip_ws(s, k)
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


def _parse_link(s: str, i: int) -> tuple[str, str, int] | None:
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
    p = _skip_ws(s, k)
    if p < n and s[p] == "|":
        q = s.find("|", p + 1)
        if q < 0:
            return None
        label, k = clean_label(s[p + 1 : q]) or label, q + 1
    return style, label, k


class _Parser:
    def __init__(self, truncated: bool) -> None:
        self.direction = "TD"
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.subgraphs: list[Subgraph] = []
        self.stack: list[Subgraph | None] = []
        self.members: set[str] = set()
        self.truncated = truncated

    def statement(self, st: str) -> bool:
        """Handle one statement; True when a multi-line ``accDescr {`` block opens."""
        words = st.split(None, 1)
        if not words:
            return False
        head = words[0]
        if head == "end":
            if self.stack:
                self.stack.pop()
        elif head == "subgraph":
            self.subgraph(words[1] if len(words) > 1 else "")
        elif head.startswith(("accTitle", "accDescr")):
            return "{" in st and "}" not in st
        elif head not in _IGNORED:
            self.chain(st)
        return False

    def subgraph(self, rest: str) -> None:
        if len(self.subgraphs) >= MAX_SUBGRAPHS:
            self.truncated = True
            self.stack.append(None)
            return
        rest = rest.strip()
        j = _scan_id(rest, 0)
        tail = rest[j:].lstrip()
        if not rest:
            sid = title = f"subGraph{len(self.subgraphs)}"
        elif j and tail.startswith("["):
            close = tail.rfind("]")
            sid = rest[:j]
            title = clean_label(tail[1:close] if close > 0 else tail[1:]) or sid
        else:
            sid = title = clean_label(rest) or f"subGraph{len(self.subgraphs)}"
        parent = self.stack[-1] if self.stack else None
        sub = Subgraph(sid, title, [], parent.id if parent else None)
        self.subgraphs.append(sub)
        self.stack.append(sub)

    def node(self, nid: str, label: str | None, shape: str | None) -> bool:
        node = self.nodes.get(nid)
        if node is None:
            if len(self.nodes) >= MAX_NODES:
                self.truncated = True
                return False
            node = self.nodes[nid] = Node(nid, nid, "rect")
        if label is not None:
            node.label = label or nid
        if shape is not None:
            node.shape = shape
        current = self.stack[-1] if self.stack else None
        if current is not None and nid not in self.members:
            self.members.add(nid)
            current.node_ids.append(nid)
        return True

    def node_ref(self, s: str, i: int) -> tuple[str, int] | None:
        j = _scan_id(s, i)
        if j == i:
            return None
        nid, label, shape = s[i:j], None, None
        got = _read_shape(s, j)
        if got is not None:
            shape, raw, j = got
            label = clean_label(raw)
        if s.startswith(":::", j):
            j = _scan_id(s, j + 3)
        return (nid, j) if self.node(nid, label, shape) else None

    def group(self, s: str, i: int) -> tuple[list[str], int]:
        ids: list[str] = []
        while True:
            ref = self.node_ref(s, _skip_ws(s, i))
            if ref is None:
                return ids, i
            nid, i = ref
            ids.append(nid)
            j = _skip_ws(s, i)
            if j >= len(s) or s[j] != "&":
                return ids, i
            i = j + 1

    def chain(self, s: str) -> None:
        prev: list[str] = []
        link = ("-->", "")
        i = 0
        while True:
            group, i = self.group(s, i)
            if not group:
                return
            for a in prev:
                for b in group:
                    if len(self.edges) >= MAX_EDGES:
                        self.truncated = True
                        return
                    self.edges.append(Edge(a, b, link[1], link[0]))
            i = _skip_ws(s, i)
            j = _scan_id(s, i)  # optional edge id: ``A e1@--> B``
            if i < j < len(s) - 1 and s[j] == "@" and s[j + 1] in "-=~<":
                i = j + 1
            parsed = _parse_link(s, i)
            if parsed is None:
                return
            style, label, i = parsed
            prev, link = group, (style, label)

    def finish(self) -> Flowchart:
        titles = {sub.id: sub.title for sub in self.subgraphs}
        for node in self.nodes.values():
            if node.label == node.id and node.id in titles:
                node.label = titles[node.id]
        nodes = list(self.nodes.values())
        return Flowchart(self.direction, nodes, self.edges, self.subgraphs, self.truncated)


def _parse(source: str) -> Flowchart | None:
    truncated = len(source) > MAX_CHARS
    lines = source[:MAX_CHARS].split("\n", MAX_LINES)
    if len(lines) > MAX_LINES:
        truncated = truncated or bool(lines[MAX_LINES].strip())
        del lines[MAX_LINES:]
    parser: _Parser | None = None
    front_matter = skip_block = False
    for raw in lines:
        line = raw.strip()
        if len(line) > MAX_LINE_CHARS:
            line = line[:MAX_LINE_CHARS]
            truncated = True
        if parser is None:
            if line == "---":  # YAML front matter before the header
                front_matter = not front_matter
                continue
            if front_matter or not line or line.startswith("%%"):
                continue
            stmts = _split_statements(line)
            words = stmts[0].split()
            if not words or words[0].lower() not in _HEADERS:
                return None
            parser = _Parser(truncated)
            if len(words) > 1:
                parser.direction = _DIRECTIONS.get(words[1].upper(), "TD")
            stmts = stmts[1:]
        elif skip_block:
            skip_block = "}" not in line
            continue
        elif not line or line.startswith("%%"):
            continue
        else:
            stmts = _split_statements(line)
        for st in stmts:
            skip_block = parser.statement(st) or skip_block
    if parser is None:
        return None
    parser.truncated = parser.truncated or truncated
    return parser.finish()
