"""Streaming a vault into the explorer while it is read: the tree grows, a bar shows progress.

The reader (a second process, see :mod:`kb_tui.core.workspace.preload`) sends documents in batches;
each batch is added to the tree at once, so a vault of thousands of notes shows its first
folders in the first frame. When the last batch is in, links are resolved and statuses
applied off the UI thread, and the full tree replaces the growing one with the cursor and
the expanded nodes kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from kb_tui.core.model import Document, Problem
from kb_tui.core.status.tallies import Tallies
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

if TYPE_CHECKING:
    from kb_tui.core.workspace.open import Workspace
    from kb_tui.core.workspace.preload import Pending


class Streaming(KbAppBase):
    """The app's side of a streamed read."""

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    @work(thread=True, exclusive=True, group="load", description="stream the vault")
    def stream_workspace(self, preload: Pending) -> None:
        """Show the vault as the reader sends it: the tree grows, a bar shows how far."""
        from kb_tui.core.workspace.preload import assemble

        documents: list[Document] = []
        problems: list[Problem] = []
        tallies = Tallies()  # counted here, so that labelling a huge note costs the UI nothing
        for message in preload.messages():
            if message[0] == "batch":
                _, docs, found, done, total = message
                documents.extend(docs)
                problems.extend(found)
                tallies.prime(docs)
                self.call_from_thread(self.documents_arrived, docs, done, total, tallies)
            elif message[0] == "end":
                workspace = assemble(preload, message[1], message[2], documents, problems)
                workspace.index()
                self.call_from_thread(self.stream_finished, workspace)
                return
        # The reader failed: read here instead (a real error is then reported as usual).
        from kb_tui.core.workspace.open import open_workspace

        workspace = open_workspace(self.path, self.store_path).index()
        self.call_from_thread(self.stream_finished, workspace)

    def documents_arrived(
        self, docs: list[Document], done: int, total: int, tallies: Tallies | None = None
    ) -> None:
        """A batch of a vault still being read: grow the tree, show the first section."""
        tree = self.query_one(KbTree)
        first = self.partial_kb is None
        if self.partial_kb is None:
            from kb_tui.core.model import KnowledgeBase

            self.partial_kb = KnowledgeBase(root=Path("."))
            self.use_tallies(tallies or Tallies())
        self.partial_kb.documents.extend(docs)
        tree.extend(self.partial_kb, docs, total)
        self.show_indexing(done, total)
        if first and docs:
            key = self.first_key()
            if key is not None and tree.select_key(key) and tree.current is not None:
                self.show_ref(tree.current, immediate=True)

    def stream_finished(self, workspace: Workspace) -> None:
        """The whole vault is read: statuses and links are in; the grown tree is kept."""
        tree = self.query_one(KbTree)
        expanded = [key for key, node in tree.nodes.items() if node.is_expanded]
        restore = self.current_key()
        self.partial_kb = None
        self.show_indexing(0, 0)
        self.query_one(Viewer).ref = None  # shown before links resolved: render both again
        self.query_one(ChecklistPane).ref = None
        self.workspace_loaded(workspace, restore, expanded, adopt=True)

    def show_indexing(self, done: int, total: int) -> None:
        """A progress bar over the tree while a vault is read (hidden when done)."""
        from textual.widgets import ProgressBar

        bars = self.query("#indexing").results(ProgressBar)
        bar = next(bars, None)
        if done >= total:
            if bar is not None:
                bar.remove()
            return
        if bar is None:
            bar = ProgressBar(total=total, show_eta=False, id="indexing")
            self.query_one("#tree-pane").mount(bar, before=0)
        bar.update(total=total, progress=done)
        self.sub_title = f"Indexing {done:,} / {total:,} notes…"
