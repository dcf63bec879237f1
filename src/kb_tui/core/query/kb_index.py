"""A knowledge base's tree nodes, indexed so that a filter query is answered while typing.

Every node (document, section, group, item) is an :class:`Entry` in tree order; a node's
subtree is a contiguous run of entries. Titles are split into whitespace-separated words,
each with the entries holding it: a query token has no spaces, so it occurs in a title only
inside one of its words, and the few words holding it give the entries (the match itself is
:mod:`kb_tui.core.query.match`, checked on those). Typing on narrows the last matches.
"""

from __future__ import annotations

import copy
import heapq
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, compress, islice, repeat
from operator import contains, eq, itemgetter, le, ne
from typing import Literal, TypeVar

from kb_tui.core.model import Document, Group, Item, KnowledgeBase, Section
from kb_tui.core.model.layout import document_content
from kb_tui.core.query.match import Match, Query, folded, match_folded
from kb_tui.core.query.tags import TagTree, tree_tags

T = TypeVar("T")
NodeKind = Literal["document", "section", "group", "item"]
KIND_RANK: dict[NodeKind, int] = {"document": 10, "section": 2, "group": 1, "item": 0}


def kind_rank(entry: Entry) -> int:
    """Headings before items, and outer headings before inner ones (a layer before its
    subsections): a document 10, an H1 9, an H2 8, … a group 1, an item 0."""
    if isinstance(entry.node, Section) and entry.kind == "section":
        return max(2, 10 - entry.node.level)
    return KIND_RANK[entry.kind]


LARGE = 20_000  # more matches than this are drawn before the items they keep are counted
CHEAP_WORK = 100_000  # entries collected or checked by a query answered within milliseconds
NARROW_CHEAP = 250_000  # last matches checked for a longer query within a few milliseconds
UNION_LIMIT = 2_000_000  # a token held by more entries than this is checked on every title
STOP_EVERY = 65_536  # titles checked between two looks at whether to give up
RANK_POOL = 300  # the best are sought among this many matches, headings first


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


def pick(values: Sequence[T], indexes: Sequence[int]) -> Sequence[T]:
    """``[values[i] for i in indexes]``, computed in C (``itemgetter``): the filter reads
    tens of thousands of entries' fields for every keystroke."""
    if len(indexes) < 2:
        return [values[i] for i in indexes]
    picked: tuple[T, ...] = itemgetter(*indexes)(values)
    return picked


