"""Markdown body → sections, groups, items and links, from pyromark's event stream.

pyromark (pulldown-cmark) produces events with byte ranges far faster than any pure-Python
parser; we walk them once with explicit stacks (no recursion), so deep or huge documents
cost time linear in their size and never exhaust the Python stack.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Any

import pyromark

from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.model.proto import Proto, ProtoGroup, ProtoItem
from kb_tui.core.parse.fences import extract_fence
from kb_tui.core.parse.link_kinds import link_kind as _link_kind
from kb_tui.core.parse.obsidian_marks import plain_label
from kb_tui.core.parse.wikilink import parse_wikilink

OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_TASKLISTS
    | pyromark.Options.ENABLE_WIKILINKS
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_FOOTNOTES
)
MAX_LIST_DEPTH = 32
MAX_ITEM_TEXT = 2_000
_TASK_RE = re.compile(r"^\[(.)\]\s+")


@dataclass(slots=True)
class ProtoSection:
    title: str
    level: int
    line: int
    end_line: int = 0
    children: list[Proto] = field(default_factory=list)
    sections: list[ProtoSection] = field(default_factory=list)


@dataclass(slots=True)
class RawLink:
    target: str
    line: int
    kind: str  # "wikilink", "markdown", "embed"


@dataclass
class ParsedBody:
    sections: list[ProtoSection] = field(default_factory=list)
    preamble: list[Proto] = field(default_factory=list)
    links: list[RawLink] = field(default_factory=list)
    warnings: list[tuple[int, str, str]] = field(default_factory=list)  # (line, code, message)
    h1: str = ""


class _Frame:
    """An open list item (a plain slotted class: one is made for every list item)."""

    __slots__ = ("children", "length", "line", "links", "nested", "outside", "task_marker", "text")

    def __init__(self, line: int) -> None:
        self.line = line
        self.text: list[str] = []
        self.length = 0  # characters in ``text`` so far
        self.children: list[Proto] = []
        self.nested = False
        self.links = 0
        self.outside = False  # any non-blank text outside a link
        self.task_marker: bool | None = None


class _LineMap:
    def __init__(self, data: bytes, first_line: int) -> None:
        self.starts = [m.end() for m in re.finditer(b"\n", data)]
        self.first_line = first_line

    def line(self, offset: int) -> int:
        return self.first_line + bisect_right(self.starts, offset)


class _Walker:
    def __init__(
        self, body: str, first_line: int, max_headings: int, max_items: int = 200_000
    ) -> None:
        self.lines = _LineMap(body.encode("utf-8"), first_line)
        self.result = ParsedBody()
        self.section_stack: list[ProtoSection] = []
        self.frames: list[_Frame] = []
        self.skip_items = 0
        self.quote = 0
        self.table = 0
        self.footnote = 0
        self.heading: list[str] | None = None
        self.heading_level = 0
        self.heading_line = 0
        self.code: list[str] | None = None
        self.code_lang = ""
        self.code_line = 0
        self.link_depth = 0
        # An open ``![[...]]``: (what it names, its text so far); its label is the embed's
        # reading (``Engelbart.jpg``), never the size written as its alias (``100x145``).
        self.embed: tuple[str, list[str]] | None = None
        self.max_headings = max_headings
        self.headings = 0
        self.max_items = max_items
        self.items = 0

    # -- containers -----------------------------------------------------------------
    def container(self) -> list[Proto]:
        if self.section_stack:
            return self.section_stack[-1].children
        return self.result.preamble

    def capture_items(self) -> bool:
        return self.quote == 0 and self.table == 0 and self.footnote == 0

    def add_text(self, text: str) -> None:
        if self.embed is not None:
            self.embed[1].append(text)
        elif self.heading is not None:
            self.heading.append(text)
        elif self.frames and self.skip_items == 0 and self.capture_items():
            frame = self.frames[-1]
            if frame.length < MAX_ITEM_TEXT:
                frame.text.append(text)
                frame.length += len(text)
            if self.link_depth == 0 and not frame.outside and text and not text.isspace():
                frame.outside = True

    # -- events -----------------------------------------------------------------------
    def start(self, tag: Any, rng: dict[str, int]) -> None:
        if isinstance(tag, dict):
            kind, value = next(iter(tag.items()))
        else:
            kind, value = tag, None
        if kind == "Heading" and self.frames == [] and self.capture_items():
            self.heading = []
            self.heading_level = int(str(value["level"])[1:])
            self.heading_line = self.lines.line(rng["start"])
        elif kind == "Item":
            self.start_item(rng)
        elif kind == "List" and self.frames and self.skip_items == 0:
            self.frames[-1].nested = True
        elif kind == "CodeBlock":
            fenced = isinstance(value, dict) and "Fenced" in value
            self.code = [] if fenced else None
            self.code_lang = str(value["Fenced"]) if fenced else ""
            self.code_line = self.lines.line(rng["start"]) + 1
        elif kind in ("Link", "Image"):
            self.start_link(kind, value, rng)
        elif kind == "BlockQuote":
            self.quote += 1
        elif kind == "Table":
            self.table += 1
        elif kind == "FootnoteDefinition":
            self.footnote += 1

    def start_item(self, rng: dict[str, int]) -> None:
        if self.quote or self.table or self.footnote:
            return
        if self.skip_items or len(self.frames) >= MAX_LIST_DEPTH:
            self.skip_item(rng)
            return
        self.frames.append(_Frame(self.lines.line(rng["start"])))

    def skip_item(self, rng: dict[str, int]) -> None:
        """An item nested too deep (or inside one): ignored, with one warning for the run."""
        if not self.skip_items:
            self.result.warnings.append(
                (
                    self.lines.line(rng["start"]),
                    ProblemCode.LIST_TOO_DEEP,
                    f"lists nested deeper than {MAX_LIST_DEPTH} levels: deeper items ignored",
                )
            )
        self.skip_items += 1

    def start_link(self, kind: str, value: Any, rng: dict[str, int]) -> None:
        link_kind = _link_kind(
            value.get("link_type"), str(value.get("dest_url", "")), kind == "Image"
        )
        if link_kind is not None:
            line = self.lines.line(rng["start"])
            self.result.links.append(RawLink(str(value["dest_url"]), line, link_kind))
        self.link_depth += 1
        if self.frames and self.skip_items == 0 and self.capture_items():
            self.frames[-1].links += 1
        link_type = value.get("link_type")
        if kind == "Image" and isinstance(link_type, dict) and "WikiLink" in link_type:
            written = link_type["WikiLink"]
            aliased = isinstance(written, dict) and bool(written.get("has_pothole"))
            self.embed = (str(value.get("dest_url", "")) + ("|" if aliased else ""), [])

    def end_embed(self) -> None:
        """The label of the ``![[...]]`` that ends: see :attr:`embed`."""
        assert self.embed is not None
        dest, texts = self.embed
        self.embed = None
        inner = dest + "".join(texts) if dest.endswith("|") else dest
        self.add_text(parse_wikilink(inner, embed=True).label)

    def end(self, tag: Any, rng: dict[str, int]) -> None:
        kind = next(iter(tag)) if isinstance(tag, dict) else tag
        if kind == "Heading" and self.heading is not None:
            self.end_heading()
        elif kind == "Item":
            self.end_item()
        elif kind == "CodeBlock":
            self.end_code()
        elif kind in ("Link", "Image"):
            if self.embed is not None:
                self.end_embed()
            self.link_depth = max(0, self.link_depth - 1)
        elif kind == "BlockQuote":
            self.quote -= 1
        elif kind == "Table":
            self.table -= 1
        elif kind == "FootnoteDefinition":
            self.footnote -= 1

    def end_heading(self) -> None:
        title = plain_label(" ".join("".join(self.heading or []).split()))
        self.heading = None
        self.headings += 1
        if self.headings > self.max_headings:
            if self.headings == self.max_headings + 1:
                self.result.warnings.append(
                    (
                        self.heading_line,
                        ProblemCode.TOO_MANY_HEADINGS,
                        f"more than {self.max_headings} headings: the rest are read as body text",
                    )
                )
            return
        level = self.heading_level
        while self.section_stack and self.section_stack[-1].level >= level:
            self.section_stack.pop().end_line = self.heading_line - 1
        section = ProtoSection(title, level, self.heading_line)
        if self.section_stack:
            self.section_stack[-1].sections.append(section)
        else:
            self.result.sections.append(section)
        if level == 1 and not self.result.h1:
            self.result.h1 = title
        self.section_stack.append(section)

    def end_item(self) -> None:
        if self.quote or self.table or self.footnote:
            return  # an item inside a quote, table or footnote: start_item made no frame
        if self.skip_items:
            self.skip_items -= 1
            return
        if not self.frames:
            return
        frame = self.frames.pop()
        text = plain_label(" ".join("".join(frame.text).split()))  # ==highlights== unmarked
        proto: Proto | None
        if frame.nested:
            proto = ProtoGroup(text, frame.line, frame.children)
        elif frame.links == 1 and not frame.outside:
            proto = None  # a link entry: navigation, not a component
        else:
            checkbox = None
            if frame.task_marker is not None:
                checkbox = "x" if frame.task_marker else " "
            elif text[:1] == "[" and (match := _TASK_RE.match(text)):
                checkbox, text = match.group(1), text[match.end() :]
            if not text:
                return
            proto = ProtoItem(
                text, "task" if checkbox is not None else "list", frame.line, checkbox
            )
        if proto is None or self.over_item_cap(frame.line, 1):
            return
        if self.frames:
            self.frames[-1].children.append(proto)
        else:
            self.container().append(proto)

    def end_code(self) -> None:
        if self.code is None:
            return
        code, self.code = "".join(self.code), None
        if self.capture_items():
            self.fence(code)

    def fence(self, code: str) -> None:
        """A fenced block's items (yaml, json, python, mermaid), or its problem."""
        result = extract_fence(self.code_lang, code, self.code_line)
        if result.nodes and self.over_item_cap(self.code_line - 1, len(result.nodes)):
            return
        if result.error:
            self.result.warnings.append(
                (self.code_line - 1, ProblemCode.FENCE_INVALID, result.error)
            )
        if self.frames and self.skip_items == 0:
            self.frames[-1].nested = True
            self.frames[-1].children.extend(result.nodes)
        elif not self.frames:
            self.container().extend(result.nodes)

    def over_item_cap(self, line: int, count: int) -> bool:
        """Count ``count`` new nodes; True (with one warning) once past ``max_items``."""
        self.items += count
        if self.items <= self.max_items:
            return False
        if self.items - count <= self.max_items:
            said = f"more than {self.max_items} items: the rest are shown as text only"
            self.result.warnings.append((line, ProblemCode.TOO_MANY_ITEMS, said))
        return True

    def finish(self, last_line: int) -> ParsedBody:
        while self.section_stack:
            self.section_stack.pop().end_line = last_line
        return self.result


