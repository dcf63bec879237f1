"""What a tree node stands for, and how to find the items under it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from kb_tui.core.model import Document, Group, Item, Orphan, Section, iter_items, section_items
from kb_tui.core.model.due import count_overdue
from kb_tui.core.model.layout import document_content
from kb_tui.core.model.progress import Summary, summarize
from kb_tui.core.status.tallies import Tallies

RefKind = Literal["folder", "document", "section", "group", "item", "orphans", "orphan"]


@dataclass(eq=False)
class NodeRef:
    """Data attached to a tree node; ``key`` survives a reload, so selection can be restored."""

    kind: RefKind
    key: str
    title: str
    document: Document | None = None
    section: Section | None = None
    group: Group | None = None
    item: Item | None = None
    orphan: Orphan | None = None
    documents: list[Document] = field(default_factory=list)  # for folders
    populated: bool = False

    def items(self) -> Iterator[Item]:
        """Every item below this node."""
        if self.kind == "item" and self.item is not None:
            yield self.item
        elif self.kind == "group" and self.group is not None:
            yield from iter_items(self.group.children)
        elif self.kind == "section" and self.section is not None:
            yield from section_items(self.section)
        elif self.kind == "document" and self.document is not None:
            yield from self.document.iter_items()
        elif self.kind == "folder":
            for doc in self.documents:
                yield from doc.iter_items()


def ref_summary(ref: NodeRef, tallies: Tallies) -> Summary:
    """The progress of everything below ``ref``, from ``tallies`` where it can be."""
    doc = ref.document
    if ref.kind == "document" and doc is not None:
        return tallies.document(doc)
    if ref.kind == "section" and doc is not None and ref.section is not None:
        return tallies.node(doc, ref.section)
    if ref.kind == "group" and doc is not None and ref.group is not None:
        return tallies.node(doc, ref.group)
    if ref.kind == "folder":
        return tallies.documents(ref.documents)
    return summarize(ref.items())


def ref_overdue(ref: NodeRef, tallies: Tallies) -> int:
    """How many items below ``ref`` are overdue, from ``tallies`` where it can be."""
    doc = ref.document
    if ref.kind == "document" and doc is not None:
        return tallies.overdue([doc])
    node = ref.section if ref.kind == "section" else ref.group if ref.kind == "group" else None
    if node is not None and doc is not None:
        return tallies.node_overdue(doc, node)
    if ref.kind == "folder":
        return tallies.overdue(ref.documents)
    return count_overdue(ref.items())


def ancestors(key: str | None) -> list[str]:
    """``key``, then the keys of its enclosing sections and groups, then its document."""
    if key is None:
        return []
    if "#" not in key:
        return [key]
    doc, fragment = key.split("#", 1)
    parts = fragment.split("/")
    return [f"{doc}#{'/'.join(parts[:n])}" for n in range(len(parts), 0, -1)] + [doc]


def document_ref(doc: Document) -> NodeRef:
    return NodeRef("document", doc.path, doc.title, document=doc)


def section_ref(doc: Document, section: Section) -> NodeRef:
    return NodeRef("section", section.id, section.title, document=doc, section=section)


def group_ref(doc: Document, section: Section | None, group: Group) -> NodeRef:
    return NodeRef("group", group.id, group.title, document=doc, section=section, group=group)


def item_ref(doc: Document, section: Section | None, item: Item) -> NodeRef:
    return NodeRef("item", item.id, item.text, document=doc, section=section, item=item)


def child_refs(ref: NodeRef, orphans: list[Orphan]) -> Iterator[NodeRef]:
    """The nodes below ``ref``, in tree order (``orphans`` for the orphans node)."""
    doc = ref.document
    if ref.kind == "document" and doc is not None:
        loose, sections, h1 = document_content(doc)
        yield from _node_refs(doc, h1, loose)
        for section in sections:
            yield section_ref(doc, section)
    elif ref.kind == "section" and doc is not None and ref.section is not None:
        yield from _node_refs(doc, ref.section, ref.section.children)
        for section in ref.section.sections:
            yield section_ref(doc, section)
    elif ref.kind == "group" and doc is not None and ref.group is not None:
        yield from _node_refs(doc, ref.section, ref.group.children)
    elif ref.kind == "orphans":
        for orphan in orphans:
            yield NodeRef("orphan", f"orphan:{orphan.id}", orphan.id, orphan=orphan)


def _node_refs(
    doc: Document, section: Section | None, nodes: Iterable[Group | Item]
) -> Iterator[NodeRef]:
    for child in nodes:
        if isinstance(child, Item):
            yield item_ref(doc, section, child)
        else:
            yield group_ref(doc, section, child)
