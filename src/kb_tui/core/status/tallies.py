"""Progress tallies of every section, group and document, kept until a status changes.

A label or a checklist header summarises every item below its node. On a document of
100,000 headings that is 130,000 nodes walked for one label, and a tree relabels many nodes
at once (a stall of most of a second while such a document loads). One post-order pass
over a document instead gives each of its sections and groups its counts, so every later
summary is a dictionary lookup; a status change forgets only its own document's counts.
The pass can run off the UI thread (:meth:`Tallies.prime`), right after a vault is read.

What else is kept per document until its statuses change (the dashboard's facts) follows
the tallies (:meth:`Tallies.follow`): whatever forgets a document's counts forgets those
too, so no place that changes a status can forget one and not the other.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Protocol

from kb_tui.core.model import Document, Group, Item, Section
from kb_tui.core.model.due import is_overdue, today
from kb_tui.core.model.progress import Summary

_ORDER = ("todo", "in_progress", "done", "blocked", "na")
_INDEX = {status: number for number, status in enumerate(_ORDER)}
_OVERDUE = len(_ORDER)  # the last slot: overdue items (see kb_tui.core.model.due)
Counts = list[int]  # per status, in _ORDER, then the overdue ones


class Follower(Protocol):
    """Something kept per document until its statuses change (see :meth:`Tallies.follow`)."""

    def forget(self, paths: Iterable[str]) -> None: ...

    def clear(self) -> None: ...


class Tallies:
    """Counts per status below each container of the documents asked about."""

    def __init__(self) -> None:
        # id(document) → (the document, id(node) → counts); the document is kept so that
        # its id cannot be reused by another object while the entry lives.
        self._docs: dict[int, tuple[Document, dict[int, Counts]]] = {}
        self.day = today()  # overdue is counted as of this day; a new day counts again
        self._followers: list[Follower] = []

    def follow(self, follower: Follower) -> None:
        """Forget ``follower``'s documents whenever these tallies forget theirs (a status
        changed); not at midnight, when only the overdue counts change."""
        self._followers.append(follower)

    def prime(self, documents: Iterable[Document]) -> Tallies:
        """Tally ``documents`` now (from a worker thread, before the UI asks)."""
        self._check_day()
        for doc in documents:
            self._table(doc)
        return self

    def forget(self, paths: Iterable[str]) -> None:
        """Statuses changed in the documents at ``paths``: recount them when next asked."""
        wanted = set(paths)
        for key in [k for k, (doc, _) in list(self._docs.items()) if doc.path in wanted]:
            del self._docs[key]
        for follower in self._followers:
            follower.forget(wanted)

    def forget_items(self, item_ids: Iterable[str]) -> None:
        """The items ``item_ids`` changed status. An ID is its document's path, ``#`` and
        slugs; a path may hold ``#`` itself, a slug never does."""
        self.forget({item_id.rsplit("#", 1)[0] for item_id in item_ids})

    def clear(self) -> None:
        self._docs.clear()
        for follower in self._followers:
            follower.clear()

    def document(self, doc: Document) -> Summary:
        return _summary(self._table(doc)[id(doc)])

    def documents(self, docs: Iterable[Document]) -> Summary:
        return _summary(self._total(docs))

    def overdue(self, docs: Iterable[Document]) -> int:
        """How many items of ``docs`` are overdue today (see :mod:`kb_tui.core.model.due`)."""
        self._check_day()
        return self._total(docs)[_OVERDUE]

    def node_overdue(self, doc: Document, node: Section | Group) -> int:
        """How many items below ``node``, a section or group of ``doc``, are overdue today."""
        self._check_day()
        counts = self._table(doc).get(id(node))
        return 0 if counts is None else counts[_OVERDUE]

    def _total(self, docs: Iterable[Document]) -> Counts:
        total = [0] * (len(_ORDER) + 1)
        for doc in docs:
            for number, count in enumerate(self._table(doc)[id(doc)]):
                total[number] += count
        return total

    def _check_day(self) -> None:
        """Past midnight, yesterday's overdue counts are wrong: count again."""
        day = today()
        if day != self.day:
            self.day = day
            self._docs.clear()

    def node(self, doc: Document, node: Section | Group) -> Summary:
        """The summary of ``node``, a section or group of ``doc``."""
        counts = self._table(doc).get(id(node))
        if counts is None:  # not a node of doc (cannot happen): count it directly
            day = self.day
            counts = (
                _section(node, {}, day)
                if isinstance(node, Section)
                else _nodes(node.children, {}, day)
            )
        return _summary(counts)

    def _table(self, doc: Document) -> dict[int, Counts]:
        entry = self._docs.get(id(doc))
        if entry is None or entry[0] is not doc:
            table: dict[int, Counts] = {}
            day = self.day
            counts = _nodes(doc.preamble, table, day)
            for section in doc.sections:
                _add(counts, _section(section, table, day))
            table[id(doc)] = counts
            entry = self._docs[id(doc)] = (doc, table)
        return entry[1]


def _summary(counts: Counts) -> Summary:
    statuses = counts[:_OVERDUE]
    return Summary(sum(statuses), *statuses)


def _add(into: Counts, counts: Counts) -> None:
    for number, count in enumerate(counts):
        into[number] += count


def _nodes(nodes: list[Group | Item], table: dict[int, Counts], day: dt.date) -> Counts:
    """Counts of the items in ``nodes`` (groups included); each group's go into ``table``."""
    counts = [0] * (len(_ORDER) + 1)
    index = _INDEX
    for node in nodes:
        if isinstance(node, Item):
            counts[index[node.status]] += 1
            if node.due and is_overdue(node.status, node.due, day):
                counts[_OVERDUE] += 1
        else:
            sub = _nodes(node.children, table, day)
            table[id(node)] = sub
            _add(counts, sub)
    return counts


def _section(section: Section, table: dict[int, Counts], day: dt.date) -> Counts:
    counts = _nodes(section.children, table, day)
    for sub in section.sections:
        _add(counts, _section(sub, table, day))
    table[id(section)] = counts
    return counts
