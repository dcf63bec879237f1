"""What ``y``, ``Y`` and ``ctrl+e`` act on: the node or item under the cursor.

The pane whose cursor counts is the one the status keys use (see
:meth:`~kb_tui.tui.panes.Panes.focused_item_pane`): the checklist's highlighted item when
the checklist was used last, else the tree's cursor node.
"""

from __future__ import annotations

from kb_tui.core.model import Document, Item, Section
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.panes import Panes
from kb_tui.tui.refs import NodeRef, item_ref
from kb_tui.tui.session import Session


def pointed_ref(panes: Panes, session: Session) -> NodeRef | None:
    """The node or item the user points at, or ``None`` (nothing loaded or highlighted)."""
    if isinstance(panes.focused_item_pane(), ChecklistList):
        checklist = panes.checklist
        item, container = checklist.current, checklist.ref
        if item is None:
            return container
        doc = item_document(item, container, session)
        return item_ref(doc, None, item) if doc is not None else container
    return panes.tree.current


def item_document(item: Item, container: NodeRef | None, session: Session) -> Document | None:
    """The document ``item`` belongs to (a folder's checklist lists several documents')."""
    doc = container.document if container is not None else None
    if doc is not None and item.id.startswith(doc.path + "#"):
        return doc
    index = session.link_index
    if index is None:
        return None
    return index.documents.get(item.id.split("#", 1)[0])


def ref_section(ref: NodeRef, session: Session) -> Section | None:
    """The section ``ref`` is or lies in (``None``: a document, or above its first heading):
    an item's or group's is the deepest section holding its line."""
    if ref.kind == "section":
        return ref.section
    index, doc = session.link_index, ref.document
    node = ref.item if ref.kind == "item" else ref.group if ref.kind == "group" else None
    if node is None or doc is None or index is None or doc.path not in index.documents:
        return None
    return index.anchors(doc.path).section_at(node.line)


def ref_line(ref: NodeRef) -> int:
    """The line of the file ``ref`` starts at (a document: its first line)."""
    node = ref.item or ref.group or ref.section
    if ref.kind == "document" or node is None:
        return 1
    return node.line
