"""The indented-tree fallback for charts the layered drawing cannot show.

Cyclic, large (over 40 nodes) or too-wide charts are listed instead: roots first,
grouped under their subgraph headers, children as ``├─▶``/``└─▶`` branches.  Labels are
wrapped rather than cut, a node seen before is marked ``↺`` and not expanded again (so
cycles terminate), and very deep indentation is elided so text keeps some room.
"""

from __future__ import annotations

from kb_tui.core.parse.mermaid import Flowchart
from kb_tui.core.render.diagram.notes import notes, subgraph_path
from kb_tui.core.render.diagram.width import text_width, wrap_prefixed, wrap_text

_TEE, _ELL, _BAR, _GAP = "├─▶ ", "└─▶ ", "│   ", "    "


def render_tree(chart: Flowchart, width: int) -> list[str]:
    """Indented tree fallback: roots first, children as ``├─▶``/``└─▶`` branches."""
    labels = {node.id: node.label for node in chart.nodes}
    kids: dict[str, list[tuple[str, str]]] = {nid: [] for nid in labels}
    has_parent: set[str] = set()
    for e in chart.edges:
        if e.src in kids and e.dst in kids:
            kids[e.src].append((e.dst, e.label))
            if e.src != e.dst:
                has_parent.add(e.dst)
    group: dict[str, int] = {}
    for gi, sub in enumerate(chart.subgraphs):
        for nid in sub.node_ids:
            group.setdefault(nid, gi)
    order = list(labels)
    roots = sorted((nid for nid in order if nid not in has_parent), key=lambda n: group.get(n, -1))
    out: list[str] = []
    seen: set[str] = set()
    headed: set[int] = set()
    current, max_prefix = -1, max(4, width // 2)
    for root in roots + order:  # then whatever only cycles reach
        if root in seen:
            continue
        gi = group.get(root, -1)
        if gi != current:
            header = subgraph_path(chart, gi) if gi >= 0 else "▣ (outside subgraphs)"
            out += wrap_text(header, width)
            current = gi
            headed.add(gi)
        stack = [(root, "", "", "")]
        while stack:
            nid, prefix, branch, edge_label = stack.pop()
            text = ("↺ " if nid in seen else "") + labels[nid]
            text = f"({edge_label}) {text}" if edge_label else text
            inner = prefix + (_BAR if branch == _TEE else _GAP if branch else "")
            out += wrap_prefixed(prefix + branch, inner, text, width)
            if nid in seen:
                continue
            seen.add(nid)
            if text_width(inner) > max_prefix:
                inner = "…" + inner[len(inner) - max_prefix + 1 :]
            children = kids[nid]
            for n in range(len(children) - 1, -1, -1):
                child, label = children[n]
                stack.append((child, inner, _ELL if n == len(children) - 1 else _TEE, label))
    return out + notes(chart, [], width, headed)