def outermost(headings: list[int], ends: list[int]) -> list[int]:
    """The headings of ``headings`` (tree order) not inside another of them: a heading is
    inside an earlier one when it starts before the furthest end reached so far (computed
    in C: a running ``max`` and ``compress``)."""
    reach = chain((0,), accumulate(pick(ends, headings), max))
    return list(compress(headings, map(le, reach, headings)))


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
        self.is_heading = bytes(rank > 0 for rank in self.kinds)
        self.is_item = bytes(rank == 0 for rank in self.kinds)
        self.ones = memoryview(b"\x01" * len(entries))  # for marking what a heading covers
        self._tags: TagTree | None = None
        self._forget()

    def _forget(self) -> None:
        """No query typed yet: what typing on reuses is empty."""
        self.memo: tuple[list[int], object] | None = None  # the last matches' outcome
        self._words_of: dict[str, list[int]] = {}
        self._last: tuple[Query, list[int]] | None = None
        self._same_words: tuple[tuple[tuple[int, ...], ...], list[int]] | None = None
        self._split: tuple[list[int], list[int], list[int]] | None = None
        self._pool: tuple[list[int], list[int]] | None = None

    def twin(self) -> KbIndex:
        """An index of the same entries for another place typing (the palette beside the
        tree filter): the entries and words are shared, what typing on reuses is not."""
        twin = copy.copy(self)
        twin._forget()
        return twin

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

    def _held(self, query: Query) -> list[tuple[str, list[int]]]:
        return [(token, self._words_holding(token)) for token in query.tokens]

    @staticmethod
    def _words_key(held: list[tuple[str, list[int]]]) -> tuple[tuple[int, ...], ...]:
        return tuple(sorted({tuple(numbers) for _, numbers in held}))

    def known(self, query: Query) -> list[int] | None:
        """The matches of ``query`` when they are those of the last query (typing on left
        the words holding each token unchanged: ``netw`` → ``network``), else None."""
        same = self._same_words
        if not query.tokens or query.faceted or query.tags or same is None:
            return None
        return same[1] if same[0] == self._words_key(self._held(query)) else None

    def cheap(self, query: Query) -> bool:
        """Whether :meth:`matching` answers ``query`` within milliseconds: its matches are
        known, or it narrows the last matches and they are few enough to check in C, or
        the entries holding its rarest token are few enough (:data:`CHEAP_WORK`) to
        collect and check for the other tokens."""
        if query.faceted or query.tags:
            return True  # the items (or tag sets) are looked at once each
        if self.known(query) is not None:
            return True
        last = self._last
        if last is not None and query.narrows(last[0]) and len(last[1]) <= NARROW_CHEAP:
            return True
        postings = self.postings
        held = self._held(query)
        words, size = min(
            ((numbers, sum(len(postings[n]) for n in numbers)) for _, numbers in held),
            key=lambda pair: pair[1],
        )
        collect = size if len(words) > 1 else 0  # one word's entries are listed already
        return collect + size * (len(held) - 1) <= CHEAP_WORK

    def kept_known(self, matched: list[int]) -> bool:
        """Whether what ``matched`` keeps was counted already (the memo of the filter)."""
        return self.memo is not None and self.memo[0] is matched

    def matching(self, query: Query, stop: Callable[[], bool] | None = None) -> list[int] | None:
        """The indexes of the entries whose title matches ``query``, in tree order; None
        when ``stop`` said to give up (the user typed on: the result would be stale).

        A title matches exactly when, for every token, one of its words holds the token: when
        typing on leaves those words unchanged, the matches are the same, and the very same
        list is returned (what is derived from it is remembered by identity)."""
        if query.faceted or query.tags:
            return self._owned(query, stop)
        if not query.tokens:
            return []
        held = self._held(query)
        words_key = self._words_key(held)
        same = self._same_words
        if same is not None and same[0] == words_key:
            self._last = (query, same[1])
            return same[1]
        sizes = [sum(len(self.postings[n]) for n in numbers) for _, numbers in held]
        rarest = min(range(len(held)), key=sizes.__getitem__)
        last = self._last
        candidates: Sequence[int]
        check = list(query.tokens)
        narrowed: list[str] | None = None
        if last is not None and query.narrows(last[0]):
            before = last[0].tokens  # a token typed before and unchanged is held already
            narrowed = [t for n, t in enumerate(check) if n >= len(before) or t != before[n]]
            # Checking a title costs about what collecting an entry does; one word's
            # entries are listed already.
            collect = sizes[rarest] if len(held[rarest][1]) > 1 else 0
            if len(last[1]) * len(narrowed) > collect + sizes[rarest] * (len(check) - 1):
                narrowed = None
        if last is not None and narrowed is not None:
            candidates, check = last[1], narrowed
        elif sizes[rarest] <= UNION_LIMIT:
            union = self._union(held[rarest][1], stop)
            if union is None:
                return None
            candidates = union
            check.remove(held[rarest][0])
        else:
            candidates = range(len(self.entries))
        found = self._check(candidates, check, stop)
        if found is not None:
            self._last = (query, found)
            self._same_words = (words_key, found)
        return found

    def _owned(self, query: Query, stop: Callable[[], bool] | None) -> list[int] | None:
        """The items kept by ``owner:`` and ``status:`` (with neither, every node), with
        the tags of every ``tag:``, whose text holds every token. Owners and statuses change
        as they are set, so they are read from the items each time, never remembered."""
        entries = self.entries
        kept: Sequence[int] = range(len(entries))
        if query.faceted:
            keeps = query.keeps
            kept = [i for i in self.item_indexes if keeps(entries[i].node)]  # type: ignore[arg-type]
        if query.tags:
            passing = self.tags().passing(query.tags)  # a byte an entry, 1: it passes
            if isinstance(kept, range):
                kept = list(compress(kept, passing))
            else:
                kept = list(compress(kept, pick(passing, kept)))
        return self._check(kept, list(query.tokens), stop)

    def tags(self) -> TagTree:
        """The entries' tags (:func:`kb_tui.core.query.tags.tree_tags`), read on first use:
        the notes' text is read once, on the first ``tag:`` query."""
        if self._tags is None:
            self._tags = tree_tags(self.entries)
        return self._tags

    def _union(self, numbers: list[int], stop: Callable[[], bool] | None) -> list[int] | None:
        """The entries holding any of the words ``numbers``, in tree order: one word's
        postings as they are (None when ``stop`` said to give up)."""
        postings = self.postings
        if len(numbers) == 1:
            return postings[numbers[0]]
        if stop is not None and stop():
            return None
        # Merged by sorting (Timsort merges the words' sorted runs), doubles dropped in C:
        # an entry holding two of the words is listed under both.
        merged = sorted(chain.from_iterable(postings[n] for n in numbers))
        union = list(compress(merged, map(ne, merged, islice(merged, 1, None))))
        if merged:
            union.append(merged[-1])
        return union

    def _check(
        self, candidates: Sequence[int], tokens: list[str], stop: Callable[[], bool] | None
    ) -> list[int] | None:
        """The candidates whose title holds every token, in C (``contains`` mapped over the
        titles, token by token), a block at a time between looks at ``stop``."""
        if not tokens:
            return list(candidates)
        hay = self.folded
        found: list[int] = []
        for start in range(0, len(candidates), STOP_EVERY):
            if stop is not None and stop():
                return None
            block: Sequence[int] = candidates[start : start + STOP_EVERY]
            for token in tokens:
                block = list(compress(block, map(contains, pick(hay, block), repeat(token))))
            found.extend(block)
        return found

    def split(self, matched: list[int]) -> tuple[list[int], list[int]]:
        """``matched`` as (headings, items), each in tree order: computed in C (``compress``
        over a byte mask), as a short query matches a quarter of a large vault."""
        memo = self._split
        if memo is not None and memo[0] is matched:
            return memo[1], memo[2]
        heads = list(compress(matched, pick(self.is_heading, matched)))
        items = list(compress(matched, pick(self.is_item, matched)))
        self._split = (matched, heads, items)
        return heads, items

    def pool(self, matched: list[int]) -> list[int]:
        """At most :data:`RANK_POOL` of ``matched`` to rank: the outermost headings first
        (documents, then H1, H2 …), then items, each kind in tree order."""
        if len(matched) <= RANK_POOL:
            return matched
        memo = self._pool
        if memo is not None and memo[0] is matched:
            return memo[1]
        if len(matched) * 16 < len(self.entries):  # few: sorted by rank (stable: tree order)
            pool = sorted(matched, key=self.kinds.__getitem__, reverse=True)[:RANK_POOL]
            self._pool = (matched, pool)
            return pool
        kinds = pick(self.kinds, matched)
        pool = []
        for rank in sorted(set(kinds), reverse=True):  # a pass in C for each kind of node
            pool += islice(compress(matched, map(eq, kinds, repeat(rank))), RANK_POOL - len(pool))
            if len(pool) >= RANK_POOL:
                break
        self._pool = (matched, pool)
        return pool

    def best(self, query: Query, matched: list[int], count: int) -> list[tuple[int, Match]]:
        """The ``count`` best of ``matched``, ranked (:meth:`rank`) among :meth:`pool`."""
        return self.rank(query, self.pool(matched), count)

    def rank(self, query: Query, pool: Sequence[int], count: int) -> list[tuple[int, Match]]:
        """The ``count`` best of ``pool``: match quality, then headings before items (outer
        first), then how early the text matched, then tree order."""
        kinds, hay = self.kinds, self.folded
        scored = [(m, i) for i in pool if (m := match_folded(query, hay[i]))]
        top = heapq.nlargest(
            count,
            scored,
            key=lambda pair: (pair[0].tier, kinds[pair[1]], pair[0].closeness, -pair[1]),
        )
        return [(i, match) for match, i in top]
