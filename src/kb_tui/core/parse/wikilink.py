"""The one rule for reading a wikilink or an embed: ``[[name#anchor|alias]]``, ``![[...]]``.

Every place that reads wikilinks (the link resolver, the item labels of the parser, the
viewer, the search text, the doctor) asks here, so they agree on what the target is:

- ``name`` is before the first ``#``, ``fragment`` after it (a heading, ``^block`` or, for a
  PDF, ``page=3``); ``alias`` after the first ``|``;
- inside a Markdown table the pipe is escaped, ``[[name\\|alias]]``: the backslash belongs to
  the pipe, never to the name (``Engelbart.jpg\\`` is not a file name);
- in an embed of an image or a video, an alias of the form ``100`` or ``100x145`` is a size
  (width, or width × height), not a text to show: ``![[x.png#interface|600]]`` embeds
  ``x.png`` 600 wide.

Nothing here touches the file system: a :class:`WikiLink` says what was written; resolving
it is :mod:`kb_tui.core.links.resolve`'s work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from kb_tui.core.parse.code_spans import replace_outside_code
from kb_tui.core.text import strip_controls

MAX_INNER = 500  # longest text between ``[[`` and ``]]`` read as a link (hostile input)
WIKILINK_RE = re.compile(r"(!?)\[\[([^\[\]\n]{1,500})\]\]")  # MAX_INNER
_SIZE_RE = re.compile(r"(\d{1,5})(?:\s*[xX×]\s*(\d{1,5}))?")

# Obsidian's accepted formats (help.obsidian.md, "Accepted file formats").
_KINDS: dict[str, str] = {
    **dict.fromkeys(("avif", "bmp", "gif", "jpeg", "jpg", "png", "svg", "webp"), "image"),
    **dict.fromkeys(("flac", "m4a", "mp3", "ogg", "wav", "3gp"), "audio"),
    **dict.fromkeys(("mkv", "mov", "mp4", "ogv", "webm"), "video"),
    "pdf": "PDF",
    "md": "note",
}
SIZED_KINDS = frozenset({"image", "video"})


def file_kind(name: str) -> str:
    """What an embedded name is, by its extension: ``note`` (no extension or ``.md``),
    ``image``, ``PDF``, ``audio``, ``video`` or ``other``."""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem or not ext.isalnum() or ext.isdigit() or len(ext) > 8:
        return "note"
    return _KINDS.get(ext.lower(), "other")


@dataclass(frozen=True, slots=True)
class WikiLink:
    """A wikilink or embed as written: what it names, where in it, and how it is shown."""

    embed: bool
    name: str  # the note or file named; "" for ``[[#Heading]]`` (the linking note)
    fragment: str  # after the first ``#``: a heading, ``^block``, ``page=3``; "" if none
    alias: str = ""  # the text to show instead of the name; never a size
    width: int | None = None
    height: int | None = None

    @property
    def target(self) -> str:
        """``name#fragment``: what the resolver is given (the alias and size dropped)."""
        return f"{self.name}#{self.fragment}" if self.fragment else self.name

    @property
    def kind(self) -> str:
        """See :func:`file_kind`."""
        return file_kind(self.name)

    @property
    def is_attachment(self) -> bool:
        """An embed or link of a file that is not a note (``.md`` or no extension)."""
        return bool(self.name) and self.kind != "note"

    @property
    def label(self) -> str:
        """What to show: the alias; else, for an embedded file, its name (``Engelbart.jpg``,
        never its size); else the target as written (``note#Heading``)."""
        if self.alias:
            return self.alias
        if self.embed and self.is_attachment:
            return self.name.rsplit("/", 1)[-1]
        return self.target

    @property
    def page(self) -> int | None:
        """The page of ``![[file.pdf#page=3]]``."""
        key, _, value = self.fragment.partition("=")
        if key.strip().lower() == "page" and value.strip().isdigit():
            return int(value.strip()[:6])
        return None

    @property
    def size(self) -> str:
        """``100×145``, ``600`` wide, or "" when no size was given."""
        if self.width is None:
            return ""
        return f"{self.width}×{self.height}" if self.height is not None else f"{self.width}"


def parse_wikilink(inner: str, embed: bool = False) -> WikiLink:
    """Read the text between ``[[`` and ``]]`` (``embed``: it was ``![[``)."""
    inner = strip_controls(inner)
    head, pipe, tail = inner.partition("|")
    if pipe and head.endswith("\\"):  # ``[[name\|alias]]`` in a table: the escaped pipe
        head = head[:-1]
    elif not pipe and head.rstrip().endswith("\\"):
        head = head.rstrip()[:-1]  # a target cut before its escaped pipe (pyromark's)
    name, _, fragment = head.partition("#")
    name, fragment, alias = name.strip(), fragment.strip(), tail.strip()
    if fragment.endswith("\\"):
        fragment = fragment[:-1].rstrip()
    width = height = None
    if embed and alias and file_kind(name) in SIZED_KINDS:
        size = _SIZE_RE.fullmatch(alias)
        if size is not None:
            width = int(size.group(1))
            height = int(size.group(2)) if size.group(2) else None
            alias = ""
    return WikiLink(embed, name, fragment, alias, width, height)


def split_target(target: str) -> tuple[str, str]:
    """(name, fragment) of a link target as the parser recorded it (``name#fragment``,
    perhaps with a table's ``\\`` or an alias still on it)."""
    link = parse_wikilink(target)
    return link.name, link.fragment


def find_wikilinks(text: str) -> Iterator[tuple[re.Match[str], WikiLink]]:
    """Every ``[[...]]`` and ``![[...]]`` in ``text`` with its reading, in order."""
    if "[[" not in text:
        return
    for match in WIKILINK_RE.finditer(text):
        yield match, parse_wikilink(match.group(2), embed=bool(match.group(1)))


def replace_wikilinks(text: str, replace: Callable[[WikiLink], str]) -> str:
    """``text`` with each wikilink replaced by ``replace(its reading)``; one inside a code
    span (```[[x]]```) is code, left as written."""
    if "[[" not in text:
        return text

    def one(match: re.Match[str]) -> str:
        return replace(parse_wikilink(match.group(2), embed=bool(match.group(1))))

    if "`" not in text:
        return WIKILINK_RE.sub(one, text)
    return replace_outside_code(text, lambda piece: WIKILINK_RE.sub(one, piece))
