"""What a text filter keeps of a knowledge base: **the one home of the filter rule.**

The tree filter (``/``), the export's "apply the current filter", ``kb-tui export --text``
and the count in the export dialog all ask here, so the tree shows what the report holds.

The rule, on the nodes of the tree (documents, sections, groups, items):

* a node *matches* when its title (an item: its text) matches the query
  (:mod:`kb_tui.core.query.match`);
* a matching **item** is kept;
* a matching **heading** (document, section or group) keeps **every item below it**; the
  tree shows it collapsed, and opening it shows all of its content;
* a heading that does not match is shown only as the way to the matches below it.

Matches are ranked by match quality, then headings before items, then how early the text
matched; the tree jumps to the best one (ties: the first in tree order).
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal, overload

from kb_tui.core.model import Document, Group, Item, KnowledgeBase, Section
from kb_tui.core.model.layout import document_content
from kb_tui.core.query.match import Match, Query, folded, match_folded

NodeKind = Literal["document", "section", "group", "item"]
KIND_RANK: dict[NodeKind, int] = {"document": 10, "section": 2, "group": 1, "item": 0}


def kind_rank(entry: Entry) -> int:
    """Headings before items, and outer headings before inner ones (a layer before its
    subsections): a document 10, an H1 9, an H2 8, … a group 1, an item 0."""
    if isinstance(entry.node, Section) and entry.kind == "section":
        return max(2, 10 - entry.node.level)
    return KIND_RANK[entry.kind]


STOP_EVERY = 4_096  # nodes matched between two looks at whether to give up
MAX_SHOWN = 2_000  # matches drawn in the tree; the export and the counts take them all


@dataclass(slots=True)
class Entry:
    """A node of the tree, in tree order; its subtree is ``entries[index:end]``."""

    kind: NodeKind
    key: str
    title: str
    document: Document
    section: Section | None  # the enclosing section (the node itself for a section)
    node: Section | Group | Item | None  # None for a document
    parent: int
    end: int = 0


@dataclass
class MatchNode:
    """A node drawn by the filtered tree; ``whole``: it matched, its content is all kept."""

    entry: Entry
    children: list[MatchNode] = field(default_factory=list)
    whole: bool = False


@dataclass
class KbFilter:
    """The outcome of a query: what to draw, what is kept, and the ranking."""

    query: str = ""
    roots: list[MatchNode] = field(default_factory=list)
    positions: dict[str, list[int]] = field(default_factory=dict)
    ranked: list[str] = field(default_factory=list)  # the best matches' keys, best first
    item_ids: list[str] = field(default_factory=list)  # kept items, in tree order
    matches: int = 0
    truncated: bool = False

    @property
    def best(self) -> str | None:
        return self.ranked[0] if self.ranked else None

    @property
    def items(self) -> int:
        return len(self.item_ids)


def _walk(doc: Document, section: Section | None, nodes: list[Group | Item], out: list[Entry],
          parent: int) -> None:  # fmt: skip
    for node in nodes:
        if isinstance(node, Item):
            out.append(Entry("item", node.id, node.text, doc, section, node, parent, 0))
            out[-1].end = len(out)
            continue
        index = len(out)
        out.append(Entry("group", node.id, node.title, doc, section, node, parent))
        _walk(doc, section, node.children, out, index)
        out[index].end = len(out)


def _walk_section(doc: Document, section: Section, out: list[Entry], parent: int) -> None:
    index = len(out)
    out.append(Entry("section", section.id, section.title, doc, section, section, parent))
    _walk(doc, section, section.children, out, index)
    for sub in section.sections:
        _walk_section(doc, sub, out, index)
    out[index].end = len(out)


def tree_entries(kb: KnowledgeBase) -> list[Entry]:
    """Every document, section, group and item in tree order (the tree's layout rule)."""
    out: list[Entry] = []
    for doc in kb.documents:
        index = len(out)
        out.append(Entry("document", doc.path, doc.title, doc, None, None, -1))
        loose, sections, h1 = document_content(doc)
        _walk(doc, h1, loose, out, index)
        for section in sections:
            _walk_section(doc, section, out, index)
        out[index].end = len(out)
    return out


class KbIndex:
    """A knowledge base's nodes ready for filtering; remembers the last query so that typing
    on narrows the previous matches instead of reading the whole vault again."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries = tree_entries(kb)
        self.folded = [folded(entry.title) for entry in self.entries]
        self.item_indexes = [i for i, entry in enumerate(self.entries) if entry.kind == "item"]
        self._last: tuple[Query, list[tuple[int, Match]]] | None = None

    def matching(
        self, query: Query, stop: Callable[[], bool] | None = None
    ) -> list[tuple[int, Match]] | None:
        """(entry index, match) of every matching node, in tree order; None when ``stop``
        said to give up (the user typed on: this result would be stale)."""
        last = self._last
        candidates: Iterator[int]
        if last is not None and query.narrows(last[0]):
            candidates = (index for index, _ in last[1])
        else:
            candidates = iter(range(len(self.entries)))
        hay = self.folded
        found: list[tuple[int, Match]] = []
        for count, index in enumerate(candidates):
            if stop is not None and count % STOP_EVERY == 0 and stop():
                return None
            match = match_folded(query, hay[index])
            if match is not None:
                found.append((index, match))
        self._last = (query, found)
        return found

    def best(self, found: list[tuple[int, Match]], count: int) -> list[tuple[int, Match]]:
        """The ``count`` best of ``found``: match quality, then headings before items, then
        how early the text matched, then tree order."""
        entries = self.entries
        return heapq.nlargest(
            count,
            found,
            key=lambda pair: (
                pair[1].tier,
                kind_rank(entries[pair[0]]),
                pair[1].closeness,
                -pair[0],
            ),
        )

    @overload
    def filter(self, text: str, ranked: int = ..., stop: None = None) -> KbFilter: ...
    @overload
    def filter(
        self, text: str, ranked: int = ..., stop: Callable[[], bool] | None = ...
    ) -> KbFilter | None: ...
    def filter(
        self, text: str, ranked: int = 50, stop: Callable[[], bool] | None = None
    ) -> KbFilter | None:
        """Apply the rule (see the module) for ``text``; ``ranked``: how many best keys;
        None when ``stop`` said to give up."""
        query = Query.parse(text)
        result = KbFilter(query=query.text)
        if not query.tokens:
            return result
        found = self.matching(query, stop)
        if found is None:
            return None
        entries = self.entries
        result.matches = len(found)
        result.positions = {entries[i].key: match.positions for i, match in found}
        best = self.best(found, ranked)
        result.ranked = [entries[i].key for i, _ in best]
        self._keep(found, result)
        return result

    def _keep(self, found: list[tuple[int, Match]], result: KbFilter) -> None:
        entries, items = self.entries, self.item_indexes
        shown: dict[int, MatchNode] = {}
        covered = -1  # matches inside a matching heading are kept by it, not drawn again
        for index, _ in found:
            if index < covered:
                continue
            entry = entries[index]
            first = bisect_left(items, index)
            last = bisect_left(items, entry.end)
            result.item_ids.extend(entries[i].key for i in items[first:last])
            covered = entry.end
            if len(shown) >= MAX_SHOWN:
                result.truncated = True
                continue
            node = MatchNode(entry, whole=entry.kind != "item")
            shown[index] = node
            self._attach(index, node, shown, result)

    def _attach(self, index: int, node: MatchNode, shown: dict[int, MatchNode],
                result: KbFilter) -> None:  # fmt: skip
        parent = self.entries[index].parent
        while parent != -1:
            above = shown.get(parent)
            if above is not None:
                above.children.append(node)
                return
            above = MatchNode(self.entries[parent], [node])
            shown[parent] = above
            node, parent = above, self.entries[parent].parent
        result.roots.append(node)


def filter_kb(kb: KnowledgeBase, text: str) -> KbFilter:
    """The filter's outcome for ``text`` on ``kb`` (build a :class:`KbIndex` to type on)."""
    return KbIndex(kb).filter(text)


def kept_item_ids(kb: KnowledgeBase, text: str) -> frozenset[str]:
    """The IDs of the items a text filter keeps (what the export writes)."""
    return frozenset(filter_kb(kb, text).item_ids)
