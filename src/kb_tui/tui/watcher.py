"""The file watcher behind live reload: what to watch, which changes count, the loop.

No Textual here: :func:`watch_loop` runs in a thread and hands each batch of changes to a
callback. :class:`ChangeFilter` sorts a change into a document change, a status-store
change, or nothing: ``*.md`` outside hidden and tool folders, folders that held documents
(removed or moved away) and new folders holding some count as documents; the store file,
and a folder on its way that is created or removed, count as the store.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from kb_tui.core.model import Document, KnowledgeBase, Problem

if TYPE_CHECKING:
    from watchfiles import Change

    from kb_tui.core.workspace.open import Workspace

STEP_MS = 50  # watchfiles yields after this much quiet, and sees a stop request as fast
MAX_BATCH_MS = 2_000  # a long burst (git pull) is still reported every two seconds
MAX_SCAN = 10_000  # entries looked at to decide whether a new folder holds documents
Kind = Literal["doc", "store"]


@dataclass(frozen=True)
class WatchSpec:
    """What to watch: the vault (or one file in it) and the status store."""

    root: Path
    store: Path
    single: Path | None = None  # the one document of a single-file knowledge base
    documents: bool = True  # False for the bundled, read-only sample: only its store

    @property
    def store_covered(self) -> bool:
        """Whether the vault's watch already sees the store file."""
        if not self.documents:
            return False
        parent = self.store.parent
        return parent == self.root or (self.single is None and parent.is_relative_to(self.root))

    def store_target(self) -> Path:
        """The store's folder, or its nearest existing ancestor while it does not exist."""
        for folder in (self.store.parent, *self.store.parent.parents):
            if folder.is_dir():
                return folder
        return self.store.parent


class ChangeFilter:
    """Sorts a raw change into a document change, a store change, or nothing."""

    def __init__(self, spec: WatchSpec) -> None:
        from kb_tui.core.vault.files import SKIP_DIRS  # imported in the watcher thread

        self.spec = spec
        self.skip = SKIP_DIRS
        self.store_dirs = frozenset(spec.store.parents)
        self.doc_dirs: frozenset[str] = frozenset()  # folders holding documents (set by the app)

    def kind(self, change: Change, raw: str) -> Kind | None:
        # imported on first use: start-up stays fast
        from watchfiles import Change

        path, spec = Path(raw), self.spec
        if path == spec.store or (path in self.store_dirs and change != Change.modified):
            return "store"  # the file, or a folder on its way created, moved or removed
        if not spec.documents:
            return None
        if spec.single is not None:
            return "doc" if path == spec.single else None
        if not path.is_relative_to(spec.root) or path == spec.root:
            return None
        rel = path.relative_to(spec.root)
        if any(part.startswith(".") or part in self.skip for part in rel.parts):
            return None
        if path.suffix.lower() == ".md":
            return "doc"
        if change == Change.deleted:  # a folder of documents removed or moved away
            return "doc" if rel.as_posix() in self.doc_dirs else None
        return "doc" if change == Change.added and self._holds_markdown(path) else None

    def _holds_markdown(self, folder: Path) -> bool:
        seen = 0
        for _folder, dirs, files in os.walk(folder):
            dirs[:] = [d for d in dirs if not d.startswith(".") and d not in self.skip]
            if any(f.lower().endswith(".md") and not f.startswith(".") for f in files):
                return True
            seen += len(dirs) + len(files)
            if seen > MAX_SCAN:
                return True  # too big to look through: reload to be sure
        return False

    def sort(self, changes: Iterable[tuple[Change, str]]) -> tuple[frozenset[str], bool]:
        """(changed document paths, whether the store may have changed)."""
        docs: set[str] = set()
        store = False
        for change, raw in changes:
            kind = self.kind(change, raw)
            store = store or kind == "store"
            if kind == "doc":
                docs.add(raw)
        return frozenset(docs), store


def document_dirs(kb: KnowledgeBase) -> frozenset[str]:
    """Every folder (vault-relative) that holds a document, at any depth."""
    dirs: set[str] = set()
    for doc in kb.documents:
        parts = doc.path.split("/")[:-1]
        dirs.update("/".join(parts[: n + 1]) for n in range(len(parts)))
    return frozenset(dirs)


class StopSignal:
    """watchfiles' ``stop_event``: set by the app or when Textual cancels the worker.

    watchfiles first asks once its watch is in place, which marks the watcher ready.
    """

    def __init__(self, cancelled: threading.Event | None = None) -> None:
        self.cancelled = cancelled or threading.Event()
        self.stopped = threading.Event()
        self.ready = threading.Event()
        self.running = False

    def is_set(self) -> bool:
        self.ready.set()
        return self.requested()

    def requested(self) -> bool:
        return self.stopped.is_set() or self.cancelled.is_set()


def watch_loop(
    target: Callable[[], Path],
    recursive: bool,
    changes_filter: ChangeFilter,
    emit: Callable[[frozenset[str], bool], object],
    stop: StopSignal,
) -> None:
    """Watch ``target()`` until ``stop``; watch again where ``target()`` moves to."""
    # imported on first use: start-up stays fast
    import watchfiles

    stop.running = True
    try:
        while not stop.requested():
            path = target()
            for changes in watchfiles.watch(
                path,
                watch_filter=None,
                debounce=MAX_BATCH_MS,
                step=STEP_MS,
                stop_event=stop,
                recursive=recursive,
                raise_interrupt=False,
                ignore_permission_denied=True,
            ):
                docs, store = changes_filter.sort(changes)
                if docs or store:
                    emit(docs, store)
                if target() != path:  # the store's folder appeared (or went): follow it
                    emit(frozenset(), True)  # it may have been written before we looked
                    break
    finally:
        stop.running = False


def watch_spec(path: Path | None, workspace: Workspace) -> WatchSpec:
    # imported on first use: start-up stays fast
    from kb_tui.core.fs.paths import default_path, resolve_root
    from kb_tui.resources import is_bundled

    path = path or default_path()
    root, files = resolve_root(path)
    store = workspace.store.path
    store = Path(os.path.abspath(store.parent)).resolve() / store.name
    return WatchSpec(
        root=root, store=store, single=files[0] if files else None, documents=not is_bundled(path)
    )


def reusable_notes(
    kb: KnowledgeBase, changed: frozenset[str]
) -> dict[str, tuple[Document, list[Problem]]] | None:
    """The notes of ``kb`` that a reload after ``changed`` (the watcher's absolute paths)
    may take as they are, so that only the changed notes are read again; ``None`` (read
    everything) when a folder changed, since a whole subtree may have come or gone. Runs in
    the reading thread."""
    # imported on first use: start-up stays fast
    from kb_tui.core.workspace.load import reusable

    rels: list[str] = []
    for raw in changed:
        path = Path(raw)
        if path.suffix.lower() != ".md" or not path.is_relative_to(kb.root):
            return None
        rels.append(path.relative_to(kb.root).as_posix())
    # A symlinked note (or folder) changes when its target does, which the watcher reports
    # under the target's path: such notes are always read again (as the parse cache does).
    real_root = os.path.realpath(kb.root)
    rels += [
        doc.path
        for doc in kb.documents
        if os.path.realpath(kb.root / doc.path) != os.path.join(real_root, doc.path)
    ]
    return reusable(kb, rels)


@dataclass
class Reload:
    """What to restore after a document reload."""

    key: str | None
    old_docs: dict[str, str]
    filter_text: str = ""
    checklist_item: str | None = None
    tree_y: float = 0.0
    viewer_y: float = 0.0
