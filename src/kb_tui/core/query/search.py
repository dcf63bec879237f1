"""Full-text search over a knowledge base: section headings and body text, code included.

:meth:`SearchIndex.build` reads every document once into one compact lower-case string —
one segment per section (its own text, without sub-sections), Markdown syntax lightly
stripped, whitespace collapsed — so a query is a few ``str.find`` scans of that string in C,
not a walk over the documents. Multi-word queries match as a phrase first, then as all of
their words; phrase matches rank first, then sections whose heading matches. Snippets are
worked out only for the hits that are returned.

``python -m kb_tui.core.query.search PATH QUERY`` runs a search without the TUI.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass, field, replace

from kb_tui.core.model import Document, KnowledgeBase, Section
from kb_tui.core.model.layout import title_section
from kb_tui.core.parse.obsidian_marks import hide_comments
from kb_tui.core.parse.wikilink import WikiLink, replace_wikilinks
from kb_tui.core.query.match import tag_terms
from kb_tui.core.query.tags import TagTree, segment_tags
from kb_tui.core.text import clean

MAX_HITS = 200
RARITY_SAMPLE = 1_000_000  # characters of the index counted to pick the rarest word
Check = Callable[[int], bool]
SNIPPET_BEFORE = 40  # characters of context kept before the match
SNIPPET_CHARS = 160  # longest snippet
SNIPPET_LOOKAHEAD = 40  # lines looked at for one with every word of the query
SEPARATOR = "\x00"  # between sections: control characters never survive cleaning or a query

_FENCE_LINE_RE = re.compile(r"^[ \t]*(?:```|~~~)[^\n]*", re.M)
_LINE_START_RE = re.compile(
    r"^[ \t>]*(?:#{1,6}|[-*+]|\d{1,9}[.)])[ \t](?:[ \t]*\[[ xX/\-hc]\][ \t])?|^[ \t]*>[ \t>]*",
    re.M,
)
_LINK_RE = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_EMPHASIS_RE = re.compile(r"\*\*|__|~~|==|`")


def strip_lines(text: str) -> list[str]:
    """Searchable form of Markdown text, line for line: fence lines, heading, list and quote
    markers, emphasis and link syntax go; whitespace is collapsed.

    Every rule works within a line, so a line gives the same result on its own as inside its
    document (snippets rely on it).
    """
    text = _FENCE_LINE_RE.sub("", text)
    text = _LINE_START_RE.sub("", text)
    if "[" in text:
        text = replace_wikilinks(text, _link_label)
        text = _LINK_RE.sub(r"\1", text)
    text = _EMPHASIS_RE.sub("", text)
    return [" ".join(line.split()) for line in text.split("\n")]


def _link_label(link: WikiLink) -> str:
    return link.label


def strip_markdown(text: str) -> str:
    """:func:`strip_lines` joined again."""
    return "\n".join(strip_lines(text))


def fold(text: str) -> str:
    """Lower-case ``text`` keeping its length, so offsets in the fold are offsets in ``text``."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch if len(low := ch.lower()) != 1 else low for ch in text)


def normalize_query(query: str) -> str:
    """The query as it is matched: folded, whitespace collapsed, without control characters."""
    return fold(" ".join(clean(query).split()))


@dataclass(frozen=True)
class SearchHit:
    """One matching section (``section`` is None for a document's text before any heading)."""

    document: Document
    section: Section | None
    path: tuple[str, ...]  # section titles from the top down, without the document's title
    line: int  # the snippet's line in the document (1-based)
    snippet: str
    spans: tuple[tuple[int, int], ...]  # matches within the snippet
    phrase: bool  # the whole query matched as written; else all of its words did
    heading: bool  # the match (or a word of it) is in the section's heading
    terms: tuple[str, ...]  # what to highlight: the phrase, or the words
    # With a ``tag:`` query, the section's tags (:func:`kb_tui.core.query.tags.segment_tags`)
    tags: tuple[str, ...] = ()


