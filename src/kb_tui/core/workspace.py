"""Open a knowledge base together with its status store: the core's front door."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kb_tui.core.model import Item, KnowledgeBase, Problem
from kb_tui.core.paths import default_path
from kb_tui.core.store import StatusStore, default_store_path
from kb_tui.resources import is_bundled

if TYPE_CHECKING:  # the parser is imported when a vault is read, not with this module
    from kb_tui.core.document import Limits
    from kb_tui.core.vault import ProgressFn


@dataclass
class Workspace:
    """A loaded knowledge base and the store its statuses live in."""

    path: Path
    kb: KnowledgeBase
    store: StatusStore

    def reload(self, progress: ProgressFn | None = None) -> None:
        """Re-read the documents and the store from disk."""
        from kb_tui.core.vault import load_kb

        self.kb = load_kb(self.path, progress=progress)
        self.store.load()
        self.store.apply(self.kb)


def store_path_for(path: Path, store: Path | None = None) -> Path:
    if store is not None:
        return store
    from kb_tui.core.paths import resolve_root

    root, _ = resolve_root(path)
    return default_store_path(root, bundled=is_bundled(path))


def open_workspace(
    path: Path | None = None,
    store: Path | None = None,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
) -> Workspace:
    """Load ``path`` (default: :func:`default_path`) and apply its stored statuses."""
    from kb_tui.core.vault import load_kb

    path = path or default_path()
    return finish_workspace(path, store, load_kb(path, limits=limits, progress=progress))


def finish_workspace(path: Path | None, store: Path | None, kb: KnowledgeBase) -> Workspace:
    """The workspace of a read ``kb``: its status store opened and applied."""
    path = path or default_path()
    status_store = StatusStore(store_path_for(path, store))
    status_store.apply(kb)
    if status_store.error:
        kb.problems.append(
            Problem(str(status_store.path), 0, "error", "store-unreadable", status_store.error)
        )
    return Workspace(path=path, kb=kb, store=status_store)


def find_items(kb: KnowledgeBase, query: str) -> list[Item]:
    """Items whose ID is ``query``, else whose text equals it (case-insensitively)."""
    items = list(kb.iter_items())
    exact = [item for item in items if item.id == query]
    if exact:
        return exact
    folded = query.casefold().strip()
    return [item for item in items if item.text.casefold() == folded]
