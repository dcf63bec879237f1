"""A vault read and its links resolved: the knowledge base every caller starts from.

Reading (:mod:`kb_tui.core.vault`) and resolving links (:mod:`kb_tui.core.links`) are two
stages; this joins them, and says what a reload may reuse.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from kb_tui.core.limits import Limits
from kb_tui.core.links.resolve import BLOCK_MISSING, HEADING_MISSING, UNRESOLVED, resolve_links
from kb_tui.core.model import Document, KnowledgeBase, Problem
from kb_tui.core.vault.load import BatchFn, ProgressFn, read_kb


def load_kb(
    path: Path,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
    on_batch: BatchFn | None = None,
    resolve: bool = True,
    reuse: Mapping[str, tuple[Document, list[Problem]]] | None = None,
    outline: bool = False,
) -> KnowledgeBase:
    """:func:`~kb_tui.core.vault.load.read_kb`, then its links resolved (unless ``resolve``
    is false: the caller resolves them later, as the explorer does off its UI thread)."""
    kb = read_kb(path, limits, progress, on_batch, reuse, outline)
    if resolve:
        resolve_links(kb)
    return kb


def reusable(
    kb: KnowledgeBase, changed: Iterable[str]
) -> dict[str, tuple[Document, list[Problem]]]:
    """``kb``'s notes other than the ``changed`` paths, each with the problems its reading
    found: what a reload after those changes can take as it is.

    Links are resolved again by the reload, and statuses applied again, so a note's own
    problems are those of its reading: neither its link problems nor the store's.
    """
    skip = set(changed)
    later = {UNRESOLVED, HEADING_MISSING, BLOCK_MISSING}
    own: dict[str, list[Problem]] = {}
    for problem in kb.problems:
        if problem.code not in later:
            own.setdefault(problem.path, []).append(problem)
    return {doc.path: (doc, own.get(doc.path, [])) for doc in kb.documents if doc.path not in skip}
