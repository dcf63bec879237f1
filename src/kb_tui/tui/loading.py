"""Reading the vault into the main screen: at once, streamed, or again (``r``, live reload).

A streamed read (a second process, see :mod:`kb_tui.core.workspace.preload`) sends
documents in batches; each batch is added to the tree at once, so a vault of thousands of
notes shows its first folders in the first frame. When the last batch is in, links are
resolved and statuses applied off the UI thread, and the full tree replaces the growing one
with the cursor and the expanded nodes kept.

Once a vault is shown and its search index built, the status history is read ahead and the
dashboard computed once in the background (:meth:`Loader.warm`), so that its first opening
does not wait for a whole history to be parsed.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Document, KnowledgeBase, Problem
from kb_tui.core.status.tallies import Tallies
from kb_tui.core.text import clean
from kb_tui.tui.filtering import Filtering
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.heap import HeapKeeping
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.presence import VaultPresence
from kb_tui.tui.selection import Selection
from kb_tui.tui.session import Session
from kb_tui.tui.status_actions import StatusesChanged

if TYPE_CHECKING:
    from textual.app import App
    from textual.timer import Timer

    from kb_tui.core.workspace.open import Workspace
    from kb_tui.core.workspace.preload import Pending


class Loader:
    """Reads the vault off the UI thread and shows it: tree, viewer, checklist, header."""

    def __init__(
        self,
        screen: Screen[Any],
        session: Session,
        panes: Panes,
        header: HeaderBanner,
        selection: Selection,
        filtering: Filtering,
        presence: VaultPresence,
        settle: Callable[[], None],
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.header = header
        self.selection = selection
        self.filtering = filtering
        self.presence = presence
        self.settle = settle  # a load is shown: the heap may freeze it (see kb_tui.tui.heap)
        self.warm_check: Timer | None = None  # until the history is read ahead

    def load_workspace(
        self,
        restore: str | None = None,
        expanded: list[str] | None = None,
        reuse_from: tuple[KnowledgeBase, frozenset[str]] | None = None,
    ) -> Worker[None]:
        """Parse the vault off the UI thread; the first frame never waits for it.

        ``reuse_from``: the knowledge base shown and the paths the watcher saw change (a
        live reload); its other notes are taken without reading them again. A failure is
        reported (:meth:`worker_failed`), never fatal: e.g. the vault deleted meanwhile.
        """
        # A description, or Textual builds one from repr() of the arguments: a whole vault.
        return self.screen.run_worker(
            partial(self._load, restore, expanded, reuse_from),
            thread=True,
            exclusive=True,
            group="load",
            description="read the vault",
            exit_on_error=False,
        )

    def _load(
        self,
        restore: str | None,
        expanded: list[str] | None,
        reuse_from: tuple[KnowledgeBase, frozenset[str]] | None,
    ) -> None:
        # imported on first use: start-up stays fast
        from kb_tui.core.workspace.open import open_workspace
        from kb_tui.tui.watcher import reusable_notes

        reuse = reusable_notes(*reuse_from) if reuse_from is not None else None
        session = self.session
        workspace = open_workspace(session.path, session.store_path, reuse=reuse).index()
        if session.workspace is not None:  # read again: the history parsed is kept
            workspace.keep_from(session.workspace)
        self.screen.app.call_from_thread(self.loaded, workspace, restore, expanded or [])

    def loaded(
        self,
        workspace: Workspace,
        restore: str | None,
        expanded: list[str],
        adopt: bool = False,
    ) -> None:
        """Show a freshly read workspace; ``adopt`` keeps a tree grown from the same notes."""
        session = self.session
        session.workspace = workspace
        if workspace.items is None:  # read on this thread (a preload done before mount)
            workspace.index()
        assert workspace.items is not None
        session.items_by_id = workspace.items
        self.use_tallies(workspace.tallies)
        session.show_pending()  # status writes still on their way show on the new items
        session.link_index = LinkIndex(workspace.kb.documents)
        tree = self.panes.tree
        if not adopt:
            self.panes.checklist.ref = None  # new items, maybe under the same key
        if not (adopt and tree.adopt(workspace.kb)):
            tree.load(workspace.kb)
            for key in expanded:
                node = tree.reveal(key)
                if node is not None:
                    node.expand()
        self.header.update_header()
        self.header.update_banner()
        self.screen.post_message(StatusesChanged())
        self.filtering.prepare()
        self.warm(workspace)
        self.header.check_git()
        if not workspace.kb.documents:
            self.panes.viewer.show_message(no_notes(session.path or workspace.kb.root))
            self.screen.call_after_refresh(self.settle)
            return
        # The node shown before (or its nearest surviving ancestor), else the first section.
        shown = restore is not None and tree.select_nearest(restore)
        if not shown:
            first = self.selection.first_key()
            shown = first is not None and tree.select_key(first)
        if shown and tree.current is not None:
            self.selection.show_ref(tree.current, immediate=True)
        self.screen.call_after_refresh(self.settle)

    def warm(self, workspace: Workspace) -> None:
        """Read the history and compute the dashboard once on a worker thread, keeping
        what the dashboard's openings reuse (:func:`kb_tui.core.stats.cache.warm`).

        At a low priority: once the search index is built (the filter's first key waits
        for it) and keys and clicks have rested for :data:`WARM_IDLE` seconds (a thread
        working beside the UI slows it down); no idle collection runs meanwhile, and what
        it built is frozen at the next idle moment (see :mod:`kb_tui.tui.heap`). Nothing
        is said when it fails: the dashboard says why when it is opened (and reads the
        history itself if opened before)."""
        if self.warm_check is not None:
            self.warm_check.stop()
        self.warm_check = self.screen.set_interval(
            WARM_CHECK, partial(self.warm_if_idle, workspace)
        )

    def warm_if_idle(self, workspace: Workspace) -> None:
        session = self.session
        if session.workspace is workspace and (
            not session.search_index.ready(workspace.kb) or idle_for(self.screen.app) < WARM_IDLE
        ):
            return  # not yet
        if self.warm_check is not None:
            self.warm_check.stop()
            self.warm_check = None
        if session.workspace is workspace:  # (else read again meanwhile: not wanted)
            # A description, or Textual builds one from repr() of the arguments: a whole vault.
            self.screen.run_worker(
                partial(self._warm, workspace),
                thread=True,
                group="warm",
                exclusive=True,
                description="read the history ahead",
            )

    def _warm(self, workspace: Workspace) -> None:
        from kb_tui.core.stats.cache import warm  # on the worker thread: start-up stays fast

        with suppress(Exception):  # any failure is the dashboard's to report
            warm(workspace.kb, workspace.store, workspace.stats)
        app = self.screen.app
        if isinstance(app, HeapKeeping):
            app.call_from_thread(app.settle_more_heap)

    def use_tallies(self, tallies: Tallies) -> None:
        """The progress counts every label and header reads (see kb_tui.core.status.tallies)."""
        self.session.tallies = tallies
        self.panes.tree.tallies = tallies
        self.panes.checklist.tallies = tallies
        self.panes.viewer.tallies = tallies

    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "load":
            error = event.worker.error
            if self.session.workspace is not None:  # a reload: what was read stays on screen
                if not self.presence.vault_missing():  # (a vault gone is said by vault_went)
                    say(self.screen, f"Could not read the knowledge base again: {error}", "error")
                return
            say(self.screen, f"Could not open the knowledge base: {error}", "error")
            self.panes.tree.root.set_label(Text(f"⚠ {error}", style="bold red"))

    def reload(self) -> None:
        """``r``: read it all again, keeping the cursor and the expanded nodes."""
        if self.presence.vault_missing():
            return
        tree = self.panes.tree
        expanded = [key for key, node in tree.nodes.items() if node.is_expanded]
        if self.filtering.state.active:
            self.filtering.clear()
        say(self.screen, "Reloading…")
        self.load_workspace(self.panes.current_key(), expanded)

    # -- streaming ---------------------------------------------------------------------------
    def stream_workspace(self, preload: Pending) -> None:
        # A description, or Textual builds one from repr() of the arguments: a whole vault.
        self.screen.run_worker(
            partial(self._stream, preload),
            thread=True,
            exclusive=True,
            group="load",
            description="stream the vault",
        )

    def _stream(self, preload: Pending) -> None:
        """Show the vault as the reader sends it: the tree grows, a bar shows how far."""
        from kb_tui.core.workspace.preload import assemble  # start-up stays fast

        call = self.screen.app.call_from_thread
        documents: list[Document] = []
        problems: list[Problem] = []
        tallies = Tallies()  # counted here, so that labelling a huge note costs the UI nothing
        for message in preload.messages():
            if message[0] == "batch":
                _, docs, found, done, total = message
                documents.extend(docs)
                problems.extend(found)
                tallies.prime(docs)
                call(self.documents_arrived, docs, done, total, tallies)
            elif message[0] == "end":
                workspace = assemble(preload, message[1], message[2], documents, problems)
                workspace.index()
                call(self.stream_finished, workspace)
                return
        # The reader failed: read here instead (a real error is then reported as usual).
        from kb_tui.core.workspace.open import open_workspace  # start-up stays fast

        workspace = open_workspace(self.session.path, self.session.store_path).index()
        call(self.stream_finished, workspace)

    def documents_arrived(
        self, docs: list[Document], done: int, total: int, tallies: Tallies | None = None
    ) -> None:
        """A batch of a vault still being read: grow the tree, show the first section."""
        session = self.session
        tree = self.panes.tree
        first = session.partial_kb is None
        if session.partial_kb is None:
            session.partial_kb = KnowledgeBase(root=Path("."))
            self.use_tallies(tallies or Tallies())
        session.partial_kb.documents.extend(docs)
        tree.extend(session.partial_kb, docs, total)
        self.show_indexing(done, total)
        if first and docs:
            key = self.selection.first_key()
            if key is not None and tree.select_key(key) and tree.current is not None:
                self.selection.show_ref(tree.current, immediate=True)

    def stream_finished(self, workspace: Workspace) -> None:
        """The whole vault is read: statuses and links are in; the grown tree is kept."""
        tree = self.panes.tree
        expanded = [key for key, node in tree.nodes.items() if node.is_expanded]
        restore = self.panes.current_key()
        self.session.partial_kb = None
        self.show_indexing(0, 0)
        self.panes.viewer.ref = None  # shown before links resolved: render both again
        self.panes.checklist.ref = None
        self.loaded(workspace, restore, expanded, adopt=True)

    def show_indexing(self, done: int, total: int) -> None:
        """A progress bar over the tree while a vault is read (hidden when done)."""
        from textual.widgets import ProgressBar  # first use: start-up stays fast

        bars = self.screen.query("#indexing").results(ProgressBar)
        bar = next(bars, None)
        if done >= total:
            if bar is not None:
                bar.remove()
            return
        if bar is None:
            bar = ProgressBar(total=total, show_eta=False, id="indexing")
            self.screen.query_one("#tree-pane").mount(bar, before=0)
        bar.update(total=total, progress=done)
        self.screen.app.sub_title = f"Indexing {done:,} / {total:,} notes…"


WARM_IDLE = 0.5  # seconds without a key or a click before the history is read ahead
WARM_CHECK = 0.25  # seconds between two looks at whether it is time to


def idle_for(app: App[Any]) -> float:
    """Seconds since the user's last key or click (long, if the app does not say)."""
    return app.heap.idle_for() if isinstance(app, HeapKeeping) and hasattr(app, "heap") else 1e9


def no_notes(path: Path) -> Text:
    """What the viewer says for a vault without notes, rather than a blank screen."""
    text = Text()
    text.append(f"No notes found in {clean(str(path.absolute()))}\n\n", style="bold")
    text.append(
        "A note is a Markdown file (*.md) here or in a folder below (hidden ones skipped).\n"
        "Open another folder or a note: kb-tui PATH\n"
        "Every option: kb-tui --help · q quits"
    )
    return text
