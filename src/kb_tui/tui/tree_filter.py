"""The tree filter's glue: the core's outcome (:mod:`kb_tui.core.query.kb_filter`) as the
tree's node references. What matches, and what is kept, is decided in the core only."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb_tui.core.model import Group, Item, KnowledgeBase, Section
from kb_tui.core.query.kb_filter import KbFilter, MatchNode, run_filter
from kb_tui.core.query.kb_index import Entry, KbIndex
from kb_tui.tui.refs import NodeRef, document_ref, group_ref, item_ref, section_ref


@dataclass
class FilterNode:
    ref: NodeRef
    children: list[FilterNode] = field(default_factory=list)


@dataclass
class FilterResult:
    """What the filtered tree draws; ``outcome`` is the core's answer it was drawn from."""

    roots: list[FilterNode] = field(default_factory=list)
    outcome: KbFilter = field(default_factory=KbFilter)

    @property
    def positions(self) -> dict[str, list[int]]:
        return self.outcome.positions

    @property
    def best(self) -> str | None:
        return self.outcome.best

    @property
    def truncated(self) -> bool:
        return self.outcome.truncated


def entry_ref(entry: Entry) -> NodeRef:
    """The tree's reference for a core entry."""
    node, doc = entry.node, entry.document
    if isinstance(node, Item):
        return item_ref(doc, entry.section, node)
    if isinstance(node, Group):
        return group_ref(doc, entry.section, node)
    if isinstance(node, Section):
        return section_ref(doc, node)
    return document_ref(doc)


def _refs(nodes: list[MatchNode]) -> list[FilterNode]:
    out = []
    for node in nodes:
        ref = entry_ref(node.entry)
        ref.populated = not node.whole  # a matching heading opens onto all its content
        out.append(FilterNode(ref, _refs(node.children)))
    return out


def as_tree(outcome: KbFilter) -> FilterResult:
    """The core's outcome as nodes for :meth:`KbTree.show_filtered`."""
    return FilterResult(_refs(outcome.roots), outcome)


def filter_index(index: KbIndex, query: str) -> FilterResult:
    """Filter with ``index`` (built once per knowledge base) and draw the outcome."""
    return as_tree(run_filter(index, query))


def filter_kb(kb: KnowledgeBase, query: str) -> FilterResult:
    """What the filtered tree draws for ``query`` (a fresh index; typing keeps one)."""
    return filter_index(KbIndex(kb), query)
