"""The ``kb-tui/report@1`` data, typed: what ``kb-tui export --format json`` writes and what
every exporter (Markdown, HTML, CSV) and the export filter read.

Plain JSON-ready dicts (``TypedDict``), so a report is written as it is built; the types
let the type checker hold every reader to the same field names.
"""

from __future__ import annotations

from typing import Any, TypedDict


class SummaryRecord(TypedDict):
    items: int
    todo: int
    in_progress: int
    done: int
    blocked: int
    na: int
    percent_done: float | None


class FilteredSummaryRecord(SummaryRecord, total=False):
    filtered: bool


class ItemRecord(TypedDict):
    id: str
    text: str
    kind: str
    path: list[str]
    status: str
    note: str
    owner: str
    updated: str | None
    line: int
    due: str | None  # YYYY-MM-DD (see kb_tui.core.model.due)
    overdue: bool


class SectionRecord(TypedDict):
    id: str
    title: str
    level: int
    line: int
    summary: SummaryRecord
    items: list[ItemRecord]
    sections: list[SectionRecord]


class DocumentRecord(TypedDict):
    path: str
    title: str
    frontmatter: dict[str, Any]
    summary: SummaryRecord
    items: list[ItemRecord]
    sections: list[SectionRecord]


class LinkRecord(TypedDict):
    source: str
    target: str
    resolved: str | None
    line: int


class OrphanRecord(TypedDict):
    id: str
    status: str
    note: str
    owner: str
    updated: str | None
    by: str
    due: str | None


class ProblemRecord(TypedDict):
    path: str
    line: int
    severity: str
    code: str
    message: str


class _ReportRequired(TypedDict):
    schema: str
    generator: str
    generated_at: str
    root: str
    name: str
    summary: FilteredSummaryRecord
    documents: list[DocumentRecord]
    links: list[LinkRecord]
    orphans: list[OrphanRecord]
    problems: list[ProblemRecord]


class ReportRecord(_ReportRequired, total=False):
    title: str
    filter: str


def count_of(summary: SummaryRecord, status: str) -> int:
    """A summary's count for ``status`` (a status name, as in :data:`STATUSES`)."""
    return int(summary[status])  # type: ignore[literal-required]
