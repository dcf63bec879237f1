"""Orphaned statuses and history in the TUI: re-attach an orphan, show an item's history.

Keys ``A`` and ``H`` of the main screen; both in the palette.
"""

from __future__ import annotations

from typing import Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from kb_tui.core.errors import StoreError
from kb_tui.core.text import clean
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.read_only import guard
from kb_tui.tui.session import Session
from kb_tui.tui.state.undo import UndoStack

MAX_CANDIDATES = 50


class OrphanActions:
    """Re-attach an orphaned status (``A``) and show an item's history (``H``)."""

    def __init__(
        self,
        screen: Screen[Any],
        session: Session,
        panes: Panes,
        header: HeaderBanner,
        undo_stack: UndoStack,
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.header = header
        self.undo_stack = undo_stack

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        say(self.screen, message, severity)

    def cursor_orphan_id(self) -> str | None:
        ref = self.panes.tree.current
        if ref is not None and ref.kind == "orphan" and ref.orphan is not None:
            return ref.orphan.id
        return None

    def reattach_orphan(self) -> None:
        workspace = self.session.workspace
        if workspace is None:
            return
        orphan_id = self.cursor_orphan_id()
        if orphan_id is None:
            if not workspace.kb.orphans:
                self.say("There are no orphaned statuses.")
                return
            orphan_id = workspace.kb.orphans[0].id
        if workspace.store.read_only:
            self.say(f"The status store is read-only: {workspace.store.error}", "error")
            return
        # imported on first use: start-up stays fast
        from kb_tui.core.status.orphans import suggestions
        from kb_tui.tui.screens.reattach import ReattachScreen

        kb, store = workspace.kb, workspace.store
        candidates = suggestions(kb, orphan_id, store.entries, limit=MAX_CANDIDATES)

        def chosen(item_id: str | None) -> None:
            if item_id is not None:
                self.reattach(orphan_id, item_id)

        self.screen.app.push_screen(ReattachScreen(orphan_id, candidates), chosen)

    def reattach(self, orphan_id: str, item_id: str) -> bool:
        """Move ``orphan_id``'s entry to ``item_id`` and refresh the tree."""
        workspace = self.session.workspace
        if workspace is None:
            return False
        from kb_tui.core.status.orphans import reattach  # first use: start-up stays fast

        if guard(self.screen, self.session, None):  # --read-only: the store is never written
            return False
        refusal = self.session.write_refusal()()
        # never beside the writer thread, nor into a deleted vault
        if refusal or self.session.writes:
            self.say(refusal or "Status changes are still being written: try again.", "error")
            return False
        kb = workspace.kb
        item = kb.item_index().get(item_id)
        if item is None:
            self.say(f"No item {clean(item_id)!r}.", "error")
            return False
        try:
            reattach(workspace.store, kb, orphan_id, item)
        except StoreError as exc:
            self.say(str(exc), "error")
            self.header.update_banner()
            return False
        self.undo_stack.clear()  # undo cannot restore a removed orphan entry faithfully
        self.session.tallies.clear()  # the store was applied again: any count may have changed
        tree = self.panes.tree
        tree.load(kb)  # the orphans node shrinks or goes
        tree.select_key(item.id)
        self.header.update_header()
        self.say(f"Re-attached to {item.text}.")
        return True

    def show_history(self) -> None:
        workspace = self.session.workspace
        if workspace is None:
            return
        ids: set[str] = set()
        title = ""
        orphan_id = self.cursor_orphan_id()
        if orphan_id is not None:
            ids, title = {orphan_id}, orphan_id
        else:
            if isinstance(self.screen.focused, ChecklistList):
                item = self.panes.checklist.current
            else:
                ref = self.panes.tree.current
                item = ref.item if ref is not None and ref.kind == "item" else None
            if item is None:
                self.say("Put the cursor on an item (or an orphan) to see its history.", "warning")
                return
            ids, title = {item.id}, item.text
        from kb_tui.tui.screens.history import HistoryScreen  # first use: start-up stays fast

        try:  # the history file and the store's merge log, never read through a link
            history = workspace.store.read_history()
        except StoreError as exc:
            self.say(str(exc), "error")
            return
        self.screen.app.push_screen(HistoryScreen(title, history.for_items(ids)))
