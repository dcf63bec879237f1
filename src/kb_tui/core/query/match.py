"""The one text-matching rule of the tree filter, the export's text filter and the palette.

A query is split on whitespace; **every token must occur** in the text as a contiguous
substring, case-insensitively (best at the start of a word, better still as a whole word).

Letters merely scattered through the text no longer match. On ops-kb the old fuzzy rule
matched 540 nodes for ``incident`` (led by "Security Classification: [Public/I…"), 366 for
``network``, 341 for ``resalloc``; this rule 222, 246 and 0. Word-start *pieces*
(``resalloc`` for "Resource allocation") were tried: they add nothing for whole words and
mostly noise for short ones (``dns``: 9 instead of 3), and cannot be looked up word by word,
which typing on a large vault needs (a token without spaces lies within one word of the text).

A match has a *tier* (per token: 3 at a word start, 2 inside a word) and a *closeness*
(earlier, a whole word, the whole text score higher); callers rank by
``(tier, kind, closeness)``, so headings come before items of the same tier.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

from kb_tui.core.model.due import OVERDUE, is_overdue
from kb_tui.core.model.progress import status_name

WORD_START, INSIDE_WORD = 3, 2
MIN_CHARS = 2  # the tree and the palette narrow from the second character typed on
WHOLE_WORD_BONUS, WHOLE_TEXT_BONUS = 50, 100  # closeness, within a tier


# ``owner:ana`` or ``owner:"Ana Smith"``: only items whose owner holds that text.
_OWNER_RE = re.compile(r'(?:^|\s)owner:(?:"([^"]*)"?|(\S+))', re.IGNORECASE)
# ``status:blocked``, ``status:todo,wip``, ``status:overdue``: only items of those statuses
# (any of them; ``overdue`` by the one overdue rule). A word that is no status keeps nothing.
_STATUS_RE = re.compile(r"(?:^|\s)status:(\S*)", re.IGNORECASE)
# ``tag:security``, ``tag:#inbox``: only nodes carrying that tag or one nested below it
# (``inbox/to-read``), their own or from above (:mod:`kb_tui.core.query.tags`); several
# ``tag:`` terms: every one of them. An empty ``tag:`` (being typed) narrows nothing.
_TAG_RE = re.compile(r"(?:^|\s)tag:#?(\S*)", re.IGNORECASE)


def tag_terms(text: str) -> tuple[str, tuple[str, ...]]:
    """``text`` without its ``tag:`` terms, and the tags they ask for (case-folded)."""
    tags: list[str] = []
    while (term := _TAG_RE.search(text)) is not None:
        wanted = term.group(1).strip("/").casefold()
        if wanted and wanted not in tags:
            tags.append(wanted)
        text = text[: term.start()] + " " + text[term.end() :]
    return text, tuple(tags)


class _Facts(Protocol):
    """An item as the filter's terms see it."""

    @property
    def status(self) -> str: ...

    @property
    def owner(self) -> str: ...

    @property
    def due(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its case-folded tokens, ``owner`` (case-folded) when the query says
    ``owner:NAME``, and ``statuses`` when it says ``status:LIST``; none of them: matches
    nothing, the filter is off. Owner and status terms keep items only (see :meth:`keeps`)."""

    text: str
    tokens: tuple[str, ...]
    owner: str | None = None
    statuses: frozenset[str] | None = None
    tags: tuple[str, ...] = ()  # case-folded, without ``#``

    @classmethod
    def parse(cls, text: str) -> Query:
        rest, owner, statuses = text, None, None
        found = _OWNER_RE.search(rest)
        if found is not None:
            name = (found.group(1) if found.group(1) is not None else found.group(2)).strip()
            owner = name.casefold() or None
            rest = rest[: found.start()] + " " + rest[found.end() :]
        while (term := _STATUS_RE.search(rest)) is not None:
            words = {status_name(word) for word in term.group(1).split(",") if word.strip()}
            statuses = (statuses or frozenset()) | words
            rest = rest[: term.start()] + " " + rest[term.end() :]
        rest, tags = tag_terms(rest)
        return cls(text.strip(), tuple(rest.casefold().split()), owner, statuses, tags)

    @property
    def faceted(self) -> bool:
        """Whether the query has an owner or a status term (it keeps items only)."""
        return self.owner is not None or self.statuses is not None

    @property
    def active(self) -> bool:
        """Whether the query narrows anything (text, an owner, statuses or tags)."""
        return bool(self.tokens) or self.faceted or bool(self.tags)

    def owns(self, owner: str) -> bool:
        """Whether an item owned by ``owner`` passes the query's ``owner:`` (if any)."""
        return self.owner is None or self.owner in owner.casefold()

    def keeps(self, item: _Facts) -> bool:
        """Whether ``item`` passes the query's ``owner:`` and ``status:`` terms (if any)."""
        if not self.owns(item.owner):
            return False
        wanted = self.statuses
        if wanted is None or item.status in wanted:
            return True
        return OVERDUE in wanted and is_overdue(item.status, item.due)

    @property
    def too_short(self) -> bool:
        """One character matches half of any vault: the views wait for a second one."""
        return not self.faceted and not self.tags and sum(map(len, self.tokens)) < MIN_CHARS

    def narrows(self, other: Query) -> bool:
        """Whether every text matching ``self`` also matches ``other`` (typing went on)."""
        if (self.owner, self.statuses, self.tags) != (other.owner, other.statuses, other.tags):
            return False
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


def match_folded(query: Query, hay: str) -> Match | None:
    """Match ``query`` against already-folded text (see :func:`folded`)."""
    if not query.tokens:
        # the owner, status or tags decided
        return Match(0, 0, []) if query.faceted or query.tags else None
    tier = 0
    closeness = 0
    positions: list[int] = []
    for token in query.tokens:
        found = _substring(token, hay)
        if found is None:
            return None
        kind, start, whole = found
        tier += kind
        closeness += max(0, 200 - start) + (WHOLE_WORD_BONUS if whole else 0)
        positions.extend(range(start, start + len(token)))
    if len(query.tokens) == 1:
        if hay.strip() == query.tokens[0]:
            closeness += WHOLE_TEXT_BONUS
        return Match(tier, closeness, positions)
    return Match(tier, closeness, sorted(set(positions)))


def match_text(query: Query | str, text: str) -> Match | None:
    """Whether (and how well) ``text`` matches ``query``: the rule described above."""
    parsed = Query.parse(query) if isinstance(query, str) else query
    return match_folded(parsed, folded(text))
