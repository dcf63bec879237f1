"""The wikilink and the ID the explorer copies to the clipboard (``y`` and ``Y``).

One home for the copied text, so the toast, the clipboard and the tests agree. The link is
written the way Obsidian writes one with its default "shortest path when possible":

- the note is its file name without ``.md`` when no other note of the vault has that name
  (compared as the resolver compares names: case-insensitively), else its path from the
  vault root without ``.md``;
- the heading is the heading as written in the file (an ATX heading's text; a setext
  heading's title) made fit for a link as Obsidian's ``stripHeadingForLink`` does it: ``:``
  ``#`` ``|`` ``^`` ``\\``, line breaks, ``%%``, ``[[`` and ``]]`` become spaces (runs of
  spaces one), and so do single ``[`` and ``]`` (one next to the link's own ``]]`` would end
  it early). ``## A | B: [x]`` is copied as ``[[note#A B x]]``. Obsidian, and kb-tui's
  resolver, ignore those characters when they compare a link's heading with a note's, so
  the link finds the section;
- when an earlier section of the same name would win, the heading path is used
  (``[[note#Parent#Heading]]``), outermost heading first, as short as finds the section.

What is copied goes to the terminal inside an OSC 52 sequence: it never holds a control
character (an escape, a newline) whatever the document's file names and headings hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb_tui.core.links.resolve import LinkIndex, _key
from kb_tui.core.model import Document, Section
from kb_tui.core.text import strip_controls

_BREAKS_RE = re.compile(r"[\t\n\r\v\f]")
_LINK_UNSAFE_RE = re.compile(r"[:#|^\\\r\n\[\]]|%%")
_ATX_RE = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
UNLINKABLE_NAME = re.compile(r"[#|\[\]^]")  # what Obsidian refuses in a file name


@dataclass(frozen=True)
class Copied:
    """Text for the clipboard, and what the user should know of it ("" when nothing)."""

    text: str
    warning: str = ""


def clipboard_safe(text: str) -> str:
    """``text`` without control characters: line breaks and tabs become spaces, escapes
    and other C0/C1/bidi controls are dropped (it travels inside a terminal sequence)."""
    return strip_controls(_BREAKS_RE.sub(" ", text))


def link_heading(heading: str) -> str:
    """``heading`` as a wikilink's ``#Heading`` part (see the module's docstring)."""
    return " ".join(_LINK_UNSAFE_RE.sub(" ", heading).split())


def _without_md(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


def note_name(index: LinkIndex, path: str) -> str:
    """How a wikilink names the document at ``path``: its file name alone when unique in
    the vault, else its path from the root (both without ``.md``)."""
    stem = _without_md(path.rsplit("/", 1)[-1])
    if len(index.by_stem.get(_key(stem), ())) <= 1:
        return stem
    return _without_md(path)


def wikilink(index: LinkIndex, doc: Document, section: Section | None) -> Copied:
    """``[[note#Heading]]`` for ``section`` of ``doc`` (``None``: ``[[note]]``)."""
    name = note_name(index, doc.path)
    warnings: list[str] = []
    if UNLINKABLE_NAME.search(name):
        warnings.append("Obsidian cannot link to a file name holding # | [ ] ^")
    fragment = ""
    if section is not None:
        fragment, warning = heading_fragment(index, doc, section)
        if warning:
            warnings.append(warning)
    text = f"[[{name}#{fragment}]]" if fragment else f"[[{name}]]"
    return Copied(clipboard_safe(text), "; ".join(warnings))


def heading_fragment(index: LinkIndex, doc: Document, section: Section) -> tuple[str, str]:
    """The part after ``#`` that finds ``section``, and a warning when none does."""
    anchors = index.anchors(doc.path)
    chain = _chain(anchors.sections, anchors.parent, section)
    lines = doc.text.split("\n") if doc.text else []
    written = [link_heading(clipboard_safe(written_heading(lines, item))) for item in chain]
    shown = [link_heading(clipboard_safe(item.title)) for item in chain]
    if not written[-1] and not shown[-1]:
        return "", "the heading holds nothing a link can name: the link opens the note"
    for names in (written, shown):  # as in the file first; as shown if that finds another
        # The heading alone, then with its parent, …, then the whole path, outermost first.
        for start in range(len(names) - 1, -1, -1):
            fragment = "#".join(part for part in names[start:] if part)
            if fragment and anchors.resolve(fragment).section is section:
                return fragment, ""
    return written[-1] or shown[-1], (
        "an earlier heading of the same name comes first: the link opens that one"
    )


def written_heading(lines: list[str], section: Section) -> str:
    """The heading's text as in the file (``lines``), else the section's title."""
    if 0 < section.line <= len(lines):
        match = _ATX_RE.match(lines[section.line - 1])
        if match is not None and match.group(1):
            return match.group(1)
    return section.title


def _chain(sections: list[Section], parent: dict[int, int], section: Section) -> list[Section]:
    """``section``'s enclosing sections, outermost first, then ``section`` itself."""
    position = next((i for i, found in enumerate(sections) if found is section), None)
    if position is None:
        return [section]
    chain = [section]
    current = parent.get(position)
    while current is not None:
        chain.append(sections[current])
        current = parent.get(current)
    return list(reversed(chain))


def copied_id(node_id: str) -> Copied:
    """An item's (or section's, or document's) ID for the clipboard."""
    safe = clipboard_safe(node_id)
    warning = "" if safe == node_id else "control characters were left out"
    return Copied(safe, warning)
