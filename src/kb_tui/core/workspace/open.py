"""Open a knowledge base together with its status store: the core's front door."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kb_tui.core.fs.paths import default_path, resolve_root
from kb_tui.core.model import Document, Item, KnowledgeBase, Problem
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.stats.cache import StatsCache
from kb_tui.core.status.store import StatusStore, default_store_path
from kb_tui.core.status.tallies import Tallies
from kb_tui.core.workspace.load import load_kb
from kb_tui.resources import is_bundled

if TYPE_CHECKING:  # the parser is imported when a vault is read, not with this module
    from kb_tui.core.limits import Limits
    from kb_tui.core.vault.load import ProgressFn


@dataclass
class Workspace:
    """A loaded knowledge base and the store its statuses live in."""

    path: Path
    kb: KnowledgeBase
    store: StatusStore
    tallies: Tallies = field(default_factory=Tallies)  # progress below each node
    items: dict[str, Item] | None = None  # every item by ID, once indexed
    stats: StatsCache = field(default_factory=StatsCache)  # the dashboard's, kept between openings

    def __post_init__(self) -> None:
        self.tallies.follow(self.stats)  # a status change forgets both (one set of hooks)

    def keep_from(self, before: Workspace) -> None:
        """This workspace reads again what ``before`` read (a reload): keep the history
        it parsed and the trend days it replayed, each checked before it is used (the
        facts are not kept: statuses were applied again)."""
        self.store.keep_history(before.store)
        self.stats.past = before.stats.past

    def index(self) -> Workspace:
        """Count progress and index items now: what the explorer needs right after a load,
        computed by the thread that read the vault rather than by the UI thread."""
        self.items = self.kb.item_index()
        self.tallies.prime(self.kb.documents)
        return self


def open_store(path: Path, store: Path | None = None) -> StatusStore:
    """The status store of the knowledge base at ``path`` (``store``: the user's choice).

    It knows the vault root, so that nothing it writes there goes through a link.
    """
    root, _ = resolve_root(path)
    return StatusStore(store or default_store_path(root, bundled=is_bundled(path)), root=root)


def open_workspace(
    path: Path | None = None,
    store: Path | None = None,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
    reuse: Mapping[str, tuple[Document, list[Problem]]] | None = None,
    apply: bool = True,
) -> Workspace:
    """Load ``path`` (default: :func:`default_path`) and apply its stored statuses.

    ``reuse``: notes known unchanged since they were read (a live reload), not read again.
    ``apply=False``: the store is opened but its statuses are not applied, nor orphans
    gathered — for a command that only writes one (``kb-tui mark``): with 100,000 orphans
    in a store, gathering and reporting them is most of its time.
    """
    path = path or default_path()
    kb = load_kb(path, limits=limits, progress=progress, reuse=reuse)
    return finish_workspace(path, store, kb, apply)


def finish_workspace(
    path: Path | None, store: Path | None, kb: KnowledgeBase, apply: bool = True
) -> Workspace:
    """The workspace of a read ``kb``: its status store opened and (unless not) applied."""
    path = path or default_path()
    status_store = open_store(path, store)
    if apply:
        status_store.apply(kb)
    return with_store(path, kb, status_store)


def with_store(path: Path, kb: KnowledgeBase, status_store: StatusStore) -> Workspace:
    """The workspace of ``kb`` and its applied ``status_store`` (reporting a broken store)."""
    kb.store_path = status_store.path
    if status_store.error:
        kb.problems.append(
            Problem(
                str(status_store.path), 0, "error", ProblemCode.STORE_UNREADABLE, status_store.error
            )
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
