"""The inert data model a parsed Mermaid flowchart is turned into.

Kept apart from the lexer and parser so that consumers (the text renderer, checklist
extraction) depend only on these plain dataclasses, never on parsing internals.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
