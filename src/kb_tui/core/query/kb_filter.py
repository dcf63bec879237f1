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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import overload

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_index import LARGE, STOP_EVERY, Entry, KbIndex, outermost, pick
from kb_tui.core.query.kb_scan import scan, scan_pool
from kb_tui.core.query.match import Match, Query, match_folded

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
    counted: bool = True  # False: drawn before counting (:func:`preview`); counts are 0

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
    if not query.active:
        return result
    matched = index.matching(query, stop)
    if matched is None:
        return None
    result.matches = len(matched)
    result.ranked = [index.entries[i].key for i, _ in index.best(query, matched, ranked)]
    if stop is not None and stop():  # typed on: a newer run needs the processor
        return None
    return result if _keep(index, matched, result, stop or _never) else None


def _never() -> bool:
    return False


def best_matches(index: KbIndex, text: str, count: int) -> list[tuple[int, Match]]:
    """The ``count`` best matches of ``text``, best first: the filter's ranking, without
    collecting every match when that takes long (the palette)."""
    query = Query.parse(text)
    if not query.active:
        return []
    if not index.cheap(query):
        return index.rank(query, scan_pool(index, query), count)
    return index.best(query, index.matching(query) or [], count)


def preview(
    index: KbIndex, text: str, ranked: int = 50, stop: Callable[[], bool] | None = None
) -> KbFilter | None:
    """What the tree draws for ``text`` at once: :func:`run_filter`'s ranking and drawn
    nodes; for a query holding much of a large vault, without the counts (``counted`` is
    False: the counts and the kept items come from :func:`run_filter`, after drawing).

    The matches are collected when that is cheap (:meth:`KbIndex.cheap`), else the best
    and the first drawn are found by scanning (:mod:`kb_tui.core.query.kb_scan`); the
    kept items are counted at once when few matches (:data:`LARGE`) or known already."""
    query = Query.parse(text)
    result = KbFilter(query=query.text, index=index, positions=Positions(index, query))
    if not query.active:
        return result
    if not index.cheap(query):
        result.counted = False
        pool = scan_pool(index, query)
        result.ranked = [index.entries[i].key for i, _ in index.rank(query, pool, ranked)]
        if stop is not None and stop():
            return None
        _draw(index, scan(index, query), result)
        return result
    matched = index.matching(query, stop)
    if matched is None or (stop is not None and stop()):
        return None
    if len(matched) <= LARGE or index.kept_known(matched):
        return run_filter(index, text, ranked, stop)
    result.counted = False
    result.ranked = [index.entries[i].key for i, _ in index.best(query, matched, ranked)]
    _draw(index, iter(matched), result)
    return result


def _keep(index: KbIndex, matched: list[int], result: KbFilter, stop: Callable[[], bool]) -> bool:
    """Keep each match with everything below it; a match below a kept one is inside it.
    False when ``stop`` said to give up (looked at between steps of a few milliseconds).

    Counted by the outermost matching headings (items matched outside them are counted at
    once), in C where it can be: a query matching half a large vault is counted without
    visiting each match in Python.
    """
    memo = index.memo
    if index.kept_known(matched) and memo is not None and isinstance(memo[1], KbFilter):
        known = memo[1]  # typing on often keeps the same matches: only the ranking changes
        result.heads, result.loose, result.items = known.heads, known.loose, known.items
        result.roots, result.truncated = known.roots, known.truncated
        return True
    ends, before = index.ends, index.items_before
    headings, loose = index.split(matched)
    if stop():
        return False
    heads = outermost(headings, ends)
    # What the outermost matching headings cover, one byte an entry (slices, ``map`` and
    # ``count`` run in C where a bisection for each match would not).
    covered = bytearray(len(index.entries))
    ones = index.ones
    head_ends = pick(ends, heads)
    for first in range(0, len(heads), STOP_EVERY // 16):
        if stop():
            return False
        last = first + STOP_EVERY // 16
        for start, end in zip(heads[first:last], head_ends[first:last], strict=True):
            covered[start:end] = ones[: end - start]
    in_heads = sum(pick(before, head_ends)) - sum(pick(before, heads))
    inside = bytes(pick(covered, loose)).count(1)
    result.heads, result.loose = heads, loose
    result.items = in_heads + len(loose) - inside
    _draw(index, iter(matched), result)
    index.memo = (matched, result)
    return True


def _draw(index: KbIndex, matches: Iterator[int], result: KbFilter) -> None:
    """The first :data:`MAX_SHOWN` top-level matches (``matches``: all, in tree order),
    under their headings; a match inside one drawn already is drawn with it."""
    entries = index.entries
    shown: dict[int, MatchNode] = {}
    drawn = 0
    end = 0
    for position in matches:
        if position < end:
            continue
        if drawn >= MAX_SHOWN:
            result.truncated = True
            return
        entry = entries[position]
        node = MatchNode(entry, whole=entry.kind != "item")
        shown[position] = node
        _attach(index, position, node, shown, result)
        drawn += 1
        end = entry.end


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
