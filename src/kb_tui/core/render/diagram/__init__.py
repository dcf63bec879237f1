"""Render a parsed Mermaid flowchart as plain monospace text lines.

Small acyclic charts get a layered drawing (boxes, one layer per longest-path depth, routed
connectors); anything too wide, cyclic or big falls back to an indented tree that wraps
labels instead of cutting them.  Output is deterministic; only the stdlib is used.

Modules: :mod:`.width` (cell widths, wrapping), :mod:`.canvas` (character grid, boxes,
lines), :mod:`.placement` and :mod:`.layered` (the layered drawing), :mod:`.tree` (the
fallback) and :mod:`.notes` (edge/subgraph notes both layouts print underneath).
"""

from __future__ import annotations

from kb_tui.core.parse.mermaid import Flowchart
from kb_tui.core.render.diagram.layered import render_layered
from kb_tui.core.render.diagram.tree import render_tree
from kb_tui.core.render.diagram.width import char_width, text_width, wrap_text

__all__ = ["char_width", "render_flowchart", "text_width", "wrap_text"]


def render_flowchart(chart: Flowchart, width: int = 80) -> list[str]:
    """Render ``chart`` into lines no wider than ``width`` cells (where possible)."""
    width = max(8, width)
    if not chart.nodes:
        return ["(empty flowchart)"]
    out = render_layered(chart, width)
    if out is None:
        out = render_tree(chart, width)
    if chart.truncated:
        out += wrap_text("(diagram truncated: source too large)", width)
    return out
