"""Applying a status store to a knowledge base: statuses onto items, the rest as orphans.

Kept apart from :mod:`kb_tui.core.status.store`, which reads and writes the file: this is the
rule for what an entry means to an item (a task's checkbox edited since wins, an item
without an entry is todo) and what makes an entry an orphan.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from kb_tui.core.model import Document, Item, KnowledgeBase, Orphan, Problem
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.status.format import Entry, checkbox_status


def apply_entry(entry: Entry | None, item: Item) -> None:
    """Set one item's status, note, owner and due date from its entry (``None``: no entry).

    For a task whose checkbox was edited since the entry was stored, the document wins.
    """
    if entry is None:
        _unset(item)
        return
    task_moved = item.kind == "task" and entry.checkbox not in (None, item.checkbox)
    status = checkbox_status(item.checkbox) if task_moved else entry.status
    item.note, item.owner, item.updated, item.by, item.due = (
        entry.note,
        entry.owner,
        entry.updated,
        entry.by,
        entry.due,
    )
    item.status = status  # type: ignore[assignment]


def apply_store(
    entries: Mapping[str, Entry],
    store_path: Path,
    kb: KnowledgeBase,
    line_of: Callable[[str], int],
    among: Iterable[Document] | None = None,
) -> None:
    """Set every item's status from ``entries``; collect entries with no item as orphans.

    ``among``: the only documents of ``kb`` that have items (``check``'s outlines).
    ``line_of`` gives an orphan's line in the store, for its problem.
    """
    matched: set[str] = set()
    items = kb.iter_items() if among is None else (i for d in among for i in d.iter_items())
    for item in items:
        entry = entries.get(item.id)
        if entry is not None:
            matched.add(item.id)
        apply_entry(entry, item)
    gone = _DocGone(kb.root, {doc.path for doc in kb.documents})
    kb.orphans = [
        Orphan(item_id, entry.status, entry.note, entry.owner, entry.updated, entry.by, entry.due)
        for item_id, entry in sorted(entries.items())
        if item_id not in matched and gone(item_id.split("#", 1)[0])
    ]
    kb.problems[:] = [p for p in kb.problems if p.code != ProblemCode.ORPHAN_STATUS]
    shown = store_path
    if store_path.is_relative_to(kb.root):  # inside the vault: a vault-relative path
        shown = store_path.relative_to(kb.root)
    where = shown.as_posix()
    kb.problems.extend(
        Problem(
            where,
            line_of(orphan.id),
            "warning",
            ProblemCode.ORPHAN_STATUS,
            f"status {orphan.status!r} of {orphan.id!r} is kept as an orphan: no item has "
            "this ID any more (re-attach it: kb-tui mark --from OLD_ID NEW_ITEM)",
        )
        for orphan in kb.orphans
    )


def _unset(item: Item) -> None:
    """An item without a stored entry: its checkbox's status (a task) or todo, no note.

    Most items of a vault have no entry; they are only written to when they differ, which
    applying a store to half a million items feels.
    """
    status = checkbox_status(item.checkbox) if item.kind == "task" else "todo"
    if item.status != status:
        item.status = status  # type: ignore[assignment]
    if item.note or item.owner or item.updated or item.by or item.due:
        item.note = item.owner = item.updated = item.by = item.due = ""


class _DocGone:
    """Whether an orphan's document is one of ``kb``'s, or gone from disk (asked once each).

    An entry of a note that exists but is not read (a single-note knowledge base) is no
    orphan. IDs come from an untrusted store: a name too long or holding a NUL is "gone".
    """

    def __init__(self, root: Path, doc_paths: set[str]) -> None:
        self.root = root
        self.known = dict.fromkeys(doc_paths, True)

    def __call__(self, doc: str) -> bool:
        answer = self.known.get(doc)
        if answer is None:
            try:
                answer = not os.path.lexists(os.path.join(self.root, doc))
            except (OSError, ValueError):
                answer = True
            self.known[doc] = answer
        return answer
