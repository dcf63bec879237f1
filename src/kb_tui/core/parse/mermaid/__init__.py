"""Parse Mermaid flowchart text into a small, inert data model.

The text comes from untrusted documents: it is only interpreted, never executed, and
:func:`parse_flowchart` never raises.  Input size, nodes, edges and subgraphs are capped
(``truncated`` reports it) and every scan is a forward pass, so time is linear.

The package is split by responsibility: :mod:`.model` holds the dataclasses consumers
use, :mod:`.lexer` scans ids, shapes and links within a line, and :mod:`.parser` drives
the statement-by-statement parse and enforces the limits.
"""

from kb_tui.core.parse.mermaid.lexer import MAX_LABEL_CHARS, clean_label
from kb_tui.core.parse.mermaid.model import Edge, Flowchart, Node, Subgraph
from kb_tui.core.parse.mermaid.parser import (
    MAX_CHARS,
    MAX_EDGES,
    MAX_LINE_CHARS,
    MAX_LINES,
    MAX_NODES,
    MAX_SUBGRAPHS,
    parse_flowchart,
)
from kb_tui.core.parse.mermaid.parser import _parse as _parse

__all__ = [
    "MAX_CHARS",
    "MAX_EDGES",
    "MAX_LABEL_CHARS",
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "MAX_NODES",
    "MAX_SUBGRAPHS",
    "Edge",
    "Flowchart",
    "Node",
    "Subgraph",
    "clean_label",
    "parse_flowchart",
]
