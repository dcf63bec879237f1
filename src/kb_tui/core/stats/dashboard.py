"""The dashboard's figures at once: summary, layers, owners, needs attention and trend.

:func:`build_dashboard` is what the explorer's dashboard (``s``), ``kb-tui stats`` and the
reports compute; :func:`dashboard_dict` is its JSON shape (``kb-tui/stats@1``: keys are
stable, new ones may be added) and :func:`dashboard_text` its text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from kb_tui.core.model.due import is_overdue
from kb_tui.core.model.layout import natural_key
from kb_tui.core.model.progress import STATUS_FIELDS, Summary
from kb_tui.core.stats.attention import needs_attention
from kb_tui.core.stats.model import (
    DEFAULT_STALE_DAYS,
    Dashboard,
    ItemFacts,
    LayerRow,
    OwnerRow,
)
from kb_tui.core.stats.parts import FactsParts, parts_of
from kb_tui.core.stats.records import attention_record, pace_record, point_record
from kb_tui.core.stats.replay import PastDays
from kb_tui.core.stats.text import dashboard_text as dashboard_text
from kb_tui.core.stats.trend import build_trend
from kb_tui.core.status.history import HistoryRecord

SCHEMA = "kb-tui/stats@1"
Counts = dict[str, int]


def _new_counts() -> Counts:
    return dict.fromkeys((*STATUS_FIELDS, "overdue"), 0)


def _summary(counts: Counts) -> Summary:
    return Summary(sum(counts[status] for status in STATUS_FIELDS), *(
        counts[status] for status in STATUS_FIELDS
    ))  # fmt: skip


def _owner_row(owner: str, counts: Counts) -> OwnerRow:
    return OwnerRow(owner, sum(counts[s] for s in STATUS_FIELDS), *(
        counts[s] for s in (*STATUS_FIELDS, "overdue")
    ))  # fmt: skip


Tally = tuple[Counts, dict[str, Counts], dict[str, Counts], dict[str, str]]


def _count(parts: FactsParts, today: dt.date) -> Tally:
    """Counts per status (and overdue) in all, per layer and per owner (case-folded, as
    the owner filter compares them, shown as first met), from the items' parts (their
    triples counted run by run, and the few that may be overdue among those watched)."""
    late = [f for f in parts.watched if f.due and is_overdue(f.status, f.due, today)]
    total = _new_counts()
    layers: dict[str, Counts] = {}
    owners: dict[str, Counts] = {}
    spelling: dict[str, str] = {}
    for (layer, owner, status), count in parts.triples:
        key = owner.casefold()
        spelling.setdefault(key, owner)
        for counts in (
            total,
            layers.get(layer) or layers.setdefault(layer, _new_counts()),
            owners.get(key) or owners.setdefault(key, _new_counts()),
        ):
            counts[status] = counts.get(status, 0) + count
    for fact in late:
        total["overdue"] += 1
        layers[fact.layer]["overdue"] += 1
        owners[fact.owner.casefold()]["overdue"] += 1
    return total, layers, owners, spelling


def build_dashboard(
    facts: Sequence[ItemFacts],
    records: Sequence[HistoryRecord],
    *,
    now: dt.datetime | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
    skipped: int = 0,
    past: PastDays | None = None,
    parts: FactsParts | None = None,
) -> Dashboard:
    """Everything the dashboard shows, from the items' facts and the status history
    (oldest first, as read). ``now`` (default: now; naive means local time) dates
    everything: its local day is "today" for due dates and the trend.

    Kept between computations (the explorer's), for the same figures in less time:
    ``past``, the trend's days before today (see :class:`PastDays`); ``parts``, the parts
    of ``facts`` added up from each document's (:mod:`kb_tui.core.stats.parts`)."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone()
    today = moment.date()
    parts = parts if parts is not None else parts_of(facts)
    total, layers, owners, spelling = _count(parts, today)
    owner_keys = sorted((key for key in owners if key), key=natural_key)
    owner_rows = [_owner_row(spelling[key], owners[key]) for key in owner_keys]
    if "" in owners:
        owner_rows.append(_owner_row("", owners[""]))  # the unassigned ones, last
    return Dashboard(
        generated_at=moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        today=today,
        stale_days=stale_days,
        summary=_summary(total),
        overdue=total["overdue"],
        layers=[LayerRow(title, _summary(c), c["overdue"]) for title, c in layers.items()],
        owners=owner_rows,
        attention=needs_attention(parts.watched, now=moment, today=today, stale_days=stale_days),
        trend=build_trend(facts, records, today=today, past=past, parts=parts),
        history_records=len(records),
        history_skipped=skipped,
    )


def _summary_dict(summary: Summary, overdue: int) -> dict[str, Any]:
    return {**summary.as_dict(), "applicable": summary.applicable, "overdue": overdue}


def _owner_dict(row: OwnerRow) -> dict[str, Any]:
    return {
        "owner": row.owner or None,  # None: the unassigned items
        "assigned": row.assigned,
        **{status: getattr(row, status) for status in STATUS_FIELDS},
        "overdue": row.overdue,
    }


def dashboard_dict(d: Dashboard) -> dict[str, Any]:
    """The dashboard as JSON-ready data (``kb-tui stats --format json``)."""
    return {
        "schema": SCHEMA,
        "generated_at": d.generated_at,
        "today": d.today.isoformat(),
        "stale_days": d.stale_days,
        "summary": _summary_dict(d.summary, d.overdue),
        "layers": [
            {"title": row.title, **_summary_dict(row.summary, row.overdue)} for row in d.layers
        ],
        "owners": [_owner_dict(row) for row in d.owners],
        "attention": [attention_record(row) for row in d.attention],
        "trend": {
            "daily": [point_record(point) for point in d.trend.daily],
            "weekly": [point_record(point) for point in d.trend.weekly],
            "pace": pace_record(d.trend.pace),
        },
        "history": {"records": d.history_records, "skipped": d.history_skipped},
    }
