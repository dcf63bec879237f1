"""A knowledge base's tree nodes, indexed so that a filter query is answered while typing.

Every node (document, section, group, item) is an :class:`Entry` in tree order; a node's
subtree is a contiguous run of entries. Titles are split into whitespace-separated words,
each with the entries holding it: a query token has no spaces, so it occurs in a title only
inside one of its words, and the few words holding it give the entries (the match itself is
:mod:`kb_tui.core.query.match`, checked on those). Typing on narrows the last matches.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import not_
from typing import Literal

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


UNION_LIMIT = 2_000_000  # a token held by more entries than this is checked on every title
STOP_EVERY = 65_536  # titles checked between two looks at whether to give up
RANK_POOL = 1_000  # the best are sought among this many matches, headings first


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
    """The entries of ``kb`` with their words; remembers the last query (typing on)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.entries = entries = tree_entries(kb)
        self.folded = [folded(entry.title) for entry in entries]
        self.kinds = [kind_rank(entry) for entry in entries]
        self.item_indexes = [i for i, entry in enumerate(entries) if entry.kind == "item"]
        self.ends = [entry.end for entry in entries]
        self.items_before = [0] * (len(entries) + 1)  # items among entries[:i]
        count = 0
        for i, entry in enumerate(entries):
            self.items_before[i] = count
            count += entry.kind == "item"
        self.items_before[len(entries)] = count
        self.memo: tuple[list[int], object] | None = None  # the last matches' outcome
        self.by_key = {entry.key: i for i, entry in enumerate(entries)}
        words: dict[str, int] = {}
        postings: list[list[int]] = []
        for index, title in enumerate(self.folded):
            for word in set(title.split()):
                number = words.setdefault(word, len(postings))
                if number == len(postings):
                    postings.append([])
                postings[number].append(index)
        self.words = list(words)
        self.postings = postings
        buckets: dict[int, list[int]] = {}
        for index, rank in enumerate(self.kinds):
            buckets.setdefault(rank, []).append(index)
        self.by_rank = [buckets[rank] for rank in sorted(buckets, reverse=True)]
        self._words_of: dict[str, list[int]] = {}
        self._last: tuple[Query, list[int]] | None = None
        self._split: tuple[list[int], list[int], list[int]] | None = None
        self.ones = memoryview(b"\x01" * len(entries))  # for marking what a heading covers

    def _words_holding(self, token: str) -> list[int]:
        """The words that contain ``token`` (from those of a shorter token typed before)."""
        cache = self._words_of  # one reference: a stale search may run in another thread
        known = cache.get(token)
        if known is not None:
            return known
        shorter = [t for t in list(cache) if token.startswith(t)]
        pool: Iterable[int] = range(len(self.words))
        if shorter:
            pool = cache.get(max(shorter, key=len), pool)
        words = self.words
        found = [number for number in pool if token in words[number]]
        if len(cache) > 64:
            self._words_of = cache = {}
        cache[token] = found
        return found

    def matching(self, query: Query, stop: Callable[[], bool] | None = None) -> list[int] | None:
        """The indexes of the entries whose title matches ``query``, in tree order; None
        when ``stop`` said to give up (the user typed on: the result would be stale)."""
        if not query.tokens:
            return []
        held = [(token, self._words_holding(token)) for token in query.tokens]
        sizes = [sum(len(self.postings[n]) for n in numbers) for _, numbers in held]
        rarest = min(range(len(held)), key=sizes.__getitem__)
        last = self._last
        candidates: Sequence[int]
        check = list(query.tokens)
        if last is not None and query.narrows(last[0]) and len(last[1]) <= sizes[rarest]:
            candidates = last[1]
        elif sizes[rarest] <= UNION_LIMIT:
            postings = self.postings
            candidates = sorted(set(chain.from_iterable(postings[n] for n in held[rarest][1])))
            check.remove(held[rarest][0])
        else:
            candidates = range(len(self.entries))
        found = self._check(candidates, check, stop)
        if found is not None:
            self._last = (query, found)
        return found

    def _check(
        self, candidates: Sequence[int], tokens: list[str], stop: Callable[[], bool] | None
    ) -> list[int] | None:
        hay = self.folded
        found: list[int] = []
        for start in range(0, len(candidates), STOP_EVERY):
            if stop is not None and stop():
                return None
            block = candidates[start : start + STOP_EVERY]
            if not tokens:
                found.extend(block)
            elif len(tokens) == 1:
                token = tokens[0]
                found.extend(i for i in block if token in hay[i])
            else:
                found.extend(i for i in block if all(t in hay[i] for t in tokens))
        return found

    def split(self, matched: list[int]) -> tuple[list[int], list[int]]:
        """``matched`` as (headings, items), each in tree order: computed in C (``compress``
        over the kinds), as a short query matches a quarter of a large vault."""
        memo = self._split
        if memo is not None and memo[0] is matched:
            return memo[1], memo[2]
        kinds = self.kinds
        heads = list(compress(matched, map(kinds.__getitem__, matched)))
        items = list(compress(matched, map(not_, map(kinds.__getitem__, matched))))
        self._split = (matched, heads, items)
        return heads, items

    def best(self, query: Query, matched: list[int], count: int) -> list[tuple[int, Match]]:
        """The ``count`` best matches: match quality, then headings before items (outer
        first), then how early the text matched, then tree order. With more than
        :data:`RANK_POOL` matches, the best are sought among the headings first."""
        pool: list[int] = matched
        kinds = self.kinds
        if len(matched) > RANK_POOL:
            heads, items = self.split(matched)
            if len(heads) >= RANK_POOL:
                pool = []
                for rank in sorted(set(map(kinds.__getitem__, heads)), reverse=True):
                    pool += compress(heads, map(rank.__eq__, map(kinds.__getitem__, heads)))
                    if len(pool) >= RANK_POOL:
                        break
            else:
                pool = heads + items[: 2 * RANK_POOL]
        hay = self.folded
        scored = [(match, i) for i in pool[:RANK_POOL] if (match := match_folded(query, hay[i]))]
        top = heapq.nlargest(
            count,
            scored,
            key=lambda pair: (pair[0].tier, kinds[pair[1]], pair[0].closeness, -pair[1]),
        )
        return [(i, match) for match, i in top]
