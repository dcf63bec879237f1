"""What a document's layers are: **the one home of the document-layout rule.**

A note's top-level headings are its layers, except when its only top-level heading is an
H1 that repeats the document's title (``# Infrastructure Architecture`` over the H2s):
that heading *is* the document, so its H2s are the layers and its loose items the
document's own. The tree, the reports, search and the viewer all ask here.
"""

from __future__ import annotations

import re

from kb_tui.core.model import Document, Group, Item, Section
from kb_tui.core.text import clean


def is_title_heading(level: int, title: str, doc_title: str, top_level_count: int) -> bool:
    """Whether a top-level heading only carries the document's title (the rule, on plain
    values, so a report's records are read by it as well as a parsed document)."""
    return top_level_count == 1 and level == 1 and title == doc_title


def title_section(doc: Document) -> Section | None:
    """The H1 that only repeats ``doc``'s title, if any (shown merged into the document)."""
    if doc.sections:
        first = doc.sections[0]
        if is_title_heading(first.level, first.title, doc.title, len(doc.sections)):
            return first
    return None


def document_content(doc: Document) -> tuple[list[Group | Item], list[Section], Section | None]:
    """A document's own items, its layers, and the title heading merged into it (if any)."""
    h1 = title_section(doc)
    if h1 is None:
        return doc.preamble, doc.sections, None
    return [*doc.preamble, *h1.children], h1.sections, h1


def section_titles(doc: Document, chain: list[Section]) -> list[str]:
    """The titles from the document down a chain of sections, the title heading left out."""
    titles = [section.title for section in chain]
    if chain and chain[0] is title_section(doc):
        titles = titles[1:]
    return [doc.title, *titles]


_DIGITS_RE = re.compile(r"(\d+)")

NaturalKey = tuple[str | int, ...]


def natural_key(text: str) -> NaturalKey:
    """Sort key for shown names: case-insensitive, numbers by value (``2`` before ``10``).

    Strings and numbers alternate (``re.split`` puts the digit runs at odd places), so two
    keys always compare position by position like with like.
    """
    parts = _DIGITS_RE.split(text.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts))


def folder_key(name: str) -> tuple[int, NaturalKey, str]:
    """Where a folder sorts among its siblings: before documents, by its shown name."""
    return (0, natural_key(name), name)


def document_key(doc: Document) -> tuple[int, NaturalKey, str]:
    """Where a document sorts among its siblings: after folders, by its shown title."""
    return (1, natural_key(doc.title), doc.path)


def tree_key(path: str, title: str) -> list[tuple[int, NaturalKey, str]]:
    """Where the note at ``path`` titled ``title`` sorts in a folder tree (see
    :func:`tree_order`), on plain values so a report's records sort by it as well."""
    folders = path.split("/")[:-1]
    return [*(folder_key(clean(name)) for name in folders), (1, natural_key(title), path)]


def tree_order(documents: list[Document]) -> list[Document]:
    """``documents`` in the order a folder tree shows them: at every level folders first,
    then notes, each by what is shown (folder name, note title), not by file name."""
    return sorted(documents, key=lambda doc: tree_key(doc.path, doc.title))
