"""A vault folder (or one note) read into a :class:`KnowledgeBase`, in batches.

Links are not resolved here: that is the next stage (:mod:`kb_tui.core.links`), which the
caller runs (see :mod:`kb_tui.core.workspace`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path

from kb_tui.core.fs.paths import resolve_root
from kb_tui.core.limits import Limits
from kb_tui.core.model import Document, KnowledgeBase, Problem
from kb_tui.core.vault.files import iter_markdown
from kb_tui.core.vault.index import HEAD, gc_paused, read_notes

ProgressFn = Callable[[int, int], None]
BatchFn = Callable[[list[Document], list[Problem], int, int], None]
FIRST_BATCH_SECONDS = 0.0  # the first document is shown at once…
BATCH_SECONDS = 0.25  # …then the tree grows a few times a second


def read_kb(
    path: Path,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
    on_batch: BatchFn | None = None,
    reuse: Mapping[str, tuple[Document, list[Problem]]] | None = None,
    outline: bool = False,
) -> KnowledgeBase:
    """Read a vault folder or a single Markdown file into a :class:`KnowledgeBase`.

    ``on_batch`` receives the documents and problems read since its last call, with the
    count done and the total: soon after the first notes, then every few tenths of a
    second, and once at the end, so a caller can show a vault
    while it is still being read.
    ``reuse`` holds notes known unchanged (see :func:`reusable`), which are not read again.
    ``outline``: documents without their checklist items (``check``; a cache of its own).
    """
    limits = limits or Limits.from_env()
    root, files = resolve_root(path)
    paths = files if files is not None else list(iter_markdown(root))
    kb = KnowledgeBase(root=root, name=root.name)
    total = len(paths)
    scope = paths[0].name if files is not None and paths else ""
    docs: list[Document] = []
    problems: list[Problem] = []
    wait, last = FIRST_BATCH_SECONDS, time.monotonic()
    with gc_paused():
        head = HEAD if on_batch is not None else 0  # only a streaming caller shows them early
        notes = read_notes(root, paths, limits, progress, scope, reuse, head, outline=outline)
        for done, (doc, found) in enumerate(notes, 1):
            kb.problems.extend(found)
            if doc is not None:
                kb.documents.append(doc)
            if on_batch is None:
                continue
            problems.extend(found)
            if doc is not None:
                docs.append(doc)
            if done < total and time.monotonic() - last >= wait:
                on_batch(docs, problems, done, total)
                docs, problems = [], []
                wait, last = BATCH_SECONDS, time.monotonic()
    if on_batch is not None:
        on_batch(docs, problems, total, total)
    if files is not None and kb.documents:
        kb.name = kb.documents[0].title
    return kb
