"""Backlinks: which documents, and which of their sections, link to a document or section.

A reverse index over the links :func:`~kb_tui.core.links.resolve.resolve_links` already resolved,
built once per loaded knowledge base in one pass over the links (O(links), plus the heading
tables of the documents involved, each built once). Unresolved links and links to
attachments are not backlinks; a document's links to itself are (``[[#Heading]]``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kb_tui.core.links.resolve import LinkIndex, describe_link
from kb_tui.core.model import Document, Section


@dataclass(frozen=True)
class Backlink:
    """One link into ``target``, from ``source`` at ``line``."""

    source: str  # the linking document's path
    line: int  # the link's line in it
    source_section: str  # id of the deepest section holding the link; "" before any heading
    source_title: str  # that section's title, else the linking document's title
    target: str  # the linked document's path
    target_line: int  # the line the link lands on: a heading's or block's, 1 for the top
    target_section: str  # id of the section it lands on; "" for the document itself
    written: str  # the link as written, e.g. ``[[b#Details|the details]]``


class BacklinkIndex:
    """Backlinks by target document, each list in (source path, line) order."""

    def __init__(self, documents: list[Document], index: LinkIndex | None = None) -> None:
        index = index if index is not None else LinkIndex(documents)
        self.by_target: dict[str, list[Backlink]] = {}
        seen: set[tuple[str, int, str, int]] = set()
        for doc in sorted(documents, key=lambda d: d.path):
            holder_tables = None
            for link in doc.links:
                path = link.resolved
                if path is None or path not in index.documents:
                    continue
                anchor = index.anchor(path, link.heading)
                landing = anchor.section if anchor.found else None
                target_line = landing.line if landing is not None else 1
                if anchor.found and anchor.kind == "block":
                    target_line = anchor.line
                key = (doc.path, link.line, path, target_line)
                if key in seen:
                    continue
                seen.add(key)
                if holder_tables is None:
                    holder_tables = index.anchors(doc.path)
                holder = holder_tables.section_at(link.line)
                self.by_target.setdefault(path, []).append(
                    Backlink(
                        source=doc.path,
                        line=link.line,
                        source_section=holder.id if holder is not None else "",
                        source_title=holder.title if holder is not None else doc.title,
                        target=path,
                        target_line=target_line,
                        target_section=landing.id if landing is not None else "",
                        written=describe_link(link),
                    )
                )

    def to_document(self, path: str) -> list[Backlink]:
        """Every backlink to the document at ``path``, whatever part of it is targeted."""
        return self.by_target.get(path, [])

    def to_section(self, path: str, section: Section) -> list[Backlink]:
        """Backlinks landing in ``section`` (its heading, a sub-heading or a block in it)."""
        end = max(section.end_line, section.line)
        return [
            link
            for link in self.to_document(path)
            if link.target_section and section.line <= link.target_line <= end
        ]

    def __len__(self) -> int:
        return sum(map(len, self.by_target.values()))
