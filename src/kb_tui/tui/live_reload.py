"""Live reload: re-read documents and statuses changed on disk while the app runs.

Thread workers run :func:`~kb_tui.tui.watcher.watch_loop` over the vault and, unless that
covers it, the status store's folder. After :data:`QUIET` seconds without news, changed
documents are re-read through ``load_workspace`` (selection, expansion, scroll and filter
kept), or, if only the store changed, it is re-read and applied in place without parsing a
document. The app's own store writes are recognised and cause nothing. A document reload
waits while a modal screen is open (it may hold items of the current tree); status reloads
apply at once, in place. ``KB_TUI_NO_WATCH=1`` (``kb-tui --no-watch``) turns it off.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.screen import Screen
from textual.worker import Worker, WorkerState, get_current_worker

from kb_tui.core.errors import VaultError
from kb_tui.core.model import KnowledgeBase
from kb_tui.tui.filtering import Filtering
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.live_state import LiveState
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.presence import PRESENCE_INTERVAL, VaultPresence, identity
from kb_tui.tui.session import Session
from kb_tui.tui.status_reload import StatusReload, expanded_keys
from kb_tui.tui.watcher import (
    ChangeFilter,
    Reload,
    StopSignal,
    document_dirs,
    watch_loop,
    watch_spec,
)

QUIET = 0.1  # seconds without news before the app reloads (watchfiles waits 50 ms too)
START_DELAY = 0.3  # after mount: the first frame is out before the watch is set up
MODAL_RETRY = 0.25

# Reads the vault again: (key to restore, keys expanded, (kb, changed paths) to reuse from).
Load = Callable[[str | None, list[str], "tuple[KnowledgeBase, frozenset[str]] | None"], object]


class DiskChanged(Message):
    """The watcher saw documents or the status store change on disk."""

    def __init__(self, docs: frozenset[str], store: bool) -> None:
        super().__init__()
        self.docs = docs
        self.store = store


class WatchFailed(Message):
    """A watcher could not watch (a vanished folder, the system's watch limit)."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class LiveReload:
    """Watches the vault and the store; reloads what changed, keeping the view."""

    def __init__(
        self,
        screen: Screen[Any],
        session: Session,
        panes: Panes,
        header: HeaderBanner,
        presence: VaultPresence,
        statuses: StatusReload,
        filtering: Filtering,
        load: Load,
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.header = header
        self.presence = presence
        self.statuses = statuses
        self.filtering = filtering
        self.load = load

    @property
    def live(self) -> LiveState | None:
        return self.session.live

    def start_watching(self) -> None:
        """Watch the vault and the store once the workspace is loaded (unless turned off)."""
        if os.environ.get("KB_TUI_NO_WATCH", "") not in ("", "0"):
            return
        self.session.live = LiveState()
        self.screen.set_timer(START_DELAY, self._begin_watching)
        self.screen.set_interval(PRESENCE_INTERVAL, self.check_presence)

    def _begin_watching(self) -> None:
        live, workspace = self.live, self.session.workspace
        if live is None or live.spec is not None or live.closed or self.panes.closing:
            return
        if workspace is None:  # still loading
            self.screen.set_timer(START_DELAY, self._begin_watching)
            return
        try:
            live.spec = spec = watch_spec(self.session.path, workspace)
        except VaultError as exc:
            say(self.screen, f"Live reload is off: {exc}", "warning")
            return
        live.applied_from(workspace.store)
        targets: list[tuple[Callable[[], Path], bool]] = []
        if spec.documents:
            targets.append((lambda: spec.root, spec.single is None))
        if not spec.store_covered:
            targets.append((spec.store_target, False))
        live.watchers = len(targets)
        for target, recursive in targets:
            self.screen.run_worker(
                partial(self._watch, target, recursive),
                thread=True,
                group="live-reload",
                description="watch for changes",  # not a repr of the app
                exit_on_error=False,
            )

    def stop_watching(self) -> None:
        """The app ends: no watcher thread outlives it (one starting late included)."""
        if self.live is not None:
            self.live.stop_all()

    def _watch(self, target: Callable[[], Path], recursive: bool) -> None:
        """The watcher thread: report changes as :class:`DiskChanged` messages."""
        live = self.live
        assert live is not None and live.spec is not None
        stop = StopSignal(get_current_worker().cancelled_event)
        live.register(stop)
        post = self.screen.post_message
        try:
            with live.lock:
                if live.changes_filter is None:
                    live.changes_filter = ChangeFilter(live.spec)
                    if self.session.workspace is not None:
                        live.changes_filter.doc_dirs = document_dirs(self.session.workspace.kb)
            watch_loop(
                target,
                recursive,
                live.changes_filter,
                lambda docs, store: post(DiskChanged(docs, store)),
                stop,
            )
        except (OSError, RuntimeError) as exc:
            stop.ready.set()
            post(WatchFailed(f"{target()}: {exc}"))

    def writes_drained(self) -> None:
        """The app's own writes are done: what the watcher saw meanwhile is looked at now."""
        live = self.live
        if live is not None and (live.docs or live.store):
            self.apply_disk_changes()

    # -- the vault gone and back ---------------------------------------------------------
    def check_presence(self) -> None:
        live, target = self.live, self.presence.target()
        if target is None or live is None or live.spec is None or self.panes.closing:
            return
        # The folder's identity, not a one-note knowledge base's note: an editor saving the
        # note replaces it (a new inode) in a folder whose watch still holds.
        found = identity(live.spec.root)
        if found is None or not os.path.exists(target):
            self.presence.vault_went(target)
            return
        known, self.presence.vault_identity = self.presence.vault_identity, found
        if self.session.vault_gone is not None or (known is not None and known != found):
            self.vault_back(target)

    def vault_back(self, target: Path) -> None:
        """Watch the folder that is there now and read all of it again."""
        live = self.live
        assert live is not None
        if self.session.vault_gone is not None:
            say(self.screen, f"{target} is back: reading it again.")
        self.session.vault_gone = None
        for signal in live.signals:  # the old watch saw the old folder, if anything
            signal.stopped.set()
        live.signals, live.spec, live.changes_filter, live.watchers = [], None, None, 0
        self._begin_watching()
        live.read_whole = True
        live.docs.add(str(target))
        self.header.update_header()
        self.header.update_banner()
        self.apply_disk_changes()

    # -- gathering changes -------------------------------------------------------------
    def disk_changed(self, event: DiskChanged) -> None:
        live = self.live
        if live is None:
            return
        live.docs |= event.docs
        live.store = live.store or event.store
        if live.timer is not None:
            live.timer.stop()
        live.timer = self.screen.set_timer(QUIET, self.apply_disk_changes)

    def apply_disk_changes(self) -> None:
        """Reload what changed: documents (unless a dialog is open), else statuses."""
        live, session = self.live, self.session
        if live is None or session.workspace is None or live.worker is not None:
            return  # a reload in progress picks the rest up when it ends
        if self.panes.closing:
            return
        if session.writes:  # the app's own writes first: the store must not change under them
            return  # (writes_drained calls this again)
        if self.presence.vault_missing():  # gone: what it had is kept, all read when back
            live.docs.clear()
            live.store = False
            return
        loading = any(w.group == "load" and w.is_running for w in self.screen.workers)
        if live.docs and not loading and len(self.screen.app.screen_stack) == 1:
            changed = frozenset(live.docs)
            live.docs.clear()
            live.store = False  # the reload reads the store too
            self._reload_documents(changed)
            return
        if live.store:
            live.store = False
            self.statuses.reload_statuses()
        if live.docs:  # wait for the dialog to close (or the user's reload to end)
            live.timer = self.screen.set_timer(MODAL_RETRY, self.apply_disk_changes)

    # -- documents -----------------------------------------------------------------------
    def _reload_documents(self, changed: frozenset[str]) -> None:
        """Re-read the vault; notes the watcher saw no change to are taken as they are."""
        live, workspace = self.live, self.session.workspace
        assert live is not None and workspace is not None
        tree = self.panes.tree
        ref = tree.current
        current_item = self.panes.checklist.current
        filtered = self.filtering.state
        live.pending = Reload(
            key=ref.key if ref is not None else self.panes.current_key(),
            old_docs={doc.path: doc.text for doc in workspace.kb.documents},
            filter_text=filtered.text if filtered.active else "",
            checklist_item=current_item.id if current_item is not None else None,
            tree_y=tree.scroll_y,
            viewer_y=self.panes.viewer.scroll_y,
        )
        expanded = [] if filtered.active else expanded_keys(tree)
        partial = not live.read_whole and live.day == dt.date.today().isoformat()
        live.read_whole = False
        reuse_from = (workspace.kb, changed) if partial else None
        live.worker = self.load(live.pending.key, expanded, reuse_from)

    def worker_changed(self, event: Worker.StateChanged) -> None:
        live, workspace = self.live, self.session.workspace
        if live is None or self.panes.closing:
            return
        if event.worker.group == "show" and event.state == WorkerState.SUCCESS:
            self.restore_viewer_scroll()
        if event.worker.group == "load" and event.state == WorkerState.SUCCESS and workspace:
            live.day = dt.date.today().isoformat()
            live.applied_from(workspace.store)
            if live.changes_filter is not None:
                live.changes_filter.doc_dirs = document_dirs(workspace.kb)
        if event.worker is not live.worker or event.state not in (
            WorkerState.SUCCESS,
            WorkerState.ERROR,
            WorkerState.CANCELLED,
        ):
            return
        if event.state != WorkerState.SUCCESS:
            live.read_whole = True  # what changed may not have been read
        live.worker = None
        pending, live.pending = live.pending, None
        if event.state == WorkerState.SUCCESS and pending is not None:
            self._after_reload(pending)
        live.store = True  # a status set meanwhile went through the old store object
        self.apply_disk_changes()

    def _after_reload(self, pending: Reload) -> None:
        live, workspace = self.live, self.session.workspace
        assert live is not None and workspace is not None
        kb = workspace.kb
        live.reloads += 1
        tree = self.panes.tree
        if pending.filter_text:
            self.filtering.run(pending.filter_text)
            self.statuses.select_in_filter(pending.key)
        # Under the same key, show_ref kept the checklist's old items: show the new ones.
        checklist = self.panes.checklist
        node = tree.nodes.get(checklist.ref.key) if checklist.ref is not None else None
        if node is not None and node.data is not None:
            checklist.show(node.data, focus_item=pending.checklist_item)
        tree.call_after_refresh(self._restore_tree_scroll, pending.tree_y)
        viewer = self.panes.viewer
        if viewer.ref is not None and viewer.ref.key == pending.key:
            live.viewer_restore = (pending.key, pending.viewer_y)
        new_docs = {doc.path: doc.text for doc in kb.documents}
        old_docs = pending.old_docs
        changed = sum(old_docs.get(p) != new_docs.get(p) for p in old_docs.keys() | new_docs)
        if changed:
            say(self.screen, f"Reloaded: {changed} document{'s' if changed != 1 else ''} changed")

    def _restore_tree_scroll(self, y: float) -> None:
        tree = self.panes.tree
        tree.scroll_to(y=y, animate=False, immediate=True)
        node = tree.cursor_node
        if node is not None:
            tree.scroll_to_node(node, animate=False)

    def restore_viewer_scroll(self) -> None:
        """After the re-render a reload caused, scroll the viewer back to where it was."""
        live = self.live
        if live is None or live.viewer_restore is None:
            return
        key, y = live.viewer_restore
        live.viewer_restore = None
        viewer = self.panes.viewer
        if viewer.ref is not None and viewer.ref.key == key:
            viewer.call_after_refresh(viewer.scroll_to, y=y, animate=False)