@dataclass
class SearchResult:
    query: str
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0  # matching sections, of which at most ``limit`` are in ``hits``
    seconds: float = 0.0

    @property
    def capped(self) -> bool:
        return self.total > len(self.hits)

    def summary(self) -> str:
        """``"200+ results"``, ``"1 result"``, ``"No results"``."""
        if not self.total:
            return "No results"
        count = f"{len(self.hits)}+" if self.capped else f"{self.total}"
        return f"{count} result{'s' if self.total != 1 else ''}"


class SearchIndex:
    """Every section's searchable text in one folded string, its headings in another."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.documents = list(kb.documents)
        self.text = ""  # every segment (heading line, then body lines), SEPARATOR between
        self.starts: list[int] = []  # segment start in ``text``
        self.heading_ends: list[int] = []  # end of the segment's first (heading) line
        self.ends: list[int] = []
        self.headings = ""  # the heading lines alone: a heading match is found without the text
        self.heading_starts: list[int] = []  # segment's heading in ``headings``
        self.heading_stops: list[int] = []
        self.doc_of: list[int] = []  # index into ``documents``
        self.sections: list[Section | None] = []
        self.first_lines: list[int] = []  # document line of the segment's first line
        self.paths: list[tuple[str, ...]] = []
        self._tags: tuple[TagTree, list[int]] | None = None  # read on the first ``tag:`` query

    @classmethod
    def build(cls, kb: KnowledgeBase) -> SearchIndex:
        """Index every document of ``kb`` (about half a second for 700 notes: use a thread)."""
        index = cls(kb)
        parts: list[str] = []
        heads: list[str] = []
        offset = head_offset = 0
        for number, doc in enumerate(index.documents):
            for section, first, lines, path in _segments(doc):
                segment = fold("\n".join(lines))
                heading = len(lines[0]) if lines else 0
                index.starts.append(offset)
                index.heading_ends.append(offset + heading)
                index.ends.append(offset + len(segment))
                index.heading_starts.append(head_offset)
                index.heading_stops.append(head_offset + heading)
                index.doc_of.append(number)
                index.sections.append(section)
                index.first_lines.append(first)
                index.paths.append(path)
                parts.append(segment)
                heads.append(segment[:heading])
                offset += len(segment) + len(SEPARATOR)
                head_offset += heading + len(SEPARATOR)
        index.text = SEPARATOR.join(parts)
        index.headings = SEPARATOR.join(heads)
        return index

    def __len__(self) -> int:
        return len(self.starts)

    def covers(self, kb: KnowledgeBase) -> bool:
        """True while ``kb`` still holds the documents this index was built from."""
        docs = kb.documents
        return (
            kb is self.kb
            and len(docs) == len(self.documents)
            and all(a is b for a, b in zip(docs, self.documents, strict=True))
        )

    # -- querying ----------------------------------------------------------------------------
    def search(self, query: str, limit: int = MAX_HITS) -> SearchResult:
        """Sections matching ``query``, best first: the phrase in the heading, the phrase in
        the text, every word in the heading, every word in the text; each in document order.

        Scanning stops once ``limit`` + 1 sections are found, so a common word costs no more
        than a rare one; ``total`` then only says that there are more than ``limit``.
        """
        started = time.perf_counter()
        rest, wanted = tag_terms(query)
        phrase = normalize_query(rest)
        result = SearchResult(query=normalize_query(query))
        if not phrase and not wanted:
            return result
        words = tuple(dict.fromkeys(phrase.split(" ")))
        want = limit + 1
        ranked: dict[int, bool] = {}  # segment -> matched as a phrase, in rank order
        tree, nodes = self.tags() if wanted else (TagTree(), [])
        passing = tree.passing(wanted) if wanted else b""  # a byte a node of ``tree``
        marks = tuple("#" + tag for tag in wanted)  # a query of tags alone: shown at them

        def take(segments: Iterator[int], as_phrase: bool, check: Check | None = None) -> bool:
            for segment in segments:
                if wanted and not passing[nodes[segment]]:
                    continue
                if check is None or check(segment):
                    ranked[segment] = as_phrase
                    if len(ranked) >= want:
                        return True
            return False

        text, heads = self.text, self.headings
        if not phrase:  # tags alone: every section carrying them, in document order
            take(iter(range(len(self))), True)
            phrase, words = "", ()
        full = (
            not phrase
            or take(self._in_headings(phrase, ranked), True)
            or take(self._in_text(phrase, ranked), True)
        )
        if not full and len(words) > 1:
            anchor = self._rarest(words)
            others = [word for word in words if word != anchor]
            h_starts, h_stops = self.heading_starts, self.heading_stops
            starts, ends = self.starts, self.ends

            def in_heading(seg: int) -> bool:
                return all(heads.find(w, h_starts[seg], h_stops[seg]) >= 0 for w in others)

            def in_text(seg: int) -> bool:
                return all(text.find(w, starts[seg], ends[seg]) >= 0 for w in others)

            _ = take(self._in_headings(anchor, ranked), False, in_heading) or take(
                self._in_text(anchor, ranked), False, in_text
            )
        result.total = len(ranked)
        lines: dict[int, list[str]] = {}  # a document's lines, split once per query
        for segment, as_phrase in list(ranked.items())[:limit]:
            terms = ((phrase,) if phrase else marks) if as_phrase else words
            hit = self._hit(segment, terms, as_phrase, lines)
            if wanted:  # the tags a ``tag:`` query looked at, shown with the hit
                hit = replace(hit, tags=tuple(sorted(tree.tags(nodes[segment]))))
            result.hits.append(hit)
        result.seconds = time.perf_counter() - started
        return result

    def tags(self) -> tuple[TagTree, list[int]]:
        """The segments' tags (:func:`kb_tui.core.query.tags.segment_tags`), read once: the
        tree of them, and each segment's node in it."""
        if self._tags is None:
            tree = TagTree()
            by_doc: dict[int, dict[int, int]] = {}
            nodes: list[int] = []
            for number, section in zip(self.doc_of, self.sections, strict=True):
                if number not in by_doc:
                    by_doc[number] = segment_tags(self.documents[number], tree)
                nodes.append(by_doc[number][id(section) if section is not None else 0])
            self._tags = (tree, nodes)
        return self._tags

    def _rarest(self, words: tuple[str, ...]) -> str:
        """The word to scan for: the one least often in a sample of the text (the longest of
        equally rare ones), so few sections are checked for the other words."""
        sample = min(len(self.text), RARITY_SAMPLE)
        return min(words, key=lambda word: (self.text.count(word, 0, sample), -len(word)))

    def _in_headings(self, needle: str, skip: Container[int]) -> Iterator[int]:
        """Segments whose heading holds ``needle``, in order, each once, not in ``skip``."""
        return _scan(self.headings, self.heading_starts, self.heading_stops, needle, skip)

    def _in_text(self, needle: str, skip: Container[int]) -> Iterator[int]:
        """Segments whose heading or text holds ``needle``, in order, each once."""
        return _scan(self.text, self.starts, self.ends, needle, skip)

    def _hit(
        self, segment: int, terms: tuple[str, ...], phrase: bool, lines: dict[int, list[str]]
    ) -> SearchHit:
        text, start, end = self.text, self.starts[segment], self.ends[segment]
        head_end = self.heading_ends[segment]
        heading = any(text.find(term, start, head_end) >= 0 for term in terms)
        offset = self._snippet_offset(start, head_end, end, terms)
        number = self.doc_of[segment]
        doc, section = self.documents[number], self.sections[segment]
        line = self.first_lines[segment] + offset
        if section is None and offset == 0:
            shown = " ".join(clean(doc.title).split())  # a document's title line
        else:
            if number not in lines:
                lines[number] = hide_comments(doc.text).split("\n")
            raw = lines[number][line - 1] if 0 < line <= len(lines[number]) else ""
            shown = strip_markdown(clean(raw))
        snippet, spans = _snippet(shown, terms)
        return SearchHit(
            document=doc,
            section=section,
            path=self.paths[segment],
            line=max(1, line),
            snippet=snippet,
            spans=spans,
            phrase=phrase,
            heading=heading,
            terms=terms,
        )

    def _snippet_offset(self, start: int, head_end: int, end: int, terms: tuple[str, ...]) -> int:
        """The line (counted from the segment's first) the snippet shows: from the first body
        match on, the first line with the most terms (a few lines looked at); without a body
        match, the first line of text, else the heading (line 0)."""
        text = self.text
        found = [p for p in (text.find(t, head_end, end) for t in terms) if p >= 0]
        if not found:  # a heading match: the first line of text says what the section is
            pos = head_end
            while pos < end and text[pos] == "\n":
                pos += 1
            return text.count("\n", start, pos) if pos < end else 0
        line_start = text.rfind("\n", start, min(found)) + 1
        best, best_score = line_start, 0
        for _ in range(SNIPPET_LOOKAHEAD):
            line_end = text.find("\n", line_start, end)
            line_end = end if line_end < 0 else line_end
            score = sum(text.find(t, line_start, line_end) >= 0 for t in terms)
            if score > best_score:
                best, best_score = line_start, score
                if score == len(terms):
                    break
            if line_end >= end:
                break
            line_start = line_end + 1
        return text.count("\n", start, best)


