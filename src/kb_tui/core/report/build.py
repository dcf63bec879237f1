"""The ``kb-tui/report@1`` document: the one data shape every exporter renders."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import cast

from kb_tui import __version__
from kb_tui.core.model import Document, Group, Item, KnowledgeBase, Section
from kb_tui.core.model.due import is_overdue, today
from kb_tui.core.model.layout import section_titles
from kb_tui.core.model.records import (
    DocumentRecord,
    FilteredSummaryRecord,
    ItemRecord,
    ReportRecord,
    SectionRecord,
)
from kb_tui.core.query.filter import summary_of

SCHEMA = "kb-tui/report@1"


def item_record(item: Item, path: list[str], on: dt.date | None = None) -> ItemRecord:
    """An item as the report holds it; ``overdue`` on the day ``on`` (default today)."""
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
        "overdue": is_overdue(item.status, item.due, on),
    }


def _flatten(nodes: list[Group | Item], path: list[str], on: dt.date) -> list[ItemRecord]:
    out: list[ItemRecord] = []
    stack: list[tuple[list[Group | Item], list[str], int]] = [(nodes, path, 0)]
    # explicit stack keeps document order: (nodes, path, next index)
    while stack:
        batch, batch_path, index = stack.pop()
        while index < len(batch):
            node = batch[index]
            index += 1
            if isinstance(node, Item):
                out.append(item_record(node, batch_path, on))
            else:
                stack.append((batch, batch_path, index))
                stack.append((node.children, [*batch_path, node.title], 0))
                break
    return out


def section_path(doc: Document, parents: list[Section], section: Section) -> list[str]:
    """Titles from the document title down to ``section`` (see :mod:`~kb_tui.core.model.layout`)."""
    return section_titles(doc, [*parents, section])


def _section_record(
    doc: Document, parents: list[Section], section: Section, on: dt.date, kept: list[ItemRecord]
) -> SectionRecord:
    """The section's record; its items and its sub-sections' are added to ``kept`` too, so
    each summary is counted from the records below it (:func:`summary_of`: one rule)."""
    path = section_path(doc, parents, section)
    items = _flatten(section.children, path, on)
    below = list(items)
    sections = [_section_record(doc, [*parents, section], s, on, below) for s in section.sections]
    kept += below
    return {
        "id": section.id,
        "title": section.title,
        "level": section.level,
        "line": section.line,
        "summary": summary_of(below),
        "items": items,
        "sections": sections,
    }


def document_record(doc: Document, on: dt.date | None = None) -> DocumentRecord:
    day = on or today()
    items = _flatten(doc.preamble, [doc.title], day)
    kept = list(items)
    sections = [_section_record(doc, [], s, day, kept) for s in doc.sections]
    return {
        "path": doc.path,
        "title": doc.title,
        "frontmatter": doc.frontmatter,
        "summary": summary_of(kept),
        "items": items,
        "sections": sections,
    }


def day_of(when: dt.datetime) -> dt.date:
    """The local calendar day of a report generated at ``when``: the day its ``overdue``
    marks, needs attention and trend are of (a due date has no time zone)."""
    return when.astimezone().date() if when.tzinfo else when.date()


def generated_time(report: ReportRecord) -> dt.datetime:
    """The report's ``generated_at`` as an aware time (now, if it does not read)."""
    try:
        when = dt.datetime.fromisoformat(str(report["generated_at"]).replace("Z", "+00:00"))
    except ValueError:
        return dt.datetime.now(dt.UTC)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _all_items(node: DocumentRecord | SectionRecord) -> Iterator[ItemRecord]:
    """Every item record under ``node``, in report order."""
    stack: list[DocumentRecord | SectionRecord] = [node]
    while stack:
        current = stack.pop()
        yield from current["items"]
        stack.extend(reversed(current["sections"]))


def build_report(kb: KnowledgeBase, generated_at: dt.datetime | None = None) -> ReportRecord:
    """Everything a report needs, as plain JSON-ready data."""
    when = generated_at or dt.datetime.now(dt.UTC)
    day = day_of(when)  # a report with a given time marks overdue as of that day
    documents = [document_record(doc, day) for doc in kb.documents]
    summary = summary_of(item for doc in documents for item in _all_items(doc))
    return {
        "schema": SCHEMA,
        "generator": f"kb-tui {__version__}",
        "generated_at": when.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "root": str(kb.root),
        "name": kb.name,
        "summary": cast(FilteredSummaryRecord, summary),
        "documents": documents,
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
        # Whether the knowledge base is one note (its layers are its sections) or a vault
        # (its top-level folders), kept when a filter leaves one document of a vault.
        "single_document": len(kb.documents) == 1,
    }
