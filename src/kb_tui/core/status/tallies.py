"""Progress tallies of every section, group and document, kept until a status changes.

A label or a checklist header summarises every item below its node. On a document of
100,000 headings that is 130,000 nodes walked for one label, and a tree relabels many nodes
at once (a stall of most of a second while such a document loads). One post-order pass
over a document instead gives each of its sections and groups its counts, so every later
summary is a dictionary lookup; a status change forgets only its own document's counts.
The pass can run off the UI thread (:meth:`Tallies.prime`), right after a vault is read.
"""

from __future__ import annotations

from collections.abc import Iterable

from kb_tui.core.model import Document, Group, Item, Section
from kb_tui.core.model.progress import Summary

_ORDER = ("todo", "in_progress", "done", "blocked", "na")
_INDEX = {status: number for number, status in enumerate(_ORDER)}
Counts = list[int]  # per status, in _ORDER


class Tallies:
    """Counts per status below each container of the documents asked about."""

    def __init__(self) -> None:
        # id(document) → (the document, id(node) → counts); the document is kept so that
        # its id cannot be reused by another object while the entry lives.
        self._docs: dict[int, tuple[Document, dict[int, Counts]]] = {}

    def prime(self, documents: Iterable[Document]) -> Tallies:
        """Tally ``documents`` now (from a worker thread, before the UI asks)."""
        for doc in documents:
            self._table(doc)
        return self

    def forget(self, paths: Iterable[str]) -> None:
        """Statuses changed in the documents at ``paths``: recount them when next asked."""
        wanted = set(paths)
        for key in [k for k, (doc, _) in list(self._docs.items()) if doc.path in wanted]:
            del self._docs[key]

    def forget_items(self, item_ids: Iterable[str]) -> None:
        """The items ``item_ids`` changed status. An ID is its document's path, ``#`` and
        slugs; a path may hold ``#`` itself, a slug never does."""
        self.forget({item_id.rsplit("#", 1)[0] for item_id in item_ids})

    def clear(self) -> None:
        self._docs.clear()

    def document(self, doc: Document) -> Summary:
        return _summary(self._table(doc)[id(doc)])

    def documents(self, docs: Iterable[Document]) -> Summary:
        total = [0] * len(_ORDER)
        for doc in docs:
            for number, count in enumerate(self._table(doc)[id(doc)]):
                total[number] += count
        return _summary(total)

    def node(self, doc: Document, node: Section | Group) -> Summary:
        """The summary of ``node``, a section or group of ``doc``."""
        counts = self._table(doc).get(id(node))
        if counts is None:  # not a node of doc (cannot happen): count it directly
            counts = _section(node, {}) if isinstance(node, Section) else _nodes(node.children, {})
        return _summary(counts)

    def _table(self, doc: Document) -> dict[int, Counts]:
        entry = self._docs.get(id(doc))
        if entry is None or entry[0] is not doc:
            table: dict[int, Counts] = {}
            counts = _nodes(doc.preamble, table)
            for section in doc.sections:
                _add(counts, _section(section, table))
            table[id(doc)] = counts
            entry = self._docs[id(doc)] = (doc, table)
        return entry[1]


def _summary(counts: Counts) -> Summary:
    return Summary(sum(counts), *counts)


def _add(into: Counts, counts: Counts) -> None:
    for number, count in enumerate(counts):
        into[number] += count


def _nodes(nodes: list[Group | Item], table: dict[int, Counts]) -> Counts:
    """Counts of the items in ``nodes`` (groups included); each group's go into ``table``."""
    counts = [0] * len(_ORDER)
    index = _INDEX
    for node in nodes:
        if isinstance(node, Item):
            counts[index[node.status]] += 1
        else:
            sub = _nodes(node.children, table)
            table[id(node)] = sub
            _add(counts, sub)
    return counts


def _section(section: Section, table: dict[int, Counts]) -> Counts:
    counts = _nodes(section.children, table)
    for sub in section.sections:
        _add(counts, _section(sub, table))
    table[id(section)] = counts
    return counts
