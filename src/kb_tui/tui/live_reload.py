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
from typing import TYPE_CHECKING

from textual import events, on
from textual.worker import Worker, WorkerState, get_current_worker

from kb_tui.core.errors import VaultError
from kb_tui.core.model import Item, KnowledgeBase, Problem
from kb_tui.core.status.store import StatusStore
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.live_state import DiskChanged, LiveState, WatchFailed
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer
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


class LiveReload(KbAppBase):
    """Mixin for :class:`~kb_tui.tui.app.KbApp`: live reload of documents and statuses."""

    live: LiveState | None = None

    if TYPE_CHECKING:
        path: Path | None

        def load_workspace(
            self,
            restore: str | None = None,
            expanded: list[str] | None = None,
            reuse_from: tuple[KnowledgeBase, frozenset[str]] | None = None,
        ) -> Worker[None]: ...

        def run_filter(self, query: str) -> None: ...

        def after_status_change(self, item_ids: list[str]) -> None: ...

        def vault_missing(self) -> bool: ...

    def start_watching(self) -> None:
        """Watch the vault and the store once the workspace is loaded (unless turned off)."""
        if os.environ.get("KB_TUI_NO_WATCH", "") not in ("", "0"):
            return
        self.live = LiveState()
        self.set_timer(START_DELAY, self._begin_watching)

    def _begin_watching(self) -> None:
        live = self.live
        if live is None or live.spec is not None or live.closed or self.closing:
            return
        if self.workspace is None:  # still loading
            self.set_timer(START_DELAY, self._begin_watching)
            return
        try:
            live.spec = spec = watch_spec(self.path, self.workspace)
        except VaultError as exc:
            self.say(f"Live reload is off: {exc}", "warning")
            return
        live.applied_from(self.workspace.store)
        targets: list[tuple[Callable[[], Path], bool]] = []
        if spec.documents:
            targets.append((lambda: spec.root, spec.single is None))
        if not spec.store_covered:
            targets.append((spec.store_target, False))
        live.watchers = len(targets)
        for target, recursive in targets:
            self.run_worker(
                partial(self._watch, target, recursive),
                thread=True,
                group="live-reload",
                description="watch for changes",  # not a repr of the app
                exit_on_error=False,
            )

    @on(events.Unmount)
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
        try:
            with live.lock:
                if live.changes_filter is None:
                    live.changes_filter = ChangeFilter(live.spec)
                    if self.workspace is not None:
                        live.changes_filter.doc_dirs = document_dirs(self.workspace.kb)
            watch_loop(
                target,
                recursive,
                live.changes_filter,
                lambda docs, store: self.post_message(DiskChanged(docs, store)),
                stop,
            )
        except (OSError, RuntimeError) as exc:
            stop.ready.set()
            self.post_message(WatchFailed(f"{target()}: {exc}"))

    def writes_drained(self) -> None:
        """The app's own writes are done: what the watcher saw meanwhile is looked at now."""
        live = self.live
        if live is not None and (live.docs or live.store):
            self.apply_disk_changes()

    @on(WatchFailed)
    def watch_failed(self, event: WatchFailed) -> None:
        self.say(f"Live reload is off: {event.reason}", "warning")

    # -- gathering changes -------------------------------------------------------------
    @on(DiskChanged)
    def disk_changed(self, event: DiskChanged) -> None:
        live = self.live
        if live is None:
            return
        live.docs |= event.docs
        live.store = live.store or event.store
        if live.timer is not None:
            live.timer.stop()
        live.timer = self.set_timer(QUIET, self.apply_disk_changes)

    def apply_disk_changes(self) -> None:
        """Reload what changed: documents (unless a dialog is open), else statuses."""
        live = self.live
        if live is None or self.workspace is None or live.worker is not None or self.closing:
            return  # a reload in progress picks the rest up when it ends
        if self.writes:  # the app's own writes first: the store must not change under them
            return  # (writes_drained calls this again)
        if self.vault_missing():  # gone: what it had is kept, all is read when it is back
            live.docs.clear()
            live.store = False
            return
        loading = any(w.group == "load" and w.is_running for w in self.workers)
        if live.docs and not loading and len(self.screen_stack) == 1:
            changed = frozenset(live.docs)
            live.docs.clear()
            live.store = False  # the reload reads the store too
            self._reload_documents(changed)
            return
        if live.store:
            live.store = False
            self.reload_statuses()
        if live.docs:  # wait for the dialog to close (or the user's reload to end)
            live.timer = self.set_timer(MODAL_RETRY, self.apply_disk_changes)

    # -- documents -----------------------------------------------------------------------
    def _reload_documents(self, changed: frozenset[str]) -> None:
        """Re-read the vault; notes the watcher saw no change to are taken as they are."""
        live, workspace = self.live, self.workspace
        assert live is not None and workspace is not None
        tree = self.query_one(KbTree)
        ref = tree.current
        current_item = self.query_one(ChecklistPane).current
        live.pending = Reload(
            key=ref.key if ref is not None else self.current_key(),
            old_docs={doc.path: doc.text for doc in workspace.kb.documents},
            filter_text=self.filter_text if self.tree_filter_active else "",
            checklist_item=current_item.id if current_item is not None else None,
            tree_y=tree.scroll_y,
            viewer_y=self.query_one(Viewer).scroll_y,
        )
        expanded = [] if self.tree_filter_active else expanded_keys(tree)
        partial = not live.read_whole and live.day == dt.date.today().isoformat()
        live.read_whole = False
        reuse_from = (workspace.kb, changed) if partial else None
        live.worker = self.load_workspace(live.pending.key, expanded, reuse_from)

    @on(Worker.StateChanged)
    def live_worker_changed(self, event: Worker.StateChanged) -> None:
        live = self.live
        if live is None or self.closing:
            return
        if event.worker.group == "show" and event.state == WorkerState.SUCCESS:
            self._restore_viewer_scroll()
        if event.worker.group == "load" and event.state == WorkerState.SUCCESS and self.workspace:
            live.day = dt.date.today().isoformat()
            live.applied_from(self.workspace.store)
            if live.changes_filter is not None:
                live.changes_filter.doc_dirs = document_dirs(self.workspace.kb)
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
        live, workspace = self.live, self.workspace
        assert live is not None and workspace is not None
        kb = workspace.kb
        live.reloads += 1
        tree = self.query_one(KbTree)
        if pending.filter_text:
            self.run_filter(pending.filter_text)
            self._select_in_filter(pending.key)
        # Under the same key, show_ref kept the checklist's old items: show the new ones.
        checklist = self.query_one(ChecklistPane)
        node = tree.nodes.get(checklist.ref.key) if checklist.ref is not None else None
        if node is not None and node.data is not None:
            checklist.show(node.data, focus_item=pending.checklist_item)
        tree.call_after_refresh(self._restore_tree_scroll, pending.tree_y)
        viewer = self.query_one(Viewer)
        if viewer.ref is not None and viewer.ref.key == pending.key:
            live.viewer_restore = (pending.key, pending.viewer_y)
        new_docs = {doc.path: doc.text for doc in kb.documents}
        old_docs = pending.old_docs
        changed = sum(old_docs.get(p) != new_docs.get(p) for p in old_docs.keys() | new_docs)
        if changed:
            self.say(f"Reloaded: {changed} document{'s' if changed != 1 else ''} changed")

    def _select_nearest(self, key: str) -> None:
        """Select ``key``, else its nearest ancestor that still exists."""
        tree = self.query_one(KbTree)
        if tree.select_nearest(key) and tree.current is not None:
            self.show_ref(tree.current, immediate=True)

    def _select_in_filter(self, key: str | None) -> None:
        """Keep the cursor on ``key`` if the filtered tree shows it (else on the best match)."""
        tree = self.query_one(KbTree)
        if key is not None and key in tree.nodes and tree.select_key(key):
            ref = tree.current
            if ref is not None:
                self.show_ref(ref, immediate=True)

    def _restore_tree_scroll(self, y: float) -> None:
        tree = self.query_one(KbTree)
        tree.scroll_to(y=y, animate=False, immediate=True)
        node = tree.cursor_node
        if node is not None:
            tree.scroll_to_node(node, animate=False)

    @on(Viewer.Rendered)
    def _restore_viewer_scroll(self) -> None:
        """After the re-render a reload caused, scroll the viewer back to where it was."""
        live = self.live
        if live is None or live.viewer_restore is None:
            return
        key, y = live.viewer_restore
        live.viewer_restore = None
        viewer = self.query_one(Viewer)
        if viewer.ref is not None and viewer.ref.key == key:
            viewer.call_after_refresh(viewer.scroll_to, y=y, animate=False)

    # -- statuses ------------------------------------------------------------------------
    def reload_statuses(self) -> None:
        """Re-read the store if another process wrote it; re-apply only what changed."""
        live, workspace = self.live, self.workspace
        if live is None or workspace is None or self.closing:
            return
        store, kb = workspace.store, workspace.kb
        if not store.changed_on_disk() and live.seen == (id(store), store.revision):
            live.own_writes += 1  # our own write (or a touch): nothing new
            return
        before_error, before_entries = store.error, store.entries
        if store.changed_on_disk():
            store.load()
        if store.error and before_entries:  # e.g. conflict markers after a pull
            store.entries = before_entries  # keep showing the last good statuses, read-only
        live.status_reloads += 1
        # Entries that differ from those last applied; the app's own changes among them
        # are on screen already, so only what looks different counts as changed.
        ids = sorted(k for k in live.applied.keys() | store.entries if _differs(live, store, k))
        live.applied_from(store)
        items = self.items_by_id
        shown = {i: _shown(items[i]) for i in ids if i in items}
        orphans = [orphan.id for orphan in kb.orphans]
        if ids:
            self.after_status_change(ids)
        if store.error != before_error:
            kb.problems[:] = [p for p in kb.problems if p.code != "store-unreadable"]
            if store.error:
                problem = Problem(str(store.path), 0, "error", "store-unreadable", store.error)
                kb.problems.append(problem)
            self.update_header()
            self.update_banner()
        if orphans != [orphan.id for orphan in kb.orphans]:
            self._rebuild_tree()
        changed = sum(_shown(items[i]) != shown[i] for i in shown) + len(ids) - len(shown)
        if store.error and store.error != before_error:
            self.say(f"The status store cannot be read: {store.error}", "error")
        elif changed:
            self.say(f"Reloaded: {changed} status{'es' if changed != 1 else ''} changed")

    def _rebuild_tree(self) -> None:
        """The orphans node changed: rebuild the tree, keeping the cursor and expansion."""
        assert self.workspace is not None
        tree = self.query_one(KbTree)
        key = tree.current.key if tree.current is not None else None
        if self.tree_filter_active:
            self.run_filter(self.filter_text)
            self._select_in_filter(key)
            return
        expanded = expanded_keys(tree)
        tree.load(self.workspace.kb)
        for node_key in expanded:
            node = tree.reveal(node_key)
            if node is not None:
                node.expand()
        if key is not None:
            self._select_nearest(key)


def _differs(live: LiveState, store: StatusStore, item_id: str) -> bool:
    return live.applied.get(item_id) != store.entries.get(item_id)


def _shown(item: Item) -> tuple[str, str, str]:
    return (item.status, item.note, item.owner)


def expanded_keys(tree: KbTree) -> list[str]:
    return [key for key, node in tree.nodes.items() if node.is_expanded]
