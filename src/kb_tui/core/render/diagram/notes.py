"""Plain-text notes printed under either layout: unplaced edge labels and subgraphs.

Neither layout draws subgraph borders, and the layered one cannot always fit an edge
label on its connector; rather than lose that information it is listed here as wrapped
lines, shared by :mod:`.layered` and :mod:`.tree`.
"""

from __future__ import annotations

from kb_tui.core.parse.mermaid import Flowchart, Subgraph
from kb_tui.core.render.diagram.placement import Edge4
from kb_tui.core.render.diagram.width import wrap_prefixed


def subgraph_path(chart: Flowchart, index: int) -> str:
    """``▣ Outer › Inner`` for subgraph ``index``, following at most 8 parents."""
    by_id = {sub.id: sub for sub in chart.subgraphs}
    titles: list[str] = []
    sub: Subgraph | None = chart.subgraphs[index]
    while sub is not None and len(titles) < 8:
        titles.append(sub.title)
        sub = by_id.get(sub.parent or "")
    return "▣ " + " › ".join(reversed(titles))


def notes(chart: Flowchart, edges: list[Edge4], width: int, skip: set[int]) -> list[str]:
    """Edge labels that found no room (and self-loops), then subgraph membership.

    Subgraphs whose index is in ``skip`` are left out (the tree already headed them).
    """
    out = ["Edge notes:"] if edges else []
    for a, b, label, _ in edges:
        text = f"{chart.nodes[a].label} → {chart.nodes[b].label}" + (f": {label}" if label else "")
        out += wrap_prefixed("  ", "    ", text, width)
    labels = {node.id: node.label for node in chart.nodes}
    for gi, sub in enumerate(chart.subgraphs):
        if sub.node_ids and gi not in skip:
            names = ", ".join(labels.get(nid, nid) for nid in sub.node_ids)
            out += wrap_prefixed("", "    ", f"{subgraph_path(chart, gi)}: {names}", width)
    return out
