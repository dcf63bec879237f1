"""Status changes from the TUI: set, cycle, bulk, notes, undo — all through the core store.

A change shows at once — tree labels, checklist, header counts and the undo stack — and is
written by the writer thread (:mod:`kb_tui.tui.status_writer`), in order, one write at a
time, so that the event loop never waits for a big store. Until a write is done its entries
are kept in ``shown_pending`` and win over the store's; if it fails, the screen goes back to
what the store holds and the error is shown. Each write is atomic and locked, so nothing is
lost if the app is killed once it is done; quitting waits for writes on their way.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.message import Message

from kb_tui.core.model import Item
from kb_tui.core.model.progress import LABELS
from kb_tui.core.status.store import Entry, checkbox_status, current_user, utc_now
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.status_writer import Changes, Write
from kb_tui.tui.tree import KbTree

CYCLE = {"todo": "in_progress", "in_progress": "done", "done": "todo"}
MAX_UNDO = 200


class StatusWritten(Message):
    """The writer thread is done with ``write`` (``write.error`` says whether it failed)."""

    def __init__(self, write: Write) -> None:
        super().__init__()
        self.write = write


def show_entry(item: Item, entry: Entry | None) -> None:
    """Show ``entry`` on ``item`` before the store holds it, as ``StatusStore.apply_item``
    will once it does (the app re-applies from the store when the write is done)."""
    if entry is None:
        item.status = checkbox_status(item.checkbox) if item.kind == "task" else "todo"  # type: ignore[assignment]
        item.note = item.owner = item.updated = item.by = ""
        return
    task_moved = item.kind == "task" and entry.checkbox not in (None, item.checkbox)
    item.status = checkbox_status(item.checkbox) if task_moved else entry.status  # type: ignore[assignment]
    item.note, item.owner = entry.note, entry.owner
    item.updated, item.by = entry.updated or utc_now(), entry.by or current_user()


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
    def shown_entry(self, item_id: str) -> Entry | None:
        """The entry on screen: a pending write's, else the store's."""
        pending = self.shown_pending.get(item_id)
        if pending is not None:
            return pending[1]
        assert self.workspace is not None
        return self.workspace.store.entries.get(item_id)

    def entry_for(self, item: Item, **changes: str) -> Entry:
        current = self.shown_entry(item.id) or Entry()
        return Entry(
            status=changes.get("status", item.status),
            note=changes.get("note", current.note),
            owner=changes.get("owner", current.owner),
            checkbox=item.checkbox if item.kind == "task" else None,
        )

    def apply_changes(
        self, changes: Changes, record: bool = True, undo: Changes | None = None
    ) -> bool:
        """Show ``changes`` at once and hand them to the writer thread; False if refused.

        ``record``: push what was shown before on the undo stack. ``undo``: the undo batch
        this write restores (back on the stack if the write fails).
        """
        if self.workspace is None or not changes or self.quitting:
            return False
        store = self.workspace.store
        if store.read_only:
            self.say(f"The status store is read-only: {store.error}", "error")
            return False
        refusal = self.write_refusal()
        if refusal():
            self.say(refusal(), "error")
            return False
        before = {item_id: self.shown_entry(item_id) for item_id in changes}
        write = Write(store, dict(changes), before, record, undo, refusal)
        if record:
            self.undo_stack.append(before)
            del self.undo_stack[:-MAX_UNDO]
        for item_id, entry in changes.items():
            self.shown_pending[item_id] = (write, entry)
        self.writes.append(write)
        self.after_status_change(list(changes))
        self.writer.submit(write)
        return True

    def report_write(self, write: Write) -> None:
        """Called on the writer thread when it is done with ``write``."""
        self.post_message(StatusWritten(write))

    @on(StatusWritten)
    def status_written(self, event: StatusWritten) -> None:
        """A write is done: show what the store now holds, or roll back and say why."""
        write = event.write
        write.reported = True
        if write in self.writes:
            self.writes.remove(write)
        for item_id in write.changes:
            pending = self.shown_pending.get(item_id)
            if pending is not None and pending[0] is write:
                del self.shown_pending[item_id]
        if write.error:
            if write.recorded:
                self.undo_stack[:] = [b for b in self.undo_stack if b is not write.before]
            if write.undo is not None:
                self.undo_stack.append(write.undo)
            self.say(f"Not saved: {write.error}", "error")
        workspace = self.workspace
        if workspace is not None and not self.closing:
            replaced = write.store is not workspace.store  # a reload read the store anew…
            if replaced and not self.writes and workspace.store.changed_on_disk():
                workspace.store.load()  # …before this write landed (none is writing it now)
            self.after_status_change(list(write.changes))
            if write.error:
                self.update_banner()  # the store may have turned out unreadable
        if not self.writes:
            self.writes_drained()

    def after_status_change(self, item_ids: list[str]) -> None:
        assert self.workspace is not None
        store, items, pending = self.workspace.store, self.items_by_id, self.shown_pending
        if all(item_id in items for item_id in item_ids):
            for item_id in item_ids:  # only what changed: no walk of the vault, no file I/O
                if item_id in pending:
                    show_entry(items[item_id], pending[item_id][1])
                else:
                    store.apply_item(items[item_id])
            self.tallies.forget_items(item_ids)
        else:  # an orphan's entry changed: orphans and their problems are recomputed
            store.apply(self.workspace.kb)
            for item_id, (_write, entry) in pending.items():
                if item_id in items:
                    show_entry(items[item_id], entry)
            self.tallies.clear()
        tree = self.query_one(KbTree)
        if len(item_ids) > 20:
            tree.refresh_all()
        else:
            for item_id in item_ids:
                tree.refresh_item(item_id)
        self.query_one(ChecklistPane).refresh_items()
        self.update_header()

    def show_pending(self) -> None:
        """After a reload: the new items show the changes still on their way to the store."""
        items = self.items_by_id
        ids = [item_id for item_id in self.shown_pending if item_id in items]
        for item_id in ids:
            show_entry(items[item_id], self.shown_pending[item_id][1])
        self.tallies.forget_items(ids)

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
        if self.apply_changes(batch, record=False, undo=batch):
            if len(batch) == 1:
                entry = next(iter(batch.values()))
                status = LABELS[entry.status] if entry else "todo"
                self.say(f"Undone: back to {status}.")
            else:
                self.say(f"Undone: {len(batch)} items restored.")
        else:
            self.undo_stack.append(batch)
