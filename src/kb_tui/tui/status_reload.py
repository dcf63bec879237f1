"""Statuses changed on disk by someone else: re-read the store, re-apply only what changed.

Part of live reload (see :mod:`kb_tui.tui.live_reload`): no document is parsed again.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from kb_tui.core.model import Item, Problem
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.status.store import MergeEvent, StatusStore
from kb_tui.core.team.git import head
from kb_tui.tui.filtering import Filtering
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.live_state import LiveState
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.selection import Selection
from kb_tui.tui.session import Session
from kb_tui.tui.status_actions import StatusActions
from kb_tui.tui.tree import KbTree

CODE = ProblemCode.STORE_UNREADABLE


class StatusReload:
    """Applies a store another process wrote, in place."""

    def __init__(
        self,
        screen: Screen[Any],
        session: Session,
        panes: Panes,
        header: HeaderBanner,
        status: StatusActions,
        filtering: Filtering,
        selection: Selection,
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.header = header
        self.status = status
        self.filtering = filtering
        self.selection = selection

    def reload_statuses(self) -> None:
        """Re-read the store if another process wrote it; re-apply only what changed."""
        live, workspace = self.session.live, self.session.workspace
        if live is None or workspace is None or self.panes.closing:
            return
        store, kb = workspace.store, workspace.kb
        if not store.changed_on_disk() and live.seen == (id(store), store.revision):
            live.own_writes += 1  # our own write (or a touch): nothing new
            return
        before_error, before_entries, before_merges = store.error, store.entries, store.merges
        if store.changed_on_disk():
            store.load()
        if store.error and before_entries:  # e.g. conflict markers after a pull
            store.entries = before_entries  # keep showing the last good statuses, read-only
        live.status_reloads += 1
        # Entries that differ from those last applied; the app's own changes among them
        # are on screen already, so only what looks different counts as changed.
        ids = sorted(k for k in live.applied.keys() | store.entries if _differs(live, store, k))
        live.applied_from(store)
        items = self.session.items_by_id
        shown = {i: _shown(items[i]) for i in ids if i in items}
        orphans = [orphan.id for orphan in kb.orphans]
        if ids:
            self.status.after_status_change(ids)
        if store.error != before_error:
            kb.problems[:] = [p for p in kb.problems if p.code != CODE]
            if store.error:
                problem = Problem(str(store.path), 0, "error", CODE, store.error)
                kb.problems.append(problem)
            self.header.update_header()
            self.header.update_banner()
        if orphans != [orphan.id for orphan in kb.orphans]:
            self.rebuild_tree()
        changed = sum(_shown(items[i]) != shown[i] for i in shown) + len(ids) - len(shown)
        if store.error and store.error != before_error:
            say(self.screen, f"The status store cannot be read: {store.error}", "error")
        elif changed:
            what = f"{changed} status{'es' if changed != 1 else ''} changed"
            say(self.screen, f"Reloaded: {what}{self._by_git(store, before_merges)}")

    def _by_git(self, store: StatusStore, before: tuple[MergeEvent, ...]) -> str:
        """`` by git (…)`` when the commit checked out moved since last seen (a pull, a
        merge, a checkout), with the clashes the merge decided; "" otherwise."""
        session = self.session
        if session.git_head is None or session.workspace is None:
            return ""
        commit = head(session.workspace.kb.root)
        if commit is None or commit == session.git_head:
            return ""
        session.git_head = commit
        clashes = len(set(store.merges) - set(before))
        decided = f"; {clashes} clash{'es' if clashes != 1 else ''} decided, H shows them"
        return f" by git (now at {commit[:7]}{decided if clashes else ''})"

    def rebuild_tree(self) -> None:
        """The orphans node changed: rebuild the tree, keeping the cursor and expansion."""
        assert self.session.workspace is not None
        tree = self.panes.tree
        key = tree.current.key if tree.current is not None else None
        if self.filtering.state.active:
            self.filtering.run(self.filtering.state.text)
            self.select_in_filter(key)
            return
        expanded = expanded_keys(tree)
        tree.load(self.session.workspace.kb)
        for node_key in expanded:
            node = tree.reveal(node_key)
            if node is not None:
                node.expand()
        if key is not None:
            self.selection.select_nearest(key)

    def select_in_filter(self, key: str | None) -> None:
        """Keep the cursor on ``key`` if the filtered tree shows it (else on the best match)."""
        tree = self.panes.tree
        if key is not None and key in tree.nodes and tree.select_key(key):
            ref = tree.current
            if ref is not None:
                self.selection.show_ref(ref, immediate=True)


def _differs(live: LiveState, store: StatusStore, item_id: str) -> bool:
    return live.applied.get(item_id) != store.entries.get(item_id)


def _shown(item: Item) -> tuple[str, str, str]:
    return (item.status, item.note, item.owner)


def expanded_keys(tree: KbTree) -> list[str]:
    return [key for key, node in tree.nodes.items() if node.is_expanded]
