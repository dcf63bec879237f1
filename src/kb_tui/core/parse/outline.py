"""A note's outline without its items: what ``kb-tui check`` needs, at a fraction of the cost.

``check`` reports a vault's problems: its headings (link anchors, repeated headings), its
links, its fences (one that does not parse) and the parser's warnings. It does not need the
checklist items, and building them — each item's text gathered, joined and wrapped in an
object, then named and rendered — is most of the cost of reading a typical note. The
outline walker sees the same events as the full walker and keeps the same state that decides
what is a section, what is a link and what is warned about, but only counts list items.

The result is the full parse's, less the items: the same sections (titles, levels, lines),
links and warnings. One warning depends on items, ``too-many-items``; the walker keeps an
upper bound of the items the full parse would count, and a note whose bound passes the cap
is parsed in full instead, so even that warning is the same.

Outlines are for ``check`` alone: their sections may get other IDs than the full parse's
(the full parse names preamble items and sections with one namer), and they keep a note's
text only when it has block ids (see :func:`kb_tui.core.vault.index.parse_one`).
"""

from __future__ import annotations

from typing import Any

import pyromark

from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.fences import check_fence
from kb_tui.core.parse.parser import MAX_LIST_DEPTH, OPTIONS, ParsedBody, _Walker, parse_body

_TEXT = frozenset({"Text", "Code", "InlineMath", "DisplayMath", "InlineHtml", "Html"})
_TAGS = frozenset({"CodeBlock", "Link", "Image", "BlockQuote", "Heading", "Table"})
_TAGS |= {"FootnoteDefinition"}  # tags given as a bare string that matter here


class _OutlineWalker(_Walker):
    """The full walker's sections, links and warnings; list items are only counted."""

    def __init__(self, body: str, first_line: int, max_headings: int, max_items: int) -> None:
        super().__init__(body, first_line, max_headings, max_items)
        self.depth = 0  # open list items (the full walker's frames)
        self.bound = 0  # items and fence nodes the full walker could count

    def add_text(self, text: str) -> None:
        if self.heading is not None:
            self.heading.append(text)

    def start(self, tag: Any, rng: dict[str, int]) -> None:
        if self.depth and isinstance(tag, dict) and "Heading" in tag:
            return  # a heading inside a list item is item text, not a section
        super().start(tag, rng)

    def start_item(self, rng: dict[str, int]) -> None:
        if self.quote or self.table or self.footnote:
            return
        if self.skip_items or self.depth >= MAX_LIST_DEPTH:
            self.skip_item(rng)
            return
        self.depth += 1
        self.bound += 1

    def end_item(self) -> None:
        if self.quote or self.table or self.footnote:
            return
        if self.skip_items:
            self.skip_items -= 1
        elif self.depth:
            self.depth -= 1

    def fence(self, code: str) -> None:
        nodes, error = check_fence(self.code_lang, code, self.code_line)
        self.bound += nodes
        if error:
            self.result.warnings.append((self.code_line - 1, ProblemCode.FENCE_INVALID, error))

    def walk(self, body: str) -> None:
        """The full walker's loop, less what only items need: text outside headings and
        code is dropped and list items are only counted, in local variables (most of a
        note's events are list items and their text); the rest goes to the full walker's
        methods, with the state they read kept up to date."""
        start, end, start_item, end_item = self.start, self.end, self.start_item, self.end_item
        tags, text_kinds, most = _TAGS, _TEXT, MAX_LIST_DEPTH
        depth = items = 0  # open list items, and items counted here
        plain = True  # no quote, table, footnote or skipped items: an item is just counted
        collect = False  # a heading or a code block is open: its text is kept
        event: Any
        rng: Any
        for event, rng in pyromark.events_with_range(body, options=OPTIONS):
            if event.__class__ is str:
                if collect and self.heading is not None and event in ("SoftBreak", "HardBreak"):
                    self.heading.append(" ")
                continue
            ((kind, value),) = event.items()
            if kind in text_kinds:
                if not collect:
                    continue
                if self.code is not None and kind == "Text":
                    self.code.append(value)
                elif self.heading is not None:
                    self.heading.append(value)
                continue
            if kind == "Start":
                if value == "Item":
                    if plain and depth < most:
                        depth += 1
                        items += 1
                        continue
                    self.depth = depth
                    start_item(rng)
                elif value.__class__ is str:
                    if value not in tags:
                        continue
                    self.depth = depth
                    start(value, rng)
                elif "List" in value:  # a numbered list: nothing to do here
                    continue
                else:
                    self.depth = depth
                    start(value, rng)
            elif kind == "End":
                if value == "Item":
                    if plain and depth:
                        depth -= 1
                        continue
                    self.depth = depth
                    end_item()
                elif value.__class__ is str:
                    if value not in tags:
                        continue
                    self.depth = depth
                    end(value, rng)
                elif "List" in value:
                    continue
                else:
                    self.depth = depth
                    end(value, rng)
            else:
                continue
            depth = self.depth  # a method ran: take up the state it changed
            plain = not (self.quote or self.table or self.footnote or self.skip_items)
            collect = self.heading is not None or self.code is not None
        self.depth = depth
        self.bound += items


def parse_outline(
    body: str, first_line: int = 1, max_headings: int = 100_000, max_items: int = 200_000
) -> ParsedBody:
    """:func:`~kb_tui.core.parse.parser.parse_body` without items (sections have no children)."""
    walker = _OutlineWalker(body, first_line, max_headings, max_items)
    walker.walk(body)
    last_line = first_line + body.count("\n") - (1 if body.endswith("\n") else 0)
    parsed = walker.finish(max(last_line, first_line))
    if walker.bound <= max_items:
        return parsed
    full = parse_body(body, first_line, max_headings, max_items)  # the cap may warn: be exact
    full.preamble = []
    stack = list(full.sections)
    while stack:
        section = stack.pop()
        section.children = []
        stack.extend(section.sections)
    return full
