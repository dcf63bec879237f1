"""Where a link's ``#fragment`` points inside a document: a heading path or a block id.

Rules (Obsidian's, a little more forgiving where Obsidian would only fail):

- ``#Heading`` names a section by its title. A title matches when it is equal ignoring case,
  surrounding and repeated whitespace and the characters Obsidian drops from link headings
  (``# | ^ : % [ ] \\``); failing that, when both have the same slug (so ``#branch-naming``
  finds ``Branch Naming`` and ``#Related Documentation`` finds ``📝 Related Documentation``).
  Of several matching sections the first in the document wins.
- ``#H1#H2`` is a heading path: the section matching ``H2`` whose ancestors include, in
  order from the outside in, sections matching ``H1`` (not necessarily the direct parent).
  When no section fits the path, the whole fragment is tried as one title (a heading that
  itself contains ``#``).
- ``#^id`` names a block: a paragraph or list line ending in `` ^id`` (letters, digits and
  ``-``; case-insensitive), outside fenced code and frontmatter. It resolves to the deepest
  section containing that line (the document itself before the first heading).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from kb_tui.core.model import Document, Section
from kb_tui.core.text import slugify

MAX_CANDIDATES = 1_000  # same-titled sections tried for a heading path (hostile documents)
_DROPPED_RE = re.compile(r"[#|^:%\[\]\\\s]+")
_BLOCK_RE = re.compile(r"(?:^|\s)\^([A-Za-z0-9][A-Za-z0-9-]*)\s*$")
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def norm_heading(text: str) -> str:
    """A heading as Obsidian compares it: case-folded, dropped characters as single spaces."""
    return _DROPPED_RE.sub(" ", text).strip().casefold()


@dataclass(frozen=True)
class Anchor:
    """Where a fragment points: ``section`` (``None``: the document's top) at ``line``.

    ``found`` is false when the fragment names a heading or block the document lacks; the
    link then opens the document at its top, as Obsidian does.
    """

    kind: str  # "document", "heading" or "block"
    found: bool
    section: Section | None
    line: int


class DocAnchors:
    """Heading and block lookup tables of one document, built once (O(sections))."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.sections: list[Section] = list(doc.iter_sections())  # document order
        self.starts = [section.line for section in self.sections]
        self.parent: dict[int, int] = {}
        self.by_norm: dict[str, list[int]] = {}
        position = {id(section): index for index, section in enumerate(self.sections)}
        for index, section in enumerate(self.sections):
            for child in section.sections:
                self.parent[position[id(child)]] = index
            self.by_norm.setdefault(norm_heading(section.title), []).append(index)
        self._by_slug: dict[str, list[int]] | None = None
        self._blocks: dict[str, int] | None = None
        self._resolved: dict[str, Anchor] = {}

    # -- lookups ---------------------------------------------------------------------------
    def resolve(self, fragment: str) -> Anchor:
        """The anchor of ``fragment`` (the part after the first ``#``, without it)."""
        anchor = self._resolved.get(fragment)
        if anchor is None:
            anchor = self._resolved[fragment] = self._resolve(fragment)
        return anchor

    def _resolve(self, fragment: str) -> Anchor:
        parts = [part.strip() for part in fragment.split("#")]
        parts = [part for part in parts if part]
        if not parts:
            return Anchor("document", True, None, 1)
        if parts[-1].startswith("^"):
            line = self.blocks().get(parts[-1][1:].strip().casefold())
            if line is None:
                return Anchor("block", False, None, 1)
            return Anchor("block", True, self.section_at(line), line)
        section = self.heading_path(parts)
        if section is None and len(parts) > 1:
            section = self.heading_path([fragment.strip()])
        if section is None:
            return Anchor("heading", False, None, 1)
        return Anchor("heading", True, section, section.line)

    def heading_path(self, parts: list[str]) -> Section | None:
        """The first section matching ``parts[-1]`` under sections matching the rest."""
        for index in islice(self._matches(parts[-1]), MAX_CANDIDATES):
            if self._ancestors_match(index, parts[:-1]):
                return self.sections[index]
        return None

    def section_at(self, line: int) -> Section | None:
        """The deepest section containing ``line``, or ``None`` before the first heading."""
        index: int | None = bisect_right(self.starts, line) - 1
        while index is not None and index >= 0:
            section = self.sections[index]
            if section.line <= line <= max(section.end_line, section.line):
                return section
            index = self.parent.get(index)
        return None

    def blocks(self) -> dict[str, int]:
        """Block id (case-folded) → line, first occurrence; scanned on first use."""
        if self._blocks is None:
            self._blocks = scan_blocks(self.doc.read_text(), self.doc.body_line)
        return self._blocks

    # -- helpers ---------------------------------------------------------------------------
    def _matches(self, title: str) -> Iterator[int]:
        exact = self.by_norm.get(norm_heading(title), [])
        yield from exact
        seen = set(exact)
        slug = slugify(title)
        if slug:
            if self._by_slug is None:
                self._by_slug = {}
                for index, section in enumerate(self.sections):
                    self._by_slug.setdefault(slugify(section.title), []).append(index)
            yield from (index for index in self._by_slug.get(slug, []) if index not in seen)

    def _ancestors_match(self, index: int, outer: list[str]) -> bool:
        wanted = list(reversed(outer))  # nearest ancestor first
        current = self.parent.get(index)
        while wanted and current is not None:
            title = self.sections[current].title
            if _same(title, wanted[0]):
                wanted.pop(0)
            current = self.parent.get(current)
        return not wanted


def _same(title: str, wanted: str) -> bool:
    if norm_heading(title) == norm_heading(wanted):
        return True
    slug = slugify(wanted)
    return bool(slug) and slugify(title) == slug


def scan_blocks(text: str, body_line: int = 1) -> dict[str, int]:
    """Block ids ``^id`` ending a line of ``text`` (outside fences and frontmatter)."""
    found: dict[str, int] = {}
    if "^" not in text:
        return found
    fence = ""
    for number, line in enumerate(text.split("\n"), 1):
        if number < body_line:
            continue
        opener = _FENCE_RE.match(line)
        if fence:
            if (
                opener
                and opener.group(1)[0] == fence[0]
                and len(opener.group(1)) >= len(fence)
                and not line.strip().lstrip(fence[0]).strip()
            ):
                fence = ""
            continue
        if opener:
            fence = opener.group(1)
            continue
        if "^" in line:
            match = _BLOCK_RE.search(line)
            if match:
                found.setdefault(match.group(1).casefold(), number)
    return found
