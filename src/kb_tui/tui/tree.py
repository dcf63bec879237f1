"""The knowledge-base tree: folders → documents → sections (layers) → groups → items.

Children are added only when a node is first expanded, so a large vault opens at once.
A document whose single H1 repeats its title shows the H1's content directly.
"""

from __future__ import annotations

from bisect import bisect
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kb_tui.core.model import Document, KnowledgeBase
from kb_tui.core.model.layout import NaturalKey, document_content, document_key, folder_key
from kb_tui.core.text import clean
from kb_tui.tui.commands import ITEM_COMMANDS
from kb_tui.tui.filter_mode import FilterStarted, FilterTyping
from kb_tui.tui.preview import item_detail
from kb_tui.tui.refs import (
    NodeRef,
    ancestors,
    child_refs,
    document_ref,
)
from kb_tui.tui.tree_filter import FilterNode, FilterResult
from kb_tui.tui.tree_labels import LabelledTree

SortKey = tuple[int, NaturalKey, str]
SINGLE_DOC_EXPAND_LIMIT = 30  # vaults of up to this many notes open with notes expanded…
EXPAND_CHILDREN_LIMIT = 500  # …unless a note has more top-level nodes than this (huge notes)
FILL_CHUNK = 400  # children added per frame when the user opens a huge node


