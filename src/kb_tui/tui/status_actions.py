"""Status changes from the TUI: set, cycle, bulk, notes, undo — all through the core store.

Each change is written at once (atomic, locked) so nothing is lost if the app is killed;
the previous entries are kept on an undo stack.
"""

from __future__ import annotations

from rich.text import Text

from kb_tui.core.errors import StoreError
from kb_tui.core.model import Item
from kb_tui.core.progress import LABELS
from kb_tui.core.store import Entry
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.tree import KbTree

CYCLE = {"todo": "in_progress", "in_progress": "done", "done": "todo"}
MAX_UNDO = 200


class StatusActions(KbAppBase):
    """Mixin for :class:`~kb_tui.tui.app.KbApp`."""

    # -- what the keys act on ----------------------------------------------------------
    def target_item(self) -> Item | None:
        """The item under the cursor of the focused pane (tree or checklist)."""
        widget = (
            self.focused
            if isinstance(self.focused, KbTree | ChecklistList)
            else (self.last_item_pane)
        )
        if isinstance(widget, ChecklistList):
            return self.query_one(ChecklistPane).current
        ref = self.query_one(KbTree).current
        return ref.item if ref is not None and ref.kind == "item" else None

    def target_container(self) -> NodeRef | None:
        widget = (
            self.focused
            if isinstance(self.focused, KbTree | ChecklistList)
            else (self.last_item_pane)
        )
        ref = (
            self.query_one(ChecklistPane).ref
            if isinstance(widget, ChecklistList)
            else (self.query_one(KbTree).current)
        )
        if ref is None or ref.kind not in ("section", "group", "document", "folder"):
            return None
        return ref

    # -- applying changes --------------------------------------------------------------
    def entry_for(self, item: Item, **changes: str) -> Entry:
        assert self.workspace is not None
        current = self.workspace.store.entries.get(item.id, Entry())
        return Entry(
            status=changes.get("status", item.status),
            note=changes.get("note", current.note),
            owner=changes.get("owner", current.owner),
            checkbox=item.checkbox if item.kind == "task" else None,
        )

    def apply_changes(self, changes: dict[str, Entry | None], record: bool = True) -> bool:
        """Write ``changes`` to the store and refresh every view of them."""
        if self.workspace is None or not changes:
            return False
        store = self.workspace.store
        if store.read_only:
            self.say(f"The status store is read-only: {store.error}", "error")
            return False
        before = {item_id: store.entries.get(item_id) for item_id in changes}
        try:
            store.update(changes)
        except StoreError as exc:
            self.say(str(exc), "error")
            self.update_banner()
            return False
        if record:
            self.undo_stack.append(before)
            del self.undo_stack[:-MAX_UNDO]
        self.after_status_change(list(changes))
        return True

    def after_status_change(self, item_ids: list[str]) -> None:
        assert self.workspace is not None
        store, items = self.workspace.store, self.items_by_id
        if all(item_id in items for item_id in item_ids):
            for item_id in item_ids:  # only what changed: no walk of the vault, no file I/O
                store.apply_item(items[item_id])
            self.tallies.forget_items(item_ids)
        else:  # an orphan's entry changed: orphans and their problems are recomputed
            store.apply(self.workspace.kb)
            self.tallies.clear()
        tree = self.query_one(KbTree)
        if len(item_ids) > 20:
            tree.refresh_all()
        else:
            for item_id in item_ids:
                tree.refresh_item(item_id)
        self.query_one(ChecklistPane).refresh_items()
        self.update_header()

    # -- actions ---------------------------------------------------------------------------
    def action_set_status(self, status: str) -> None:
        item = self.target_item()
        if item is None:
            self.say("Put the cursor on an item first (in the tree or the checklist).", "warning")
            return
        self.apply_changes({item.id: self.entry_for(item, status=status)})

    def action_cycle_status(self) -> None:
        item = self.target_item()
        if item is None:
            ref = self.query_one(KbTree).current
            node = self.query_one(KbTree).cursor_node
            if isinstance(self.focused, KbTree) and node is not None and ref is not None:
                node.toggle()  # space on a section keeps the tree's expand/collapse
            return
        self.apply_changes({item.id: self.entry_for(item, status=CYCLE.get(item.status, "todo"))})

    def action_mark_all_done(self) -> None:
        ref = self.target_container()
        if ref is None:
            self.say("Select a section, group or document to mark all its items done.", "warning")
            return
        items = [item for item in ref.items() if item.status != "done"]
        if not items:
            self.say("Every item here is already done.")
            return
        question = Text("Mark all ")
        question.append(str(len(items)), style="bold")
        question.append(" remaining items of ")
        question.append(ref.title, style="bold italic")
        question.append(" done?")

        def answered(yes: bool | None) -> None:
            if yes:
                self.apply_changes({i.id: self.entry_for(i, status="done") for i in items})
                self.say(f"{len(items)} items marked done (u undoes).")

        from kb_tui.tui.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(question, "Mark done"), answered)

    def action_edit_note(self) -> None:
        item = self.target_item()
        if item is None:
            self.say("Put the cursor on an item to edit its note.", "warning")
            return
        self.edit_note(item)

    def edit_note(self, item: Item) -> None:
        from kb_tui.tui.screens.note_editor import NoteEditor

        def saved(result: tuple[str, str] | None) -> None:
            if result is not None:
                note, owner = result
                self.apply_changes({item.id: self.entry_for(item, note=note, owner=owner)})

        self.push_screen(NoteEditor(item), saved)

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.say("Nothing to undo.")
            return
        batch = self.undo_stack.pop()
        if self.apply_changes(batch, record=False):
            if len(batch) == 1:
                entry = next(iter(batch.values()))
                status = LABELS[entry.status] if entry else "todo"
                self.say(f"Undone: back to {status}.")
            else:
                self.say(f"Undone: {len(batch)} items restored.")
        else:
            self.undo_stack.append(batch)
