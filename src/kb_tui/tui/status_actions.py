"""Status changes from the TUI: set, cycle, bulk, notes, undo — all through the core store.

A change shows at once — tree labels, checklist, header counts and the undo stack — and is
written by the writer thread (:mod:`kb_tui.tui.status_writer`), in order, one write at a
time, so that the event loop never waits for a big store. Until a write is done its entries
are kept in ``shown_pending`` and win over the store's; if it fails, the screen goes back to
what the store holds and the error is shown. Each write is atomic and locked, so nothing is
lost if the app is killed once it is done; quitting waits for writes on their way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.notifications import SeverityLevel
from textual.screen import Screen

from kb_tui.core.model import Item
from kb_tui.core.model.progress import LABELS, REMAINING
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.read_only import guard
from kb_tui.tui.session import Session, show_entry
from kb_tui.tui.state.undo import UndoStack
from kb_tui.tui.status_writer import Changes, Write
from kb_tui.tui.tree import KbTree

CYCLE = {"todo": "in_progress", "in_progress": "done", "done": "todo"}


class StatusWritten(Message):
    """The writer thread is done with ``write`` (``write.error`` says whether it failed)."""

    def __init__(self, write: Write) -> None:
        super().__init__()
        self.write = write


class StatusesChanged(Message):
    """Statuses shown changed (a key, a write done, another process's change, a reload):
    what shows figures beyond the panes (the dashboard) works them out again."""


class StatusActions:
    """The main screen's status keys, and the writes they hand to the writer thread."""

    def __init__(
        self,
        screen: Screen[Any],
        session: Session,
        panes: Panes,
        header: HeaderBanner,
        drained: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.header = header
        self.drained = drained  # called when the last write on its way is done
        self.undo_stack = UndoStack()

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        say(self.screen, message, severity)

    # -- applying changes --------------------------------------------------------------
    def apply_changes(
        self, changes: Changes, record: bool = True, undo: Changes | None = None
    ) -> bool:
        """Show ``changes`` at once and hand them to the writer thread; False if refused.

        ``record``: push what was shown before on the undo stack. ``undo``: the undo batch
        this write restores (back on the stack if the write fails).
        """
        session = self.session
        if session.workspace is None or not changes or session.quitting:
            return False
        store = session.workspace.store
        if store.read_only:
            self.say(f"The status store is read-only: {store.error}", "error")
            return False
        if guard(self.screen, session, None):  # --read-only: no change reaches the writer
            return False
        refusal = session.write_refusal()
        if refusal():
            self.say(refusal(), "error")
            return False
        before = {item_id: session.shown_entry(item_id) for item_id in changes}
        write = Write(store, dict(changes), before, record, undo, refusal)
        if record:
            self.undo_stack.push(before)
        for item_id, entry in changes.items():
            session.shown_pending[item_id] = (write, entry)
        session.writes.append(write)
        self.after_status_change(list(changes))
        session.writer.submit(write)
        return True

    def written(self, write: Write) -> None:
        """A write is done: show what the store now holds, or roll back and say why."""
        session = self.session
        write.reported = True
        if write in session.writes:
            session.writes.remove(write)
        for item_id in write.changes:
            pending = session.shown_pending.get(item_id)
            if pending is not None and pending[0] is write:
                del session.shown_pending[item_id]
        if write.error:
            if write.recorded:
                self.undo_stack.discard(write.before)
            if write.undo is not None:
                self.undo_stack.push(write.undo)
            self.say(f"Not saved: {write.error}", "error")
        workspace = session.workspace
        if workspace is not None and not self.panes.closing:
            replaced = write.store is not workspace.store  # a reload read the store anew…
            if replaced and not session.writes and workspace.store.changed_on_disk():
                workspace.store.load()  # …before this write landed (none is writing it now)
            self.after_status_change(list(write.changes))
            if write.error:
                self.header.update_banner()  # the store may have turned out unreadable
        if not session.writes:
            self.drained()

    def after_status_change(self, item_ids: list[str]) -> None:
        session = self.session
        assert session.workspace is not None
        store, items, pending = session.workspace.store, session.items_by_id, session.shown_pending
        if all(item_id in items for item_id in item_ids):
            for item_id in item_ids:  # only what changed: no walk of the vault, no file I/O
                if item_id in pending:
                    show_entry(items[item_id], pending[item_id][1])
                else:
                    store.apply_item(items[item_id])
            session.tallies.forget_items(item_ids)
        else:  # an orphan's entry changed: orphans and their problems are recomputed
            store.apply(session.workspace.kb)
            for item_id, (_write, entry) in pending.items():
                if item_id in items:
                    show_entry(items[item_id], entry)
            session.tallies.clear()
        tree = self.panes.tree
        if len(item_ids) > 20:
            tree.refresh_all()
        else:
            for item_id in item_ids:
                tree.refresh_item(item_id)
        self.panes.checklist.refresh_items()
        self.header.update_header()
        self.screen.post_message(StatusesChanged())

    # -- commands --------------------------------------------------------------------------
    def set_status(self, status: str) -> None:
        item = self.panes.target_item()
        if item is None:
            self.say("Put the cursor on an item first (in the tree or the checklist).", "warning")
            return
        self.apply_changes({item.id: self.session.entry_for(item, status=status)})

    def cycle_status(self) -> None:
        item = self.panes.target_item()
        if item is None:
            tree = self.panes.tree
            node, ref = tree.cursor_node, tree.current
            if isinstance(self.screen.focused, KbTree) and node is not None and ref is not None:
                node.toggle()  # space on a section keeps the tree's expand/collapse
            return
        status = CYCLE.get(item.status, "todo")
        self.apply_changes({item.id: self.session.entry_for(item, status=status)})

    def mark_all_done(self) -> None:
        ref = self.panes.target_container()
        if ref is None:
            self.say("Select a section, group or document to mark all its items done.", "warning")
            return
        items = [item for item in ref.items() if item.status in REMAINING]
        if not items:
            self.say("Every item here is already done (or n/a).")
            return
        question = Text("Mark all ")
        question.append(str(len(items)), style="bold")
        question.append(" remaining items of ")
        question.append(ref.title, style="bold italic")
        question.append(" done?")

        def answered(yes: bool | None) -> None:
            if yes:
                entry_for = self.session.entry_for
                self.apply_changes({i.id: entry_for(i, status="done") for i in items})
                self.say(f"{len(items)} items marked done (u undoes).")

        from kb_tui.tui.screens.confirm import ConfirmScreen  # first use: start-up stays fast

        self.screen.app.push_screen(ConfirmScreen(question, "Mark done"), answered)

    def edit_target_note(self) -> None:
        item = self.panes.target_item()
        if item is None:
            self.say("Put the cursor on an item to edit its note.", "warning")
            return
        self.edit_note(item)

    def edit_note(self, item: Item) -> None:
        from kb_tui.tui.screens.note_editor import NoteEditor  # first use: start-up stays fast

        def saved(result: tuple[str, str, str] | None) -> None:
            if result is not None:
                note, owner, due = result
                entry = self.session.entry_for(item, note=note, owner=owner, due=due)
                self.apply_changes({item.id: entry})

        self.screen.app.push_screen(NoteEditor(item), saved)

    def undo(self) -> None:
        batch = self.undo_stack.pop()
        if batch is None:
            self.say("Nothing to undo.")
            return
        if self.apply_changes(batch, record=False, undo=batch):
            if len(batch) == 1:
                entry = next(iter(batch.values()))
                status = LABELS[entry.status] if entry else "todo"
                self.say(f"Undone: back to {status}.")
            else:
                self.say(f"Undone: {len(batch)} items restored.")
        else:
            self.undo_stack.push(batch)
