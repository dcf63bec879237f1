"""The stats' records as JSON: **the one shape** of an attention row, a trend point, the
pace and a change, written by ``kb-tui stats --format json`` and by every report (the
``attention``, ``trend`` and ``changes`` of ``kb-tui/report@1``)."""

from __future__ import annotations

from kb_tui.core.model.progress import percent_done
from kb_tui.core.model.records import (
    AttentionRecord,
    ChangeRecord,
    PaceRecord,
    TrendPointRecord,
)
from kb_tui.core.stats.model import AttentionRow, Change, Pace, TrendPoint


def attention_record(row: AttentionRow) -> AttentionRecord:
    item = row.item
    return {
        "reason": row.reason,
        "days": row.days,
        "id": item.id,
        "text": item.text,
        "status": item.status,
        "owner": item.owner,
        "due": item.due or None,
        "updated": item.updated or None,
        "layer": item.layer,
        "path": item.doc,
        "line": item.line,
    }


def point_record(point: TrendPoint) -> TrendPointRecord:
    return {
        "day": point.day.isoformat(),
        "done": point.done,
        "applicable": point.applicable,
        "percent_done": percent_done(point.done, point.applicable),
    }


def pace_record(pace: Pace) -> PaceRecord:
    needed = pace.needed_per_week
    return {
        "per_week": round(pace.per_week, 2),
        "weeks": pace.weeks,
        "remaining": pace.remaining,
        "finish": pace.finish.isoformat() if pace.finish else None,
        "due_items": pace.due_items,
        "needed_per_week": None if needed is None else round(needed, 2),
        "meets": pace.meets,
    }


def change_record(change: Change) -> ChangeRecord:
    record = change.record
    return {
        "time": record.time,
        "user": record.user,
        "item": record.item,
        "text": change.text,
        "what": change.what,
        "from": record.before,
        "to": record.after,
        "owner": record.owner,
        "owner_from": record.owner_before,
        "note": record.note,
        "note_from": record.note_before,
        "due": record.due,
        "due_from": record.due_before,
    }
