"""What a text filter keeps of a knowledge base: **the one home of the filter rule.**

The tree filter (``/``), the export's "apply the current filter" (``ReportFilter.text``)
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

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import overload

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_index import Entry, KbIndex
from kb_tui.core.query.match import Query, match_folded

MAX_SHOWN = 100  # top-level matches drawn in the tree; the export and the counts take all


class Positions(dict[str, list[int]]):
    """Which characters of a node's title matched, worked out when the tree draws the node
    (a query can match hundreds of thousands of nodes; the tree draws a screenful)."""

    def __init__(self, index: KbIndex | None = None, query: Query | None = None) -> None:
        super().__init__()
        self.index, self.query = index, query

    def get(self, key: str, default: list[int] | None = None) -> list[int] | None:  # type: ignore[override]
        if key in self:
            return self[key]
        index, query = self.index, self.query
        position = index.by_key.get(key) if index is not None else None
        if index is None or query is None or position is None:
            return default
        match = match_folded(query, index.folded[position])
        self[key] = match.positions if match is not None else []
        return self[key] or default


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
    positions: dict[str, list[int]] = field(default_factory=Positions)
    ranked: list[str] = field(default_factory=list)  # the best matches' keys, best first
    heads: list[int] = field(default_factory=list)  # the outermost matching headings
    loose: list[int] = field(default_factory=list)  # the matching items (some in those)
    items: int = 0  # the items kept
    matches: int = 0
    truncated: bool = False
    index: KbIndex | None = None

    @property
    def best(self) -> str | None:
        return self.ranked[0] if self.ranked else None

    @property
    def item_ids(self) -> list[str]:
        """The kept items' IDs, in tree order."""
        if self.index is None:
            return []
        entries, items, ends = self.index.entries, self.index.item_indexes, self.index.ends
        kept: list[int] = []
        at = 0
        for start in self.heads:
            while at < len(self.loose) and self.loose[at] < start:
                kept.append(self.loose[at])
                at += 1
            first = bisect_left(items, start)
            kept.extend(items[first : bisect_left(items, ends[start], first)])
            at = bisect_left(self.loose, ends[start], at)
        kept.extend(self.loose[at:])
        return [entries[i].key for i in kept]


@overload
def run_filter(index: KbIndex, text: str, ranked: int = ..., stop: None = None) -> KbFilter: ...
@overload
def run_filter(
    index: KbIndex, text: str, ranked: int = ..., stop: Callable[[], bool] | None = ...
) -> KbFilter | None: ...
def run_filter(
    index: KbIndex, text: str, ranked: int = 50, stop: Callable[[], bool] | None = None
) -> KbFilter | None:
    """The rule (see the module) for ``text``: ``ranked`` best keys; None when ``stop``
    said to give up (the user typed on)."""
    query = Query.parse(text)
    result = KbFilter(query=query.text, index=index, positions=Positions(index, query))
    if not query.tokens:
        return result
    matched = index.matching(query, stop)
    if matched is None:
        return None
    result.matches = len(matched)
    result.ranked = [index.entries[i].key for i, _ in index.best(query, matched, ranked)]
    if stop is not None and stop():  # typed on: a newer run needs the processor
        return None
    _keep(index, matched, result)
    return result


def _keep(index: KbIndex, matched: list[int], result: KbFilter) -> None:
    """Keep each match with everything below it; a match below a kept one is inside it.

    Counted heading by heading (items matched outside every matching heading are counted
    at once), so a query matching half a large vault is counted without visiting each match.
    """
    memo = index.memo
    if memo is not None and memo[0] == matched and isinstance(memo[1], KbFilter):
        known = memo[1]  # typing on often keeps the same matches: only the ranking changes
        result.heads, result.loose, result.items = known.heads, known.loose, known.items
        result.roots, result.truncated = known.roots, known.truncated
        return
    ends, before = index.ends, index.items_before
    heads = result.heads
    headings, loose = index.split(matched)
    result.loose = loose
    # What the outermost matching headings cover, one byte an entry: a short query matches
    # tens of thousands of headings, and a slice, ``map`` and ``count`` run in C where a
    # bisection for each match would not.
    covered = bytearray(len(index.entries))
    ones = index.ones
    for start in headings:
        if covered[start]:
            continue  # inside a heading kept already
        end = ends[start]
        heads.append(start)
        covered[start:end] = ones[: end - start]
        result.items += before[end] - before[start]
    inside = bytes(map(covered.__getitem__, loose)).count(1)
    result.items += len(loose) - inside
    _draw(index, matched, result)
    index.memo = (matched, result)


def _draw(index: KbIndex, matched: list[int], result: KbFilter) -> None:
    """The first :data:`MAX_SHOWN` top-level matches, under their headings."""
    entries = index.entries
    shown: dict[int, MatchNode] = {}
    drawn = 0
    at = 0
    while at < len(matched):
        if drawn >= MAX_SHOWN:
            result.truncated = True
            return
        position = matched[at]
        entry = entries[position]
        node = MatchNode(entry, whole=entry.kind != "item")
        shown[position] = node
        _attach(index, position, node, shown, result)
        drawn += 1
        at = bisect_left(matched, entry.end, at + 1)


def _attach(
    index: KbIndex, position: int, node: MatchNode, shown: dict[int, MatchNode], result: KbFilter
) -> None:
    entries = index.entries
    parent = entries[position].parent
    while parent != -1:
        above = shown.get(parent)
        if above is not None:
            above.children.append(node)
            return
        above = MatchNode(entries[parent], [node])
        shown[parent] = above
        node, parent = above, entries[parent].parent
    result.roots.append(node)


def filter_kb(kb: KnowledgeBase, text: str) -> KbFilter:
    """The filter's outcome for ``text`` on ``kb`` (keep a :class:`KbIndex` to type on)."""
    return run_filter(KbIndex(kb), text)


def kept_item_ids(kb: KnowledgeBase, text: str) -> frozenset[str]:
    """The IDs of the items a text filter keeps (what the export writes)."""
    return frozenset(filter_kb(kb, text).item_ids)
