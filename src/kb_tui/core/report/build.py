"""The ``kb-tui/report@1`` document: the one data shape every exporter renders."""

from __future__ import annotations

import datetime as dt
from typing import cast

from kb_tui import __version__
from kb_tui.core.model import Document, Group, Item, KnowledgeBase, Section, section_items
from kb_tui.core.model.due import is_overdue
from kb_tui.core.model.layout import section_titles
from kb_tui.core.model.progress import summarize
from kb_tui.core.model.records import (
    DocumentRecord,
    FilteredSummaryRecord,
    ItemRecord,
    ReportRecord,
    SectionRecord,
)

SCHEMA = "kb-tui/report@1"


def item_record(item: Item, path: list[str]) -> ItemRecord:
    return {
        "id": item.id,
        "text": item.text,
        "kind": item.kind,
        "path": list(path),
        "status": item.status,
        "note": item.note,
        "owner": item.owner,
        "updated": item.updated or None,
        "line": item.line,
        "due": item.due or None,
        "overdue": is_overdue(item.status, item.due),
    }


def _flatten(nodes: list[Group | Item], path: list[str]) -> list[ItemRecord]:
    out: list[ItemRecord] = []
    stack: list[tuple[list[Group | Item], list[str], int]] = [(nodes, path, 0)]
    # explicit stack keeps document order: (nodes, path, next index)
    while stack:
        batch, batch_path, index = stack.pop()
        while index < len(batch):
            node = batch[index]
            index += 1
            if isinstance(node, Item):
                out.append(item_record(node, batch_path))
            else:
                stack.append((batch, batch_path, index))
                stack.append((node.children, [*batch_path, node.title], 0))
                break
    return out


def section_path(doc: Document, parents: list[Section], section: Section) -> list[str]:
    """Titles from the document title down to ``section`` (see :mod:`~kb_tui.core.model.layout`)."""
    return section_titles(doc, [*parents, section])


def _section_record(doc: Document, parents: list[Section], section: Section) -> SectionRecord:
    path = section_path(doc, parents, section)
    return {
        "id": section.id,
        "title": section.title,
        "level": section.level,
        "line": section.line,
        "summary": summarize(section_items(section)).as_dict(),
        "items": _flatten(section.children, path),
        "sections": [_section_record(doc, [*parents, section], s) for s in section.sections],
    }


def document_record(doc: Document) -> DocumentRecord:
    return {
        "path": doc.path,
        "title": doc.title,
        "frontmatter": doc.frontmatter,
        "summary": summarize(doc.iter_items()).as_dict(),
        "items": _flatten(doc.preamble, [doc.title]),
        "sections": [_section_record(doc, [], s) for s in doc.sections],
    }


def build_report(kb: KnowledgeBase, generated_at: dt.datetime | None = None) -> ReportRecord:
    """Everything a report needs, as plain JSON-ready data."""
    when = generated_at or dt.datetime.now(dt.UTC)
    return {
        "schema": SCHEMA,
        "generator": f"kb-tui {__version__}",
        "generated_at": when.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "root": str(kb.root),
        "name": kb.name,
        "summary": cast(FilteredSummaryRecord, summarize(kb.iter_items()).as_dict()),
        "documents": [document_record(doc) for doc in kb.documents],
        "links": [
            {
                "source": link.source,
                "target": link.target,
                "resolved": link.resolved,
                "line": link.line,
            }
            for link in kb.links
        ],
        "orphans": [
            {
                "id": o.id,
                "status": o.status,
                "note": o.note,
                "owner": o.owner,
                "updated": o.updated or None,
                "by": o.by,
                "due": o.due or None,
            }
            for o in kb.orphans
        ],
        "problems": [
            {
                "path": p.path,
                "line": p.line,
                "severity": p.severity,
                "code": p.code,
                "message": p.message,
            }
            for p in kb.problems
        ],
    }
