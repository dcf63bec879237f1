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
    overdue: int  # items overdue on the report's day (ItemRecord.overdue), not a status
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


# One change of one item in the report's period (``--since``): a history line. ``from`` and
# ``to`` are the status before and after (``None``: no entry); ``owner``, ``note`` and ``due``
# the values after the change; ``owner_from``, ``note_from`` and ``due_from`` the values
# before it, ``None`` when that one did not change (or an older line cannot tell). ``what`` is
# the change in words, as ``kb-tui history`` says it. (The functional form: ``from`` is a
# Python keyword.)
ChangeRecord = TypedDict(
    "ChangeRecord",
    {
        "time": str,  # UTC, YYYY-MM-DDTHH:MM:SSZ
        "user": str,
        "item": str,  # the item's ID
        "text": str,  # the item's text ("" when it is no longer in the vault)
        "what": str,
        "from": str | None,
        "to": str | None,
        "owner": str,
        "owner_from": str | None,
        "note": str,
        "note_from": str | None,
        "due": str,
        "due_from": str | None,
    },
)


class LayerChangesRecord(TypedDict):
    """The changes of one layer, oldest first (layers in the report's layer order)."""

    layer: str
    changes: list[ChangeRecord]


class AttentionRecord(TypedDict):
    """An item that needs attention (``kb_tui.core.stats.attention``): ``reason`` blocked,
    overdue (``days`` past its due date) or stale (in progress, ``days`` without a change)."""

    reason: str
    days: int
    id: str
    text: str
    status: str
    owner: str
    due: str | None
    updated: str | None  # when its status last changed (UTC)
    layer: str
    path: str  # its document's vault-relative path
    line: int


class TrendPointRecord(TypedDict):
    """Done and applicable items at the end of ``day`` (the week's last day so far)."""

    day: str
    done: int
    applicable: int
    percent_done: float | None


class PaceRecord(TypedDict):
    per_week: float
    weeks: int
    remaining: int
    finish: str | None
    due_items: int
    needed_per_week: float | None
    meets: bool | None


class TrendRecord(TypedDict):
    """The burn-up of the report's items, week by week, from the history."""

    weekly: list[TrendPointRecord]
    pace: PaceRecord
    history: int  # history records read (0: no history, nothing to chart)


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
    single_document: bool  # one note, not a vault (what a layer is: kb_tui.core.stats.facts)
    title: str
    filter: str
    stale_days: int  # in progress this long without a change is "stale" (needs attention)
    attention: list[AttentionRecord]
    trend: TrendRecord
    since: str  # --since, as a UTC time: the period ``changes`` covers
    changes: list[LayerChangesRecord]


def count_of(summary: SummaryRecord, status: str) -> int:
    """A summary's count for ``status`` (a status name, as in :data:`STATUSES`)."""
    return int(summary[status])  # type: ignore[literal-required]
