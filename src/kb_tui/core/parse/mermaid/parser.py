"""Turn Mermaid flowchart text into a :class:`~.model.Flowchart`, statement by statement.

This is the driver: it finds the ``graph``/``flowchart`` header, skips comments, front
matter and accessibility blocks, and builds nodes, edges and subgraphs from the pieces
:mod:`.lexer` scans.  The text is untrusted, so size, nodes, edges and subgraphs are
capped (``truncated`` reports it) and :func:`parse_flowchart` never raises.
"""

from __future__ import annotations

from kb_tui.core.parse.mermaid.lexer import (
    clean_label,
    parse_link,
    read_shape,
    scan_id,
    skip_ws,
    split_statements,
)
from kb_tui.core.parse.mermaid.model import Edge, Flowchart, Node, Subgraph

MAX_CHARS = 200_000
MAX_LINES = 2_000
MAX_LINE_CHARS = 4_000
MAX_NODES = 1_000
MAX_EDGES = 5_000
MAX_SUBGRAPHS = 200

_DIRECTIONS = {"TD": "TD", "TB": "TB", "BT": "BT", "LR": "LR", "RL": "RL"}
_DIRECTIONS |= {">": "LR", "<": "RL", "^": "BT", "V": "TB"}
_HEADERS = frozenset({"graph", "flowchart", "flowchart-elk"})
_IGNORED = frozenset({"classDef", "class", "style", "linkStyle", "click", "direction"})


def parse_flowchart(source: str) -> Flowchart | None:
    """Parse a Mermaid ``graph``/``flowchart``; ``None`` for other diagram kinds."""
    if not isinstance(source, str):
        return None
    try:
        return _parse(source)
    except Exception:  # last-resort guard: untrusted input must never crash the viewer
        return None


class _Parser:
    def __init__(self, truncated: bool) -> None:
        self.direction = "TD"
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.subgraphs: list[Subgraph] = []
        self.stack: list[Subgraph | None] = []  # None: a subgraph dropped by the cap
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
        j = scan_id(rest, 0)
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
        j = scan_id(s, i)
        if j == i:
            return None
        nid, label, shape = s[i:j], None, None
        got = read_shape(s, j)
        if got is not None:
            shape, raw, j = got
            label = clean_label(raw)
        if s.startswith(":::", j):
            j = scan_id(s, j + 3)
        return (nid, j) if self.node(nid, label, shape) else None

    def group(self, s: str, i: int) -> tuple[list[str], int]:
        """Read ``A & B & C``: the node ids and the index after the last one."""
        ids: list[str] = []
        while True:
            ref = self.node_ref(s, skip_ws(s, i))
            if ref is None:
                return ids, i
            nid, i = ref
            ids.append(nid)
            j = skip_ws(s, i)
            if j >= len(s) or s[j] != "&":
                return ids, i
            i = j + 1

    def chain(self, s: str) -> None:
        """Read ``A --> B & C -.-> D``: every node of a group links to every node of the next."""
        prev: list[str] = []
        style, label = "-->", ""
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
                    self.edges.append(Edge(a, b, label, style))
            i = skip_ws(s, i)
            j = scan_id(s, i)  # optional edge id: ``A e1@--> B``
            if i < j < len(s) - 1 and s[j] == "@" and s[j + 1] in "-=~<":
                i = j + 1
            parsed = parse_link(s, i)
            if parsed is None:
                return
            style, label, i = parsed
            prev = group

    def finish(self) -> Flowchart:
        titles = {sub.id: sub.title for sub in self.subgraphs}
        for node in self.nodes.values():
            if node.label == node.id and node.id in titles:
                node.label = titles[node.id]
        nodes = list(self.nodes.values())
        return Flowchart(self.direction, nodes, self.edges, self.subgraphs, self.truncated)


def _parse(source: str) -> Flowchart | None:
    """The unguarded parse (may raise on a bug; tests call it so bugs surface)."""
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
            stmts = split_statements(line)
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
            stmts = split_statements(line)
        for st in stmts:
            skip_block = parser.statement(st) or skip_block
    if parser is None:
        return None
    parser.truncated = parser.truncated or truncated
    return parser.finish()