def _scan(
    text: str, starts: list[int], ends: list[int], needle: str, skip: Container[int]
) -> Iterator[int]:
    pos = text.find(needle)
    while pos >= 0:
        segment = bisect_right(starts, pos) - 1
        if segment not in skip:
            yield segment
        pos = text.find(needle, ends[segment])


def _segments(doc: Document) -> list[tuple[Section | None, int, list[str], tuple[str, ...]]]:
    """(section, first line, lines, path) of every searchable part of ``doc``.

    The text before the first heading comes first, headed by the document's title unless a
    top-level heading repeats it; each section has its own lines up to its first sub-section.
    """
    lines = strip_lines(hide_comments(clean(doc.text)))  # comments are not the note's text
    out: list[tuple[Section | None, int, list[str], tuple[str, ...]]] = []
    first_heading = doc.sections[0].line if doc.sections else len(lines) + 1
    preamble = lines[doc.body_line - 1 : first_heading - 1]
    h1 = title_section(doc)
    titled = h1 is None
    if titled or any(preamble):
        heading = " ".join(clean(doc.title).split()) if titled else ""
        out.append((None, doc.body_line - 1, [heading, *preamble], ()))
    stack: list[tuple[Section, tuple[str, ...]]] = [(s, ()) for s in reversed(doc.sections)]
    while stack:
        section, parents = stack.pop()
        path = parents if section is h1 else (*parents, section.title)
        own_end = section.sections[0].line - 1 if section.sections else section.end_line
        out.append((section, section.line, lines[section.line - 1 : own_end], path))
        stack.extend((sub, path) for sub in reversed(section.sections))
    return out


def _snippet(line: str, terms: tuple[str, ...]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``line`` around its first match, and where the terms are in it."""
    folded = fold(line)
    positions = [p for p in (folded.find(t) for t in terms) if p >= 0]
    first = min(positions, default=0)
    start = max(0, first - SNIPPET_BEFORE)
    if start:
        space = line.find(" ", start, first)
        start = space + 1 if space >= 0 else start
    end = min(len(line), start + SNIPPET_CHARS)
    window, folded = line[start:end], folded[start:end]
    prefix = "…" if start else ""
    suffix = "…" if end < len(line) else ""
    spans: list[tuple[int, int]] = []
    for term in terms:
        pos = folded.find(term)
        while pos >= 0:
            spans.append((len(prefix) + pos, len(prefix) + pos + len(term)))
            pos = folded.find(term, pos + len(term))
    return prefix + window + suffix, tuple(sorted(spans))
