"""The matches of a query that holds much of a large vault, looked at lazily.

Typing ``st`` on a 5,000-note vault matches 198,000 of its 770,000 nodes; collecting them
and counting the items they keep takes longer than a keystroke may (Python handles some
ten million list elements a second). What the tree draws first needs far less: the
:data:`~kb_tui.core.query.kb_index.RANK_POOL` outermost headings to rank, and the first
:data:`~kb_tui.core.query.kb_filter.MAX_SHOWN` top-level matches in tree order. Both are
found here by scanning titles in C (``contains`` mapped over them) and stopping as soon
as enough are found; the counts follow. Matching is the same rule as
:meth:`KbIndex.matching <kb_tui.core.query.kb_index.KbIndex.matching>`: every token occurs
in the title.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import compress, islice, repeat
from operator import contains

from kb_tui.core.query.kb_index import RANK_POOL, KbIndex
from kb_tui.core.query.match import Query


def _holding(index: KbIndex, query: Query, positions: Sequence[int]) -> Iterator[int]:
    """The positions whose title holds every token of ``query``, lazily; the longest
    token (the least frequent, as a rule) is looked for first, in C."""
    hay = index.folded
    first, *rest = sorted(query.tokens, key=len, reverse=True)
    found = compress(positions, map(contains, map(hay.__getitem__, positions), repeat(first)))
    if not rest:
        return found
    return (i for i in found if all(token in hay[i] for token in rest))


def scan(index: KbIndex, query: Query) -> Iterator[int]:
    """Every match of ``query``, in tree order, found as it is asked for."""
    if not query.tokens:
        return iter(())
    return _holding(index, query, range(len(index.folded)))


def scan_pool(index: KbIndex, query: Query) -> list[int]:
    """What :meth:`KbIndex.pool` picks from all the matches, found without them: the
    matching outermost headings first (documents, H1, H2 …), then items, in tree order."""
    pool: list[int] = []
    if not query.tokens:
        return pool
    for bucket in index.by_rank:
        pool += islice(_holding(index, query, bucket), RANK_POOL - len(pool))
        if len(pool) >= RANK_POOL:
            break
    return pool
