"""The one text-matching rule of the tree filter, the export's ``--text`` and the palette.

A query is split on whitespace; **every token must match** the text, case-insensitively, as

* a contiguous substring (best at the start of a word, better still as a whole word), or
* word-start pieces in order: ``resalloc`` matches "**Res**ource **alloc**ation", each piece
  beginning a word (a prefix of the acronym kind, never letters scattered inside words).

Letters merely scattered through the text no longer match: on ops-kb ``incident`` matched
540 nodes that way (led by "Security Classification: [Public/I…"), 39 with this rule.
A match has a *tier* (per token: 3 at a word start, 2 inside a word, 1 in pieces) and a
*closeness* (earlier, a whole word, the whole text score higher); callers rank by
``(tier, kind, closeness)``, so headings come before items of the same tier.
"""

from __future__ import annotations

from dataclasses import dataclass

WORD_START, INSIDE_WORD, PIECES = 3, 2, 1
WHOLE_WORD_BONUS, WHOLE_TEXT_BONUS = 50, 100  # closeness, within a tier


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its case-folded tokens (empty: matches nothing, the filter is off)."""

    text: str
    tokens: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Query:
        return cls(text.strip(), tuple(text.casefold().split()))

    def narrows(self, other: Query) -> bool:
        """Whether every text matching ``self`` also matches ``other`` (typing went on)."""
        if not other.tokens or len(self.tokens) < len(other.tokens):
            return False
        pairs = zip(self.tokens, other.tokens, strict=False)
        return all(mine.startswith(theirs) for mine, theirs in pairs)


@dataclass(frozen=True, slots=True)
class Match:
    """How a text matched: ``tier`` (sum over tokens, higher is better), ``closeness``
    (higher when earlier) and the matched character offsets (for highlighting)."""

    tier: int
    closeness: int
    positions: list[int]


def folded(text: str) -> str:
    """``text`` case-folded, keeping offsets (``lower`` when folding changes lengths: ß)."""
    hay = text.casefold()
    return hay if len(hay) == len(text) else text.lower()


def _word_start(hay: str, at: int) -> bool:
    if at == 0:
        return True
    before = hay[at - 1]
    return not (before.isalnum() or before == "_")


def _substring(token: str, hay: str) -> tuple[int, int, bool] | None:
    """(tier, start, whole word) of the best occurrence of ``token`` in ``hay``, if any."""
    start = hay.find(token)
    if start == -1:
        return None
    first = start
    while start != -1:
        if _word_start(hay, start):
            end = start + len(token)
            whole = end == len(hay) or not hay[end].isalnum()
            return WORD_START, start, whole
        start = hay.find(token, start + 1)
    return INSIDE_WORD, first, False


def _in_order(token: str, hay: str) -> bool:
    """Whether the characters of ``token`` occur in ``hay`` in order (a quick rejection)."""
    at = 0
    for char in token:
        at = hay.find(char, at) + 1
        if not at:
            return False
    return True


def _pieces(token: str, hay: str, at: int, budget: list[int]) -> list[int] | None:
    """Offsets matching ``token`` as pieces that each begin a word, from ``at`` on."""
    if not token:
        return []
    budget[0] -= 1
    if budget[0] < 0:
        return None
    start = hay.find(token[0], at)
    while start != -1:
        if _word_start(hay, start):
            run = 1
            while run < len(token) and start + run < len(hay) and hay[start + run] == token[run]:
                run += 1
            for length in range(run, 0, -1):  # longest piece first: fewer, longer pieces
                rest = _pieces(token[length:], hay, start + length, budget)
                if rest is not None:
                    return list(range(start, start + length)) + rest
        start = hay.find(token[0], start + 1)
    return None


def match_folded(query: Query, hay: str) -> Match | None:
    """Match ``query`` against already-folded text (see :func:`folded`)."""
    if not query.tokens:
        return None
    tier = 0
    closeness = 0
    positions: list[int] = []
    for token in query.tokens:
        found = _substring(token, hay)
        if found is not None:
            kind, start, whole = found
            tier += kind
            closeness += max(0, 200 - start) + (WHOLE_WORD_BONUS if whole else 0)
            positions.extend(range(start, start + len(token)))
            continue
        pieces = _pieces(token, hay, 0, [200]) if _in_order(token, hay) else None
        if pieces is None:
            return None
        tier += PIECES
        closeness += max(0, 200 - pieces[0])
        positions.extend(pieces)
    if len(query.tokens) == 1 and hay.strip() == query.tokens[0]:
        closeness += WHOLE_TEXT_BONUS
    return Match(tier, closeness, sorted(set(positions)))


def match_text(query: Query | str, text: str) -> Match | None:
    """Whether (and how well) ``text`` matches ``query``: the rule described above."""
    parsed = Query.parse(query) if isinstance(query, str) else query
    return match_folded(parsed, folded(text))