class KbTree(LabelledTree):
    """The tree pane."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g,home", "first", "First", show=False),
        Binding("G,end", "last", "Last", show=False),
        Binding("l,enter", "open", "Open", show=False),
        Binding("right", "open", "Open", show=False),
        Binding("h,left", "close", "Close", show=False),
        *[command.binding("app.") for command in ITEM_COMMANDS],
    ]

    _adding = False  # many nodes being added: laid out once, at the end (see adding())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.show_root = False
        self.auto_expand = False
        self.typing = FilterTyping()
        self._unfilled: dict[int, list[NodeRef]] = {}  # node id -> children still to add
        self._order: dict[int, list[SortKey]] = {}  # node id -> its sorted children's keys

    async def _on_key(self, event: events.Key) -> None:
        """While the filter is being typed, keys edit it instead of acting on the tree."""
        message: Message | None = None
        if self.typing.active:
            message = self.typing.feed(event)
        elif event.key == "slash":  # handled here, in key order, not as a bubbling binding
            self.typing.start("")
            message = FilterStarted()
        if message is not None:
            event.stop()
            event.prevent_default()
            # Straight to the screen, ahead of any key still queued here that would bubble
            # up later (a status key typed right after enter must see the filtered tree).
            self.screen.post_message(message)
            return
        await super()._on_key(event)

    def watch_hover_line(self, previous_hover_line: int, hover_line: int) -> None:
        """The tooltip shows the owner and note of the item under the mouse (none elsewhere)."""
        super().watch_hover_line(previous_hover_line, hover_line)
        node = self._get_node(hover_line)
        item = node.data.item if node is not None and node.data is not None else None
        self.tooltip = item_detail(item) if item is not None else None

    # -- building ------------------------------------------------------------------------
    def load(self, kb: KnowledgeBase) -> None:
        """(Re)build the top levels from ``kb``; deeper levels fill in on expansion."""
        self.kb = kb
        self.filter_positions = {}
        self.clear()
        self._unfilled = {}
        self._order = {}
        self._ends = {}
        self.nodes = {}
        folders: dict[str, TreeNode[NodeRef]] = {}
        many = len(kb.documents) > 1
        for doc in kb.documents:
            parent = self.root
            if many and "/" in doc.path:
                parent = self._folder_node(doc.path.rsplit("/", 1)[0], folders)
            node = self._add(parent, document_ref(doc), order=document_key(doc))
            if len(kb.documents) <= SINGLE_DOC_EXPAND_LIMIT and _small(doc):
                self.populate(node)
                node.expand()
        below: dict[str, list[Document]] = {}  # folder → every document at any depth
        for doc in kb.documents:
            parts = doc.path.split("/")[:-1]
            for depth in range(1, len(parts) + 1):
                below.setdefault("/".join(parts[:depth]), []).append(doc)
        for name, folder in folders.items():
            assert folder.data is not None
            folder.data.documents = below.get(name, [])
            folder.set_label(self.label_for(folder.data))
        if kb.orphans:
            self._add(self.root, NodeRef("orphans", "orphans:", "Orphaned statuses"))

    def extend(self, kb: KnowledgeBase, docs: list[Document], total: int) -> None:
        """Add ``docs`` (already in ``kb.documents``) while ``kb`` is still being read.

        Nodes are added at the end, as :meth:`load` would place them (documents arrive in
        path order), so the cursor and the expanded nodes stay where the user left them.
        """
        if self.kb is not kb:
            self.kb = kb
            self.filter_positions = {}
            self.clear()
            self._unfilled = {}
            self._order = {}
            self.nodes = {}
            self._streamed_folders: dict[str, TreeNode[NodeRef]] = {}
        folders = self._streamed_folders
        touched: dict[str, TreeNode[NodeRef]] = {}
        for doc in docs:
            parent = self.root
            if total > 1 and "/" in doc.path:
                folder = doc.path.rsplit("/", 1)[0]
                parent = self._folder_node(folder, folders)
                while True:
                    node = folders[folder]
                    assert node.data is not None
                    node.data.documents.append(doc)
                    touched[folder] = node
                    if "/" not in folder:
                        break
                    folder = folder.rsplit("/", 1)[0]
            node = self._add(parent, document_ref(doc), order=document_key(doc))
            if total <= SINGLE_DOC_EXPAND_LIMIT and _small(doc):
                self.populate(node)
                node.expand()
        for node in touched.values():
            assert node.data is not None
            node.set_label(self.label_for(node.data))

    def adopt(self, kb: KnowledgeBase) -> bool:
        """Take ``kb`` without rebuilding when it holds the very notes this tree was grown
        from (a streamed read); relabel every node, since statuses are applied now."""
        if self.kb is None or len(self.kb.documents) != len(kb.documents):
            return False
        if any(
            mine is not theirs for mine, theirs in zip(self.kb.documents, kb.documents, strict=True)
        ):
            return False
        self.kb = kb
        self.refresh_all()
        if kb.orphans:
            self._add(self.root, NodeRef("orphans", "orphans:", "Orphaned statuses"))
        return True

    def _folder_node(self, folder: str, folders: dict[str, TreeNode[NodeRef]]) -> TreeNode[NodeRef]:
        if folder in folders:
            return folders[folder]
        parent = self.root
        if "/" in folder:
            parent = self._folder_node(folder.rsplit("/", 1)[0], folders)
        name = clean(folder.rsplit("/", 1)[-1])
        ref = NodeRef("folder", f"folder:{folder}", name, populated=True)
        node = self._add(parent, ref, order=folder_key(name))
        folders[folder] = node
        return node

    def _add(
        self, parent: TreeNode[NodeRef], ref: NodeRef, order: SortKey | None = None
    ) -> TreeNode[NodeRef]:
        """Add ``ref`` under ``parent``: last, or by ``order`` among the siblings added with
        one (folders and notes sort by what is shown, however they arrive)."""
        label = self.label_for(ref)
        before: int | None = None
        if order is not None:
            keys = self._order.setdefault(parent.id, [])
            index = bisect(keys, order)
            keys.insert(index, order)
            before = index if index < len(parent.children) else None
        if ref.kind in ("item", "orphan"):
            node = parent.add_leaf(label, ref, before=before)
        else:
            node = parent.add(label, ref, allow_expand=self._has_children(ref), before=before)
        self.nodes[ref.key] = node
        return node

    @staticmethod
    def _has_children(ref: NodeRef) -> bool:
        if ref.kind == "document" and ref.document is not None:
            loose, sections, _ = document_content(ref.document)
            return bool(loose or sections)
        if ref.kind == "section" and ref.section is not None:
            return bool(ref.section.children or ref.section.sections)
        if ref.kind == "group" and ref.group is not None:
            return bool(ref.group.children)
        return True

    def populate(self, node: TreeNode[NodeRef], chunked: bool = False) -> None:
        """Add a node's children the first time it is expanded.

        ``chunked`` (a node the user opened) adds a huge node's children a few hundred per
        frame, so the tree stays responsive; anything that needs them all at once (revealing
        a node by key) calls without it, which also finishes a chunked fill.
        """
        ref = node.data
        if ref is None:
            return
        if ref.populated:
            rest = self._unfilled.pop(node.id, None)
            if rest and not chunked:
                self._add_refs(node, rest)
            elif rest:
                self._unfilled[node.id] = rest
            return
        ref.populated = True
        children = list(self._child_refs(ref))
        if chunked and len(children) > FILL_CHUNK:
            self._add_refs(node, children[:FILL_CHUNK])
            self._unfilled[node.id] = children[FILL_CHUNK:]
            self.call_after_refresh(self._fill_more, node)
        else:
            self._add_refs(node, children)

    def _fill_more(self, node: TreeNode[NodeRef]) -> None:
        rest = self._unfilled.pop(node.id, None)
        if not rest or self.nodes.get(node.data.key if node.data else "") is not node:
            return  # finished meanwhile, or the tree was rebuilt
        self._add_refs(node, rest[:FILL_CHUNK])
        if len(rest) > FILL_CHUNK:
            self._unfilled[node.id] = rest[FILL_CHUNK:]
            self.call_after_refresh(self._fill_more, node)

    def _add_refs(self, parent: TreeNode[NodeRef], refs: Iterable[NodeRef]) -> None:
        for ref in refs:
            self._add(parent, ref)

    def _child_refs(self, ref: NodeRef) -> Iterator[NodeRef]:
        return child_refs(ref, self.kb.orphans if self.kb is not None else [])

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[NodeRef]) -> None:
        self.populate(event.node, chunked=True)

    def show_filtered(self, result: FilterResult) -> None:
        """Replace the tree with the filter's matches and their ancestors, all expanded."""
        self.filter_positions = result.positions
        self.clear()
        self._unfilled = {}
        self._order = {}
        self.nodes = {}
        stack: list[tuple[TreeNode[NodeRef], list[FilterNode]]] = [(self.root, result.roots)]
        with self.adding():
            while stack:
                parent, batch = stack.pop()
                for fnode in batch:
                    node = self._add(parent, fnode.ref)
                    if fnode.children:
                        node.expand()
                        stack.append((node, fnode.children))

    @contextmanager
    def adding(self) -> Iterator[None]:
        """Add many nodes, then lay the tree out once: Textual's tree lays itself out again
        (and asks for a refresh) at every node added or expanded, a third of the time a
        filter's result takes to draw on a large vault."""
        self._adding = True
        try:
            yield
        finally:
            self._adding = False
            self._invalidate()

    def _invalidate(self) -> None:
        if not self._adding:  # see adding()
            super()._invalidate()

    # -- finding -------------------------------------------------------------------------
    def reveal(self, key: str) -> TreeNode[NodeRef] | None:
        """Create and expand the nodes down to ``key`` (an item/section ID or a doc path)."""
        node = self.nodes.get(key) or self._descend(key)
        if node is None:
            return None
        parent = node.parent
        while parent is not None and parent is not self.root:
            self.populate(parent)
            parent.expand()
            parent = parent.parent
        return node

    def _descend(self, key: str) -> TreeNode[NodeRef] | None:
        doc_path = key.split("#", 1)[0]
        node: TreeNode[NodeRef] | None = self.root
        while node is not None:
            if node.data is not None and node.data.key == key:
                return node
            if node.data is not None:
                self.populate(node)
            next_node = None
            for child in node.children:
                ref = child.data
                if ref is None:
                    continue
                if (
                    ref.key == key
                    or (ref.kind == "folder" and doc_path.startswith(ref.key[7:] + "/"))
                    or (ref.kind == "document" and ref.key == doc_path)
                    or (ref.kind in ("section", "group") and key.startswith(ref.key + "/"))
                ):
                    next_node = child
                    break
            node = next_node
        return None

    def select_key(self, key: str) -> bool:
        """Move the cursor to ``key`` (revealing it) and scroll it into view."""
        node = self.reveal(key)
        if node is None:
            return False
        _ = self.last_line  # rebuilds the line index after expansions, so node.line is valid
        self.move_cursor(node, animate=False)
        self.scroll_to_node(node, animate=False)
        return True

    def select_nearest(self, key: str) -> bool:
        """Select ``key``, else its nearest enclosing section, group or document in the tree
        (a heading renamed on disk changes the IDs below it)."""
        return any(self.select_key(candidate) for candidate in ancestors(key))

    @property
    def current(self) -> NodeRef | None:
        node = self.cursor_node
        return node.data if node is not None else None

    # -- actions -------------------------------------------------------------------------
    def action_first(self) -> None:
        self.cursor_line = 0

    def action_last(self) -> None:
        self.cursor_line = self.last_line

    def action_open(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            self.populate(node, chunked=True)  # now: a key typed right after sees the children
            node.expand()
        else:
            self.post_message(self.NodeSelected(node))

    def action_close(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and node.is_expanded:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent, animate=False)


def _small(doc: Document) -> bool:
    """Few enough top-level nodes to expand the note when the tree opens."""
    loose, sections, _ = document_content(doc)
    return len(loose) + len(sections) <= EXPAND_CHILDREN_LIMIT
