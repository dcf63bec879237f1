"""The knowledge-base model: documents, sections, groups and checklist items.

Plain dataclasses with no behaviour beyond walking, so parsing, storing and exporting stay
independent of one another and of the TUI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from kb_tui.core.text import replace_lines

STATUSES: tuple[str, ...] = ("todo", "in_progress", "done", "blocked", "na")
Status = Literal["todo", "in_progress", "done", "blocked", "na"]
ItemKind = Literal["list", "task", "yaml", "json", "python", "mermaid"]
Severity = Literal["error", "warning", "info"]


@dataclass(slots=True)
class Item:
    """One checklist entry: a component whose implementation progress is tracked."""

    id: str
    text: str
    kind: ItemKind
    line: int
    checkbox: str | None = None
    status: Status = "todo"
    note: str = ""
    owner: str = ""
    updated: str = ""
    by: str = ""
    due: str = ""  # YYYY-MM-DD or "" (see kb_tui.core.model.due)


@dataclass(slots=True)
class Group:
    """A titled bundle of items: a list item with nested content, a YAML key, a function."""

    id: str
    title: str
    line: int
    children: list[Group | Item] = field(default_factory=list)


@dataclass(slots=True)
class Section:
    """A heading and everything under it up to the next heading of the same or higher level."""

    id: str
    title: str
    level: int
    line: int
    end_line: int = 0
    children: list[Group | Item] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass(slots=True)
class LinkRef:
    """A link found in a document; ``target`` is the raw destination as written."""

    source: str
    target: str
    line: int
    kind: Literal["wikilink", "markdown", "embed", "url"]
    resolved: str | None = None
    heading: str = ""


@dataclass(slots=True)
class Problem:
    """Something wrong with the vault, reported rather than raised."""

    path: str
    line: int
    severity: Severity
    code: str
    message: str
    fix: str = ""


@dataclass(slots=True)
class Document:
    """One Markdown file of the vault; ``path`` is relative to the root with ``/`` separators."""

    path: str
    title: str
    frontmatter: dict[str, object]
    text: str
    sections: list[Section] = field(default_factory=list)
    preamble: list[Group | Item] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)
    truncated: bool = False
    body_line: int = 1
    created: datetime | None = None
    modified: datetime | None = None
    # The doctor's findings on the text (a closing fence with an info string, Templater
    # left unrendered), found along with the parse so that ``check`` need not scan every
    # note again; ``None`` when not computed (a document built directly).
    findings: list[Problem] | None = None
    # Headings whose slug repeats an earlier one's: (line, title, first line, slug), found
    # along with the parse too (``check`` then slugs no heading); ``None``: not computed.
    repeats: list[tuple[int, str, int, str]] | None = None
    # Closing fences read as closed although CommonMark keeps them open, as (line, the line
    # as `kb-tui fix` writes it): the note is read as its author meant it, and its items
    # are the repaired file's (see kb_tui.core.parse.fence_scan). Empty: read as written.
    # ``text`` stays the file's text; :meth:`read_text` is the text the note was read as.
    fence_repairs: list[tuple[int, str]] = field(default_factory=list)

    def read_text(self) -> str:
        """The text the note was read as: :attr:`text` with :attr:`fence_repairs` made."""
        if not self.text:  # an outline keeps no text (see kb_tui.core.vault.index)
            return self.text
        return replace_lines(self.text, self.fence_repairs)

    def iter_sections(self) -> Iterator[Section]:
        """Every section, depth first, in document order."""
        stack = list(reversed(self.sections))
        while stack:
            section = stack.pop()
            yield section
            stack.extend(reversed(section.sections))

    def iter_items(self) -> Iterator[Item]:
        """Every item of the document in document order (one loop, no nested generators:
        applying the store to half a million items walks this)."""
        stack: list[Section | Group | Item] = [*reversed(self.sections), *reversed(self.preamble)]
        pop, extend = stack.pop, stack.extend
        while stack:
            node = pop()
            if node.__class__ is Item:
                yield node
            elif node.__class__ is Section:
                extend(reversed(node.sections))
                extend(reversed(node.children))
            else:
                extend(reversed(node.children))  # type: ignore[union-attr]


@dataclass(slots=True)
class Orphan:
    """A stored status whose item no longer exists in the vault; kept, never dropped."""

    id: str
    status: str
    note: str = ""
    owner: str = ""
    updated: str = ""
    by: str = ""
    due: str = ""


@dataclass(slots=True)
class KnowledgeBase:
    """A vault (or a single file) read into documents, with its links and problems."""

    root: Path
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    orphans: list[Orphan] = field(default_factory=list)
    name: str = ""
    store_path: Path | None = None  # where its statuses were read from (never a report target)

    @property
    def links(self) -> list[LinkRef]:
        return [link for doc in self.documents for link in doc.links]

    def iter_items(self) -> Iterator[Item]:
        for doc in self.documents:
            yield from doc.iter_items()

    def item_index(self) -> dict[str, Item]:
        return {item.id: item for item in self.iter_items()}


def iter_items(nodes: list[Group | Item]) -> Iterator[Item]:
    """Items below ``nodes`` (groups flattened) in order, without recursion."""
    stack: list[Group | Item] = list(reversed(nodes))
    while stack:
        node = stack.pop()
        if isinstance(node, Item):
            yield node
        else:
            stack.extend(reversed(node.children))


def section_items(section: Section) -> Iterator[Item]:
    """Items of a section and all of its sub-sections."""
    yield from iter_items(section.children)
    for sub in section.sections:
        yield from section_items(sub)
