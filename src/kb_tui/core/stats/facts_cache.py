"""Each document's facts and their parts, kept by the explorer between dashboard openings.

Building the facts of every item (53,816 on ops-kb) takes about 60 ms and counting them
about as much again, each time the dashboard is computed; a status change touches one
document. A :class:`FactsCache` keeps each document's facts and parts
(:mod:`kb_tui.core.stats.parts`) until a status in it changes, and :func:`kept_facts`
joins them: the same facts, in the same order, as :func:`~kb_tui.core.stats.facts.
facts_of_kb`, and the same parts as :func:`~kb_tui.core.stats.parts.parts_of` would give
for them (the tests compare both after random changes).

A document is forgotten by its path by whoever changes its items' statuses: the explorer
does it through its tallies (:meth:`~kb_tui.core.status.tallies.Tallies.follow`), so no
place that changes a status can forget one and not the other.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

from kb_tui.core.model import Document, KnowledgeBase
from kb_tui.core.model.layout import tree_order
from kb_tui.core.stats.facts import note_facts, single_facts
from kb_tui.core.stats.model import ItemFacts
from kb_tui.core.stats.parts import FactsParts, join_parts, parts_of


@dataclass(frozen=True, slots=True)
class _Kept:
    """One document's facts and parts, as built (``serial``: which build)."""

    doc: Document  # kept, so that its id cannot be reused by another object meanwhile
    lone: bool  # built by the rule of a lone document (its layers), or a vault's note
    facts: list[ItemFacts]
    parts: FactsParts
    serial: int


@dataclass(slots=True)
class _Joined:
    """The documents in tree order and their statuses joined, brought up to date with
    each document built again since (an item's ID holds its document's path: no two
    documents share one, so a document's statuses replace only its own)."""

    docs: tuple[int, ...]  # id() of each document, as the knowledge base lists them
    order: list[Document]  # the same, in tree order
    serials: list[int]  # of each one's facts, in tree order, when last joined
    statuses: dict[str, str]


class FactsCache:
    """Each document's facts and parts, kept until a status in it changes.

    Keyed on the document itself (its identity: a note read again is a new document) and
    on the rule that applied. Built on a worker thread while the UI thread may forget: a
    build that saw a forget begin is returned but not kept (it may predate the change)."""

    def __init__(self) -> None:
        self._docs: dict[int, _Kept] = {}
        self._lock = threading.Lock()
        self._forgets = 0  # bumped by every forget
        self._serial = 0
        self._joined: _Joined | None = None
        self.builds = 0  # documents built (for tests)

    def of(self, doc: Document, lone: bool) -> _Kept:
        """``doc``'s kept facts and parts (``lone``: the only document of its knowledge
        base), built now if not kept; never changed by the caller."""
        kept = self._docs.get(id(doc))
        if kept is not None and kept.doc is doc and kept.lone is lone:
            return kept
        forgets = self._forgets
        facts = single_facts(doc) if lone else note_facts(doc)
        parts = parts_of(facts)
        with self._lock:
            self._serial += 1
            self.builds += 1
            kept = _Kept(doc, lone, facts, parts, self._serial)
            if self._forgets == forgets:
                self._docs[id(doc)] = kept
        return kept

    def forget(self, paths: Iterable[str]) -> None:
        """Statuses changed in the documents at ``paths``: build them again when asked."""
        wanted = set(paths)
        with self._lock:
            self._forgets += 1
            for key in [key for key, kept in self._docs.items() if kept.doc.path in wanted]:
                del self._docs[key]

    def clear(self) -> None:
        with self._lock:
            self._forgets += 1
            self._docs.clear()

    def vault(self, documents: list[Document]) -> tuple[list[_Kept], dict[str, str]]:
        """Each of a vault's ``documents`` kept, in tree order, and their statuses joined
        (a new dict: the caller may change it)."""
        key = tuple(map(id, documents))
        joined = self._joined
        order = joined.order if joined is not None and joined.docs == key else tree_order(documents)
        kept = [self.of(doc, False) for doc in order]
        with self._lock:  # one thread at a time brings the joined statuses up to date
            joined = self._joined
            if joined is None or joined.docs != key:
                statuses: dict[str, str] = {}
                for each in kept:
                    statuses.update(each.parts.statuses)
                joined = self._joined = _Joined(key, order, [k.serial for k in kept], statuses)
            else:
                for number, each in enumerate(kept):
                    if joined.serials[number] != each.serial:
                        joined.statuses.update(each.parts.statuses)
                        joined.serials[number] = each.serial
            return kept, dict(joined.statuses)


def kept_facts(kb: KnowledgeBase, cache: FactsCache) -> tuple[list[ItemFacts], FactsParts]:
    """:func:`~kb_tui.core.stats.facts.facts_of_kb` (a new list) and its parts (see the
    module's doc), from each document's kept in ``cache`` (built and kept where not)."""
    if len(kb.documents) == 1:
        kept = cache.of(kb.documents[0], True)
        parts = kept.parts
        return list(kept.facts), FactsParts(
            list(parts.triples), list(parts.watched), dict(parts.statuses)
        )
    each, statuses = cache.vault(kb.documents)
    facts: list[ItemFacts] = []
    for kept in each:
        facts += kept.facts
    return facts, join_parts((kept.parts for kept in each), statuses)
