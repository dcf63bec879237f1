"""What the tree's cursor shows: the viewer and the checklist follow it (debounced)."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.timer import Timer

from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.panes import Panes
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.session import Session
from kb_tui.tui.state.history import History
from kb_tui.tui.viewer import Viewer

SHOW_DELAY = 0.08
# While a filter is typed the cursor jumps to each keystroke's best match: the viewer and the
# checklist follow once typing pauses, so drawing a section never holds up the next result.
TYPING_SHOW_DELAY = 0.4


class Selection:
    """Shows a tree node in the viewer and the checklist; keeps the visited history."""

    def __init__(self, screen: Screen[Any], session: Session, panes: Panes) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.history = History()
        self.show_timer: Timer | None = None
        self.pending: NodeRef | None = None  # what the timer will show

    def remember(self, before: str | None, key: str) -> None:
        self.history.remember(before, key)

    def show_ref(self, ref: NodeRef, immediate: bool = False, typing: bool = False) -> None:
        """Show ``ref`` in the viewer and checklist (debounced while the cursor moves, longer
        while a filter is typed)."""
        if self.show_timer is not None:
            self.show_timer.stop()
        self.pending = None
        if immediate:
            self._show(ref)
        else:
            self.pending = ref
            delay = TYPING_SHOW_DELAY if typing else SHOW_DELAY
            self.show_timer = self.screen.set_timer(delay, lambda: self._show(ref))

    def postpone(self) -> None:
        """A key typed into the filter: a section still waiting to be shown waits for the
        next pause in typing (the best match may be the same for several keys)."""
        if self.pending is not None:
            self.show_ref(self.pending, typing=True)

    def _show(self, ref: NodeRef) -> None:
        self.pending = None
        kb = self.session.kb
        # Looked up through the main pane, not the whole DOM (which holds every block of
        # the Markdown shown); gone when a debounced call lands while the app shuts down.
        main = self.screen.query_children("#main")
        if kb is None or not main:
            return
        viewer = main.first().query_children(Viewer).first()
        checklist = main.first().query_children(ChecklistPane).first()
        item_id = ref.item.id if ref.item is not None else None
        container = self.container_of(ref)
        new_view = (
            viewer.ref is None
            or viewer.ref.section is not ref.section
            or (viewer.ref.document is not ref.document)
            or viewer.ref.kind != ref.kind
        )
        if checklist.ref is None or checklist.ref.key != container.key or item_id:
            if new_view and checklist.ref is not None:
                checklist.show_soon(container, focus_item=item_id)  # the section first
            else:
                checklist.show(container, focus_item=item_id)
        if new_view:
            viewer.prepare(ref, kb, self.session.is_resolved)

    def container_of(self, ref: NodeRef) -> NodeRef:
        """An item shows its parent's checklist; anything else its own."""
        if ref.kind != "item":
            return ref
        node = self.panes.tree.nodes.get(ref.key)
        parent = node.parent if node is not None else None
        if parent is not None and parent.data is not None:
            return parent.data
        return ref

    def first_key(self) -> str | None:
        """The first H2-level node: what a reader wants to see first."""
        tree = self.panes.tree
        for node in tree.root.children:
            if node.children and node.is_expanded:
                return node.children[0].data.key if node.children[0].data else None
            if node.data is not None:
                return node.data.key
        return None

    def select_nearest(self, key: str) -> None:
        """Select ``key``, else its nearest ancestor that still exists, and show it."""
        tree = self.panes.tree
        if tree.select_nearest(key) and tree.current is not None:
            self.show_ref(tree.current, immediate=True)