# Tags given as a bare string that the walker acts on; others (Paragraph, Strong, …) are
# skipped in the loop itself, which is most of the events of a typical note.
_STR_TAGS = frozenset({"Item", "CodeBlock", "Link", "Image", "BlockQuote", "Heading", "List"})
_STR_TAGS |= {"Table", "FootnoteDefinition"}


def parse_body(
    body: str, first_line: int = 1, max_headings: int = 100_000, max_items: int = 200_000
) -> ParsedBody:
    """Parse a Markdown body whose first line is file line ``first_line``.

    The loop dispatches the frequent events (text, list items, inline tags) itself: per
    event Python overhead is most of the cost of reading a note.
    """
    return walk(_Walker(body, first_line, max_headings, max_items), body, first_line)


def walk(walker: _Walker, body: str, first_line: int) -> ParsedBody:
    """Feed ``body``'s events to ``walker`` (a :class:`_Walker` or a lighter subclass)."""
    add_text, start, end = walker.add_text, walker.start, walker.end
    start_item, end_item = walker.start_item, walker.end_item
    str_tags = _STR_TAGS
    event: Any
    rng: Any
    for event, rng in pyromark.events_with_range(body, options=OPTIONS):
        if event.__class__ is str:
            if event == "SoftBreak" or event == "HardBreak":
                add_text(" ")
            continue
        for kind, value in event.items():  # noqa: B007 (one entry: the event's kind)
            break
        if kind == "Text":
            if walker.code is not None:
                walker.code.append(value)
            else:
                add_text(value)
        elif kind == "Start":
            if value.__class__ is str:
                if value == "Item":
                    start_item(rng)
                elif value in str_tags:
                    start(value, rng)
            else:
                start(value, rng)
        elif kind == "End":
            if value.__class__ is str:
                if value == "Item":
                    end_item()
                elif value in str_tags:
                    end(value, rng)
            else:
                end(value, rng)
        elif kind in ("Code", "InlineMath", "DisplayMath", "InlineHtml", "Html"):
            # Inline HTML stays as the literal text the author wrote (never interpreted).
            add_text(value)
        elif kind == "TaskListMarker" and walker.frames and walker.skip_items == 0:
            walker.frames[-1].task_marker = bool(value)
    last_line = first_line + body.count("\n")
    if body.endswith("\n"):
        last_line -= 1
    return walker.finish(max(last_line, first_line))
