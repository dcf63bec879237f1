"""Which tags apply to which node of the tree: **the one home of that rule** (the tree
filter's ``tag:``, the search's ``tag:`` and the tags the search shows all ask here).

- A **document** has its frontmatter tags (``tags:``/``tag:``) and those written in its text
  before its first heading (or in the text of the title heading merged into it), outside
  list items: they apply to the whole document.
- A **section** has the tags of its heading and of its own text (before its first
  sub-section), outside list items: they apply to the section and everything in it.
- A **group** or an **item** has the tags on its own line (its list item's first line).
- Every node also carries the tags of the nodes above it, so ``tag:security`` keeps an item
  tagged ``#security``, and every item of a section or note tagged so.

Tags are read by :mod:`kb_tui.core.parse.tags` (Obsidian's rule); a query's ``tag:inbox``
matches ``#inbox`` and ``#inbox/to-read``, ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from kb_tui.core.model import Document, Group, Item, Section
from kb_tui.core.model.layout import title_section
from kb_tui.core.parse.tags import frontmatter_tags, tags_in_line, tags_in_text

_LIST_RE = re.compile(r"^[ \t>]*(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


class Entry(Protocol):
    """A node of the tree as :class:`kb_tui.core.query.kb_index.Entry` has it."""

    @property
    def kind(self) -> str: ...

    @property
    def document(self) -> Document: ...

    @property
    def node(self) -> Section | Group | Item | None: ...

    @property
    def parent(self) -> int: ...


def _outside_lists(lines: Sequence[str]) -> str:
    """``lines`` without list items (their first lines and indented continuations)."""
    kept: list[str] = []
    in_list = False
    for line in lines:
        if _LIST_RE.match(line):
            in_list = True
            continue
        if in_list and (not line.strip() or line[:1] in (" ", "\t")):
            continue
        in_list = False
        kept.append(line)
    return "\n".join(kept)


def _lines(doc: Document) -> list[str]:
    return doc.read_text().split("\n")


def section_tags(doc: Document, section: Section, lines: Sequence[str] | None = None) -> list[str]:
    """The tags ``section`` itself is given: its heading's and its own text's."""
    lines = _lines(doc) if lines is None else lines
    own_end = section.sections[0].line - 1 if section.sections else section.end_line
    found = dict.fromkeys(tags_in_line(section.title))
    found.update(dict.fromkeys(tags_in_text(_outside_lists(lines[section.line : own_end]))))
    return list(found)


def document_tags(doc: Document, lines: Sequence[str] | None = None) -> list[str]:
    """The tags of the whole document: frontmatter, text before the first heading, and the
    own text of the title heading shown as the document."""
    lines = _lines(doc) if lines is None else lines
    first = doc.sections[0].line if doc.sections else len(lines) + 1
    found = dict.fromkeys(frontmatter_tags(doc.frontmatter))
    found.update(dict.fromkeys(tags_in_text(_outside_lists(lines[doc.body_line - 1 : first - 1]))))
    h1 = title_section(doc)
    if h1 is not None:
        found.update(dict.fromkeys(section_tags(doc, h1, lines)))
    return list(found)


def node_tags(doc: Document, node: Group | Item, lines: Sequence[str] | None = None) -> list[str]:
    """The tags on a group's or an item's own line."""
    lines = _lines(doc) if lines is None else lines
    if 0 < node.line <= len(lines):
        return tags_in_line(lines[node.line - 1])
    return tags_in_line(node.text if isinstance(node, Item) else node.title)


def tree_tags(entries: Sequence[Entry]) -> list[frozenset[str]]:
    """Each entry's tags (case-folded), its own and those of the entries above it."""
    out: list[frozenset[str]] = []
    lines: list[str] = []
    current: Document | None = None
    for entry in entries:
        if entry.document is not current:
            current = entry.document
            lines = _lines(current)
        if entry.kind == "document":
            own = document_tags(current, lines)
        elif isinstance(entry.node, Section):
            own = section_tags(current, entry.node, lines)
        elif entry.node is not None:
            own = node_tags(current, entry.node, lines)
        else:
            own = []
        folded = frozenset(tag.casefold() for tag in own)
        above = out[entry.parent] if entry.parent >= 0 else frozenset()
        out.append(folded | above if folded else above)
    return out


def segment_tags(doc: Document) -> dict[int, frozenset[str]]:
    """The tags of each part of ``doc`` the search shows (by ``id`` of the section, 0 for
    the text before the first heading): those from above, the heading's, and every tag in
    the part's own text, its items' included (case-folded)."""
    lines = _lines(doc)
    base = frozenset(tag.casefold() for tag in frontmatter_tags(doc.frontmatter))
    first = doc.sections[0].line if doc.sections else len(lines) + 1
    preamble = tags_in_text("\n".join(lines[doc.body_line - 1 : first - 1]))
    out = {0: base | {tag.casefold() for tag in preamble}}
    above = base | {
        t.casefold() for t in tags_in_text(_outside_lists(lines[doc.body_line - 1 : first - 1]))
    }
    stack = [(section, above) for section in reversed(doc.sections)]
    while stack:
        section, inherited = stack.pop()
        own_end = section.sections[0].line - 1 if section.sections else section.end_line
        text = lines[section.line : own_end]
        heading = {tag.casefold() for tag in tags_in_line(section.title)}
        own = {tag.casefold() for tag in section_tags(doc, section, lines)}
        out[id(section)] = (
            inherited | heading | {t.casefold() for t in tags_in_text("\n".join(text))}
        )
        stack.extend((sub, inherited | own) for sub in reversed(section.sections))
    return out
