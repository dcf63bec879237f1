"""Read a vault for ``kb-tui check``: outlines, with items only where the status store needs them.

``check`` reports problems; none of them comes from a checklist item, except a stored
status whose item is gone (an orphan). So the vault is read as outlines
(:mod:`kb_tui.core.parse.outline`: sections, links, fences and warnings, no items), and in full
only the notes the store holds statuses for, which is what matching statuses to items needs.
When that still leaves orphans, ``check`` also suggests each one's likeliest new item, which
means ranking every item of the vault: then the whole vault is read in full, as the other
commands read it. Either way the report is the one a full read gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from kb_tui.core.fs.paths import default_path, resolve_root
from kb_tui.core.limits import Limits
from kb_tui.core.links.resolve import resolve_links
from kb_tui.core.model import Document, KnowledgeBase, Problem
from kb_tui.core.vault.index import gc_paused, read_notes
from kb_tui.core.workspace.load import load_kb
from kb_tui.core.workspace.open import Workspace, open_store, open_workspace, with_store


def open_for_check(
    path: Path | None = None, store: Path | None = None, limits: Limits | None = None
) -> Workspace:
    """The workspace ``check`` reports on (see the module docstring)."""
    path = path or default_path()
    limits = limits or Limits.from_env()
    status_store = open_store(path, store)
    kb = load_kb(path, limits=limits, resolve=False, outline=True)
    tracked = tracked_documents(kb.documents, status_store.entries)
    with gc_paused():
        full = _read_in_full(path, kb, tracked, limits) if tracked else []
        resolve_links(kb)
        status_store.apply(kb, among=full)
    if kb.orphans:  # the suggestions rank every item of the vault
        return open_workspace(path, store, limits)
    return with_store(path, kb, status_store)


def tracked_documents(documents: Iterable[Document], item_ids: Iterable[str]) -> set[str]:
    """Paths of the ``documents`` that some of ``item_ids`` (``<path>#<slugs>``) belong to.

    A path may itself hold a ``#``, so the part of an ID before each ``#`` is tried, up to
    the longest path (a store is untrusted: an ID of thousands of ``#`` costs no more).
    """
    paths = {doc.path for doc in documents}
    longest = max(map(len, paths), default=0)
    found: set[str] = set()
    for item_id in item_ids:
        start = item_id.find("#", 0, longest + 1)
        while start != -1:
            if item_id[:start] in paths:
                found.add(item_id[:start])
            start = item_id.find("#", start + 1, longest + 1)
    return found


def _read_in_full(
    path: Path, kb: KnowledgeBase, tracked: set[str], limits: Limits
) -> list[Document]:
    """Replace the outlines of the ``tracked`` notes by the notes read in full (with the
    explorer's parse cache, whose entries for the other notes stay); those notes."""
    root, files = resolve_root(path)
    scope = files[0].name if files else ""
    wanted = [doc.path for doc in kb.documents if doc.path in tracked]
    others = [doc.path for doc in kb.documents if doc.path not in tracked]
    full: dict[str, Document] = {}
    found: list[Problem] = []
    for rel, (doc, problems) in zip(
        wanted,
        read_notes(root, [root / rel for rel in wanted], limits, scope=scope, head=0, keep=others),
        strict=True,
    ):
        found += problems  # the note as read now (it may have changed since its outline)
        if doc is not None:
            full[rel] = doc
    again = set(wanted)
    kb.problems = [p for p in kb.problems if p.path not in again] + found
    kb.documents = [
        full.get(doc.path, doc) for doc in kb.documents if doc.path in full or doc.path not in again
    ]
    return list(full.values())
