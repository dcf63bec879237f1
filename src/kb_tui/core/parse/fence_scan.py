"""Find code fences whose closing line carries an info string (``fence-info-on-close``).

CommonMark never closes a fence on a line with an info string, so a closing ```` ```text ````
keeps the block open and swallows everything up to the next bare fence. Markdown parsers
(pyromark included) report only the result, not the line that caused it, so this is a line
scanner that applies the CommonMark fence rules itself: an opener is indented at most three
columns (more inside a list item), is three or more backticks or tildes, and a backtick
info string holds no backtick; a closer is the same character, at least as long as the
opener, indented at most three columns past the opener's container, with nothing after it
but spaces. A fence opened inside a list item also ends where the item does (a line
indented less than two columns).

A line inside an open fence that would close it but for an info string is reported only
when closing was plainly meant: the fence has content, and either the lines after it read
as Markdown (a heading, a list, a table, a bold title, another fence's opener) or the fence
is never closed otherwise (the rest of the file would vanish into it). Inside a
``markdown`` fence, where fenced examples are expected, the Markdown after it must also be
followed by another block's opener rather than a bare fence. Once a line is reported the
scan goes on as if it were repaired, which is how the file reads after ``kb-tui fix``.

This is the one home of the rule: ``kb-tui fix`` writes each finding's ``replacement``
(:mod:`kb_tui.core.doctor.repair`), and a note is read with the same replacements made in
memory (:func:`kb_tui.core.parse.document.fence_repairs`) unless it is read strictly as
CommonMark, so its items and IDs are the repaired file's.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_FENCE_RE = re.compile(r"(?P<indent>[ \t]*)(?P<run>`{3,}|~{3,})(?P<info>.*)")
_QUOTE_RE = re.compile(r"(?:[ ]{0,3}>[ ]?)+")
_LIST_RE = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_MARKDOWN_RES = (
    re.compile(r" {0,3}#{1,6}(?:[ \t]|$)"),  # ATX heading
    re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+\S"),  # list item
    re.compile(r" {0,3}>"),  # block quote
    re.compile(r"[ \t]*\|.*\|[ \t]*$"),  # table row
    re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:_[ \t]*){3,}|(?:\*[ \t]*){3,})$"),  # break
    re.compile(r"\*\*[^*]+\*\*"),  # a bold group title
)
MARKDOWN_INFOS = frozenset({"markdown", "md", "mdx", "commonmark", "gfm", "obsidian"})
LOOKAHEAD = 50  # lines searched for the Markdown that follows a suspect line


@dataclass(frozen=True)
class FenceLine:
    """A line that is a fence run: where it starts and ends, and what follows it."""

    prefix: str  # block-quote markers and indentation before the run
    indent: int  # columns of indentation, tabs expanded to multiples of four
    char: str
    length: int
    info: str  # the info string, stripped
    run_end: int  # index in the line just after the fence run

    @property
    def valid_info(self) -> bool:
        return self.char == "~" or "`" not in self.info

    @property
    def run(self) -> str:
        return self.char * self.length


@dataclass(frozen=True)
class FenceFinding:
    """A closing fence line with an info string, and the fence it was meant to close."""

    line: int  # 1-based
    info: str
    replacement: str  # the whole repaired line, without its line ending
    opener_line: int
    opener: str  # the opening line's run and info string, e.g. ```mermaid
    swallowed_to: int  # last line read as code when the line is left as it is
    reindented: bool = False


def _columns(prefix: str) -> int:
    col = 0
    for ch in prefix:
        col = col + 4 - col % 4 if ch == "\t" else col + 1
    return col


def _indent(text: str) -> int:
    return _columns(text[: len(text) - len(text.lstrip(" \t"))])


def parse_fence_line(line: str) -> FenceLine | None:
    """The fence run of ``line`` (after any block-quote markers), or None."""
    offset = 0
    if ">" in line[:8]:
        quote = _QUOTE_RE.match(line)
        if quote:
            offset = quote.end()
    match = _FENCE_RE.match(line, offset)
    if match is None:
        return None
    run = match.group("run")
    return FenceLine(
        prefix=line[: match.start("run")],
        indent=_columns(match.group("indent")),
        char=run[0],
        length=len(run),
        info=match.group("info").strip(" \t"),
        run_end=match.end("run"),
    )


@dataclass
class _Open:
    line: int  # 0-based index of the opener
    fence: FenceLine
    limit: int  # deepest indent a closer may have
    in_list: bool  # opened inside a list item: ends with the item
    content: bool = False
    literal_end: int | None = None  # cached: where the fence ends when read literally

    @property
    def is_markdown(self) -> bool:
        words = self.fence.info.split()
        return bool(words) and words[0].lower() in MARKDOWN_INFOS


class _Scanner:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.fences = [
            parse_fence_line(line) if ("``" in line or "~~" in line) else None for line in lines
        ]
        self.last = max(0, len(lines) - (2 if len(lines) > 1 and not lines[-1] else 1))
        self.bare = [i for i, f in enumerate(self.fences) if f is not None and not f.info]
        self.code = [False] * len(lines)  # lines inside a fence, fence lines included

    def closes(self, index: int, open_: _Open, *, bare: bool) -> bool:
        fence = self.fences[index]
        return (
            fence is not None
            and fence.char == open_.fence.char
            and fence.length >= open_.fence.length
            and fence.indent <= open_.limit
            and (not fence.info or not bare)
        )

    def leaves_list(self, index: int, open_: _Open) -> bool:
        text = self.lines[index]
        return open_.in_list and bool(text.strip()) and _indent(text) < 2

    def end_of(self, index: int, open_: _Open) -> int:
        """Where ``open_`` ends when read literally after ``index``: its closer, else EOF."""
        if open_.literal_end is None or open_.literal_end <= index:
            end = self.last
            # Outside a list only a bare fence can end it; inside one, an outdented line soon will.
            after = (
                range(index + 1, len(self.lines))
                if open_.in_list
                else self.bare[bisect_right(self.bare, index) :]
            )
            for j in after:
                if self.closes(j, open_, bare=True) or self.leaves_list(j, open_):
                    end = j
                    break
            open_.literal_end = end
        return open_.literal_end

    def next_fence(self, index: int, open_: _Open) -> FenceLine | None:
        for j in range(index + 1, len(self.lines)):
            fence = self.fences[j]
            if fence is not None and fence.char == open_.fence.char:
                return fence
        return None

    def markdown_follows(self, index: int) -> bool:
        for j in range(index + 1, min(len(self.lines), index + LOOKAHEAD)):
            text = self.lines[j]
            if not text.strip():
                continue
            fence = self.fences[j]
            if fence is not None:
                return bool(fence.info) and fence.valid_info
            return any(pattern.match(text) for pattern in _MARKDOWN_RES)
        return False

    def meant_to_close(self, index: int, open_: _Open) -> bool:
        if not open_.content:
            return False
        end = self.end_of(index, open_)
        if end == self.last and not self.closes(end, open_, bare=True):
            return True  # never closed otherwise: the rest of the file would be code
        if not self.markdown_follows(index):
            return False
        if open_.is_markdown:  # a fenced example inside is closed by a bare fence next
            following = self.next_fence(index, open_)
            return following is None or bool(following.info)
        return True

    def finding(self, index: int, open_: _Open, fence: FenceLine) -> FenceFinding:
        outdented = self.leaves_list(index, open_)
        reindent = outdented or fence.indent > open_.limit
        prefix = open_.fence.prefix if reindent else fence.prefix
        end = self.end_of(index, open_)
        if outdented:  # read literally, the line opens a block of its own
            end = next(
                (
                    j
                    for j in self.bare[bisect_right(self.bare, index) :]
                    if (other := self.fences[j]) is not None
                    and other.char == fence.char
                    and other.length >= fence.length
                    and other.indent <= 3
                ),
                self.last,
            )
        return FenceFinding(
            line=index + 1,
            info=fence.info,
            replacement=prefix + fence.run,
            opener_line=open_.line + 1,
            opener=open_.fence.run + open_.fence.info,
            swallowed_to=end + 1,
            reindented=reindent,
        )

    def scan(self) -> list[FenceFinding]:
        found: list[FenceFinding] = []
        open_: _Open | None = None
        list_context = False
        for index, text in enumerate(self.lines):
            fence = self.fences[index]
            if open_ is not None:
                self.code[index] = not self.leaves_list(index, open_)
                in_reach = fence is not None and fence.indent <= 3
                if self.closes(index, open_, bare=True):
                    open_ = None
                    continue
                if fence is not None and fence.info and fence.valid_info:
                    candidate = self.closes(index, open_, bare=False) or (
                        in_reach
                        and self.leaves_list(index, open_)
                        and fence.char == open_.fence.char
                        and fence.length >= open_.fence.length
                    )
                    if candidate and self.meant_to_close(index, open_):
                        found.append(self.finding(index, open_, fence))
                        open_ = None
                        continue
                if not self.leaves_list(index, open_):
                    open_.content = open_.content or bool(text.strip())
                    continue
                open_ = None  # the list item ends, and the fence with it
            if fence is not None and fence.valid_info and (fence.indent <= 3 or list_context):
                in_list = list_context and fence.indent >= 2
                limit = fence.indent + 3 if in_list else 3
                open_ = _Open(index, fence, limit, in_list)
                self.code[index] = True
            elif text.strip():
                list_context = bool(_LIST_RE.match(text)) or (
                    list_context and text[:1] in (" ", "\t")
                )
        return found


def scan_fences(lines: list[str]) -> tuple[list[FenceFinding], list[bool]]:
    """Closing fence lines with an info string in ``lines`` (text, no line endings), and
    which lines are code once they are repaired."""
    scanner = _Scanner(lines)
    return scanner.scan(), scanner.code


def find_fence_info_on_close(lines: list[str]) -> list[FenceFinding]:
    """Every closing fence line with an info string in ``lines`` (text, no line endings)."""
    return _Scanner(lines).scan()
