"""The knowledge base's search index, built once for the tree filter and the palette.

Building it reads every title of the vault (four seconds at 5,000 notes), so it is built
off the event loop as soon as a vault is shown, once: the first key typed into the filter
finds it ready. The palette types beside the filter on a twin of it (the same entries and
words, its own memory of the query typed).
"""

from __future__ import annotations

import threading

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_index import KbIndex


class SearchIndex:
    """The index of the knowledge base shown, built on first need (by any thread)."""

    def __init__(self) -> None:
        self._index: KbIndex | None = None
        self._twin: KbIndex | None = None
        self._building = threading.Lock()

    def get(self, kb: KnowledgeBase) -> KbIndex:
        """The tree filter's index of ``kb``, built now unless built already; a thread
        asking while another builds it waits for that build (one build, not two)."""
        with self._building:
            index = self._index
            if index is None or index.kb is not kb:
                index = self._index = KbIndex(kb)
            return index

    def ready(self, kb: KnowledgeBase) -> bool:
        """Whether the index of ``kb`` is built."""
        index = self._index
        return index is not None and index.kb is kb

    def twin(self, kb: KnowledgeBase) -> KbIndex:
        """The palette's index of ``kb`` (see :meth:`KbIndex.twin`), kept while ``kb`` is."""
        twin = self._twin
        if twin is None or twin.kb is not kb:
            twin = self._twin = self.get(kb).twin()
        return twin
