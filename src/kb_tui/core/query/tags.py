"""Which tags apply to which node of the tree: **the one home of that rule** (the tree
filter's ``tag:``, the search's ``tag:`` and the tags the search shows all ask here).

- A **document** has its frontmatter tags (``tags:``/``tag:``) and those written in its text
  before its first heading (or in the text of the title heading merged into it), outside
  list items: they apply to the whole document.
- A **section** has the tags of its heading and of its own text (before its first
  sub-section), outside list items: they apply to the section and everything in it.
- A **group** or an **item** has the tags on its own line (its list item's first line).
- Every node also carries the tags of the nodes above it, so ``tag:security`` keeps an item
  tagged ``#security``, and every item of a section or note tagged so. They are not copied
  into it (a note with thousands of tags and items would hold millions): a
  :class:`TagTree` keeps each node's own tags and its parent.
- A comment (``%%…%%``) holds no tag: it is no part of the note's text.

Tags are read by :mod:`kb_tui.core.parse.tags` (Obsidian's rule); a query's ``tag:inbox``
matches ``#inbox`` and ``#inbox/to-read``, ignoring case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Protocol

from kb_tui.core.model import Document, Group, Item, Section
from kb_tui.core.model.layout import title_section
from kb_tui.core.parse.obsidian_marks import hide_comments
from kb_tui.core.parse.tags import frontmatter_tags, tag_matches, tags_in_line, tags_in_text

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

    @property
    def end(self) -> int: ...


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
    """``doc``'s lines as the parser read them: its comments (``%%…%%``) hidden line for line
    (:func:`kb_tui.core.parse.obsidian_marks.hide_comments`), its frontmatter kept."""
    lines = doc.read_text().split("\n")
    head = lines[: doc.body_line - 1]
    return head + hide_comments("\n".join(lines[doc.body_line - 1 :])).split("\n")


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


class TagTree:
    """Nodes in tree order, each with its parent and the tags it is given itself
    (case-folded); node ``i``'s subtree is ``i`` up to ``ends[i]``. A node's tags are its own
    and those of every node above it, never copied into it: :meth:`passing` marks the
    subtrees of the nodes giving a tag, so memory and time grow with the tags written."""

    def __init__(self) -> None:
        self.parents: list[int] = []
        self.ends: list[int] = []
        self.own: dict[int, tuple[str, ...]] = {}  # the nodes given tags of their own
        self.givers: dict[str, list[int]] = {}  # a tag: the nodes given it, in tree order

    def __len__(self) -> int:
        return len(self.parents)

    def add(self, parent: int, tags: Iterable[str], end: int | None = None) -> int:
        """A node below ``parent`` (-1: none) given ``tags``; its subtree ends at ``end``
        (None: itself alone, or as :meth:`close` says later)."""
        node = len(self.parents)
        self.parents.append(parent)
        self.ends.append(node + 1 if end is None else end)
        own = tuple(dict.fromkeys(tag.casefold() for tag in tags))
        if own:
            self.own[node] = own
            for tag in own:
                self.givers.setdefault(tag, []).append(node)
        return node

    def close(self, node: int) -> None:
        """``node``'s subtree ends with the last node added."""
        self.ends[node] = len(self.parents)

    def tags(self, node: int) -> frozenset[str]:
        """Every tag of ``node``: its own and those of the nodes above it."""
        found: set[str] = set()
        while node >= 0:
            found.update(self.own.get(node, ()))
            node = self.parents[node]
        return frozenset(found)

    def passing(self, wanted: Sequence[str]) -> bytes:
        """A byte a node, 1 when its tags hold each of ``wanted`` (case-folded) or a tag
        nested below it: the subtrees of the nodes given one, for each, computed in C."""
        size = len(self.parents)
        passed = int.from_bytes(b"\x01" * size, "big")
        for want in wanted:
            givers = sorted(
                {
                    node
                    for tag, nodes in self.givers.items()
                    if tag_matches(tag, want)
                    for node in nodes
                }
            )
            mark = bytearray(size)
            reach = 0
            for node in givers:
                if node >= reach:  # not inside a subtree marked already
                    reach = self.ends[node]
                    mark[node:reach] = b"\x01" * (reach - node)
            passed &= int.from_bytes(mark, "big")
        return passed.to_bytes(size, "big")


def tree_tags(entries: Sequence[Entry]) -> TagTree:
    """The tree's tags: a node for each entry, given its own tags."""
    tree = TagTree()
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
        tree.add(entry.parent, own, entry.end)
    return tree


def segment_tags(doc: Document, tree: TagTree) -> dict[int, int]:
    """``doc``'s parts the search shows, added to ``tree``: the node of each (by ``id`` of
    the section, 0 for the text before the first heading), whose tags are those from above,
    the heading's, and every tag in the part's own text, its items' included."""
    lines = _lines(doc)
    first = doc.sections[0].line if doc.sections else len(lines) + 1
    preamble = lines[doc.body_line - 1 : first - 1]
    given = [*frontmatter_tags(doc.frontmatter), *tags_in_text(_outside_lists(preamble))]
    root = tree.add(-1, given)  # what applies to the whole note
    out = {0: tree.add(root, tags_in_text("\n".join(preamble)))}
    _add_sections(doc, doc.sections, root, lines, tree, out)
    tree.close(root)
    return out


def _add_sections(doc: Document, sections: Sequence[Section], parent: int, lines: Sequence[str],
                  tree: TagTree, out: dict[int, int]) -> None:  # fmt: skip
    for section in sections:
        given = tree.add(parent, section_tags(doc, section, lines))  # for all in the section
        own_end = section.sections[0].line - 1 if section.sections else section.end_line
        text = "\n".join(lines[section.line : own_end])
        out[id(section)] = tree.add(given, [*tags_in_line(section.title), *tags_in_text(text)])
        _add_sections(doc, section.sections, given, lines, tree, out)
        tree.close(given)
