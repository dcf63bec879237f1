"""What the explorer holds app-wide: the vault read, the status writes on their way.

Plain state, no Textual: the app owns one :class:`Session` and hands it to its main screen.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Item, KnowledgeBase, LinkRef
from kb_tui.core.status.store import Entry, checkbox_status, current_user, utc_now
from kb_tui.core.status.tallies import Tallies
from kb_tui.tui.live_state import LiveState
from kb_tui.tui.state.search_index import SearchIndex
from kb_tui.tui.status_writer import StatusWriter, Write

if TYPE_CHECKING:
    from kb_tui.core.doctor.totals import Diagnosis
    from kb_tui.core.workspace.open import Workspace


def show_entry(item: Item, entry: Entry | None) -> None:
    """Show ``entry`` on ``item`` before the store holds it, as ``StatusStore.apply_item``
    will once it does (the app re-applies from the store when the write is done)."""
    if entry is None:
        item.status = checkbox_status(item.checkbox) if item.kind == "task" else "todo"  # type: ignore[assignment]
        item.note = item.owner = item.updated = item.by = item.due = ""
        return
    task_moved = item.kind == "task" and entry.checkbox not in (None, item.checkbox)
    item.status = checkbox_status(item.checkbox) if task_moved else entry.status  # type: ignore[assignment]
    item.note, item.owner, item.due = entry.note, entry.owner, entry.due
    item.updated, item.by = entry.updated or utc_now(), entry.by or current_user()


class Session:
    """The knowledge base explored and what is on its way to its status store."""

    def __init__(
        self,
        path: Path | None,
        store_path: Path | None,
        report: Callable[[Write], object],
        read_only: bool = False,
    ) -> None:
        self.path = path
        # ``--read-only`` (what ``kb-tui serve --read-only`` serves): the one home of the rule;
        # kb_tui.tui.read_only refuses every change and turns the export into a download.
        self.read_only = read_only
        self.store_path = store_path
        self.workspace: Workspace | None = None
        self.link_index: LinkIndex | None = None
        self.items_by_id: dict[str, Item] = {}
        self.partial_kb: KnowledgeBase | None = None  # while a vault streams in
        self.tallies = Tallies()  # the progress counts every label and header reads
        self.vault_gone: Path | None = None  # the vault's missing folder (or file)
        self.live: LiveState | None = None  # live reload (None: turned off)
        self.diagnosis: Diagnosis | None = None  # check's findings, once counted (tui.header)
        self.search_index = SearchIndex()  # the tree filter's and the palette's
        self.git_unset = False  # the store is in git, not merged by item (see tui.header)
        self.git_head: str | None = None  # the commit checked out, when the vault is in git
        # Status writes on their way (see kb_tui.tui.status_writer), and whether the app is
        # quitting (see kb_tui.tui.lifecycle): after ``q`` no key, action or dialog runs.
        self.writer = StatusWriter(report)
        self.writes: list[Write] = []
        self.shown_pending: dict[str, tuple[Write, Entry | None]] = {}
        self.quitting = False

    @property
    def kb(self) -> KnowledgeBase | None:
        """The knowledge base shown: the one read, or the part of it streamed in so far."""
        return self.workspace.kb if self.workspace is not None else self.partial_kb

    # -- statuses --------------------------------------------------------------------------
    def shown_entry(self, item_id: str) -> Entry | None:
        """The entry on screen: a pending write's, else the store's."""
        pending = self.shown_pending.get(item_id)
        if pending is not None:
            return pending[1]
        assert self.workspace is not None
        return self.workspace.store.entries.get(item_id)

    def entry_for(self, item: Item, **changes: str) -> Entry:
        """``item``'s entry as shown, with ``changes`` (status, note, owner, due) made: what
        is not changed is kept (a status change never drops a due date)."""
        current = self.shown_entry(item.id) or Entry()
        return Entry(
            status=changes.get("status", item.status),
            note=changes.get("note", current.note),
            owner=changes.get("owner", current.owner),
            checkbox=item.checkbox if item.kind == "task" else None,
            due=changes.get("due", current.due),
        )

    def show_pending(self) -> None:
        """After a reload: the new items show the changes still on their way to the store."""
        items = self.items_by_id
        ids = [item_id for item_id in self.shown_pending if item_id in items]
        for item_id in ids:
            show_entry(items[item_id], self.shown_pending[item_id][1])
        self.tallies.forget_items(ids)

    def write_refusal(self) -> Callable[[], str]:
        """A check for the writer thread: a reason not to write now, or ""."""
        assert self.workspace is not None
        root, gone = self.workspace.kb.root, self.vault_gone

        def refusal() -> str:
            missing = gone if gone is not None else None if root.is_dir() else root
            if missing is None:
                return ""
            return f"{missing} is gone: statuses are not written until it is back"

        return refusal

    # -- links -----------------------------------------------------------------------------
    def links_index(self) -> LinkIndex | None:
        """The link index, able to find attachments in the vault too."""
        index = self.link_index
        if index is not None and index.root is None and self.workspace is not None:
            index.root = self.workspace.kb.root
        return index

    def is_resolved(self, source: str, target: str) -> bool:
        index = self.links_index()
        if index is None:
            return False
        link = LinkRef(source=source, target=target, line=0, kind="wikilink")
        return index.resolve(link)[0] is not None
