"""Orphaned statuses and history in the TUI: re-attach an orphan, show an item's history.

Mixin for :class:`~kb_tui.tui.app.KbApp` (keys ``A`` and ``H``; both in the palette).
"""

from __future__ import annotations

from kb_tui.core.errors import StoreError
from kb_tui.core.text import clean
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.tree import KbTree

MAX_CANDIDATES = 50


class OrphanActions(KbAppBase):
    """Mixin: ``action_reattach_orphan`` and ``action_show_history``."""

    def cursor_orphan_id(self) -> str | None:
        ref = self.query_one(KbTree).current
        if ref is not None and ref.kind == "orphan" and ref.orphan is not None:
            return ref.orphan.id
        return None

    def action_reattach_orphan(self) -> None:
        if self.workspace is None:
            return
        orphan_id = self.cursor_orphan_id()
        if orphan_id is None:
            if not self.workspace.kb.orphans:
                self.say("There are no orphaned statuses.")
                return
            orphan_id = self.workspace.kb.orphans[0].id
        if self.workspace.store.read_only:
            self.say(f"The status store is read-only: {self.workspace.store.error}", "error")
            return
        from kb_tui.core.status.orphans import suggestions
        from kb_tui.tui.screens.reattach import ReattachScreen

        kb, store = self.workspace.kb, self.workspace.store
        candidates = suggestions(kb, orphan_id, store.entries, limit=MAX_CANDIDATES)

        def chosen(item_id: str | None) -> None:
            if item_id is not None:
                self.reattach(orphan_id, item_id)

        self.push_screen(ReattachScreen(orphan_id, candidates), chosen)

    def reattach(self, orphan_id: str, item_id: str) -> bool:
        """Move ``orphan_id``'s entry to ``item_id`` and refresh the tree."""
        if self.workspace is None:
            return False
        from kb_tui.core.status.orphans import reattach

        refusal = self.write_refusal()()
        if refusal or self.writes:  # never beside the writer thread, nor into a deleted vault
            self.say(refusal or "Status changes are still being written: try again.", "error")
            return False
        kb = self.workspace.kb
        item = kb.item_index().get(item_id)
        if item is None:
            self.say(f"No item {clean(item_id)!r}.", "error")
            return False
        try:
            reattach(self.workspace.store, kb, orphan_id, item)
        except StoreError as exc:
            self.say(str(exc), "error")
            self.update_banner()
            return False
        self.undo_stack.clear()  # undo cannot restore a removed orphan entry faithfully
        self.tallies.clear()  # the store was applied again: any count may have changed
        tree = self.query_one(KbTree)
        tree.load(kb)  # the orphans node shrinks or goes
        tree.select_key(item.id)
        self.update_header()
        self.say(f"Re-attached to {item.text}.")
        return True

    def action_show_history(self) -> None:
        if self.workspace is None:
            return
        ids: set[str] = set()
        title = ""
        orphan_id = self.cursor_orphan_id()
        if orphan_id is not None:
            ids, title = {orphan_id}, orphan_id
        else:
            focused = self.focused
            if isinstance(focused, ChecklistList):
                item = self.query_one(ChecklistPane).current
            else:
                ref = self.query_one(KbTree).current
                item = ref.item if ref is not None and ref.kind == "item" else None
            if item is None:
                self.say("Put the cursor on an item (or an orphan) to see its history.", "warning")
                return
            ids, title = {item.id}, item.text
        from kb_tui.core.status.history import read_history
        from kb_tui.tui.screens.history import HistoryScreen

        history = read_history(self.workspace.store.history_path)
        self.push_screen(HistoryScreen(title, history.for_items(ids)))
