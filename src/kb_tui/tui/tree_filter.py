"""The tree filter: which nodes match a fuzzy query, and the paths that lead to them."""

from __future__ import annotations

from dataclasses import dataclass, field

from kb_tui.core.model import Document, Group, Item, KnowledgeBase, Section
from kb_tui.core.model.layout import document_content
from kb_tui.core.query.fuzzy import fuzzy_match
from kb_tui.tui.refs import (
    NodeRef,
    document_ref,
    group_ref,
    item_ref,
    section_ref,
)

MAX_MATCHES = 2_000


@dataclass
class FilterNode:
    ref: NodeRef
    children: list[FilterNode] = field(default_factory=list)


@dataclass
class FilterResult:
    roots: list[FilterNode] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    matches: list[tuple[int, str]] = field(default_factory=list)  # (score, key) in tree order
    truncated: bool = False

    @property
    def best(self) -> str | None:
        """The first match in tree order among those with the top score."""
        if not self.matches:
            return None
        top = max(score for score, _ in self.matches)
        return next(key for score, key in self.matches if score == top)


class _Walker:
    def __init__(self, query: str) -> None:
        self.query = query
        self.result = FilterResult()

    def check(self, ref: NodeRef) -> bool:
        if len(self.result.matches) >= MAX_MATCHES:
            self.result.truncated = True
            return False
        found = fuzzy_match(self.query, ref.title)
        if found is None:
            return False
        score, positions = found
        self.result.positions[ref.key] = positions
        self.result.matches.append((score, ref.key))
        return True

    def keep(self, ref: NodeRef, children: list[FilterNode]) -> FilterNode | None:
        matched = self.check(ref)
        if matched or children:
            ref.populated = True
            return FilterNode(ref, children)
        return None

    def nodes(
        self, doc: Document, section: Section | None, nodes: list[Group | Item]
    ) -> list[FilterNode]:
        out: list[FilterNode] = []
        for node in nodes:
            if isinstance(node, Item):
                kept = self.keep(item_ref(doc, section, node), [])
            else:
                ref = group_ref(doc, section, node)
                matched = self.check(ref)
                children = self.nodes(doc, section, node.children)
                kept = FilterNode(ref, children) if matched or children else None
                ref.populated = True
            if kept is not None:
                out.append(kept)
        return out

    def section(self, doc: Document, section: Section) -> FilterNode | None:
        ref = section_ref(doc, section)
        matched = self.check(ref)
        children = self.nodes(doc, section, section.children)
        for sub in section.sections:
            kept = self.section(doc, sub)
            if kept is not None:
                children.append(kept)
        ref.populated = True
        return FilterNode(ref, children) if matched or children else None

    def document(self, doc: Document) -> FilterNode | None:
        ref = document_ref(doc)
        matched = self.check(ref)
        loose, sections, h1 = document_content(doc)
        children = self.nodes(doc, h1, loose)
        for section in sections:
            kept = self.section(doc, section)
            if kept is not None:
                children.append(kept)
        ref.populated = True
        return FilterNode(ref, children) if matched or children else None


def filter_kb(kb: KnowledgeBase, query: str) -> FilterResult:
    """Documents, sections, groups and items matching ``query``, with their ancestors."""
    walker = _Walker(query.strip())
    for doc in kb.documents:
        kept = walker.document(doc)
        if kept is not None:
            walker.result.roots.append(kept)
    return walker.result
