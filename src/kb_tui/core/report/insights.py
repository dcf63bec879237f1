"""What a report says beyond each item's status: needs attention, the trend and the changes
of a period, computed by the stats stage (:mod:`kb_tui.core.stats`) over the items the report
keeps (after its filters), so the explorer's dashboard, ``kb-tui stats`` and every report
format agree.

They are added to the ``kb-tui/report@1`` data (``attention``, ``trend``; ``since`` and
``changes`` with ``--since``), so the JSON report holds them and every renderer reads the
same figures rather than working them out again.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb_tui.core.config import ConfigError, read_config
from kb_tui.core.model.records import ReportRecord
from kb_tui.core.report.build import day_of, generated_time
from kb_tui.core.stats.attention import needs_attention
from kb_tui.core.stats.changes import changes_since
from kb_tui.core.stats.facts import facts_of_report
from kb_tui.core.stats.model import DEFAULT_STALE_DAYS
from kb_tui.core.stats.records import attention_record, change_record, pace_record, point_record
from kb_tui.core.stats.settings import stale_days
from kb_tui.core.stats.trend import build_trend
from kb_tui.core.status.history import History
from kb_tui.core.status.store import StatusStore, StoreError


@dataclass(frozen=True)
class Period:
    """What a report says of time: the status ``history`` (the trend; ``None``: none read),
    the changes ``since`` a UTC time (as :func:`~kb_tui.core.status.history.since_time`
    gives; ``None``: no changes section) and after how many days without a change an item in
    progress needs attention."""

    history: History | None = None
    since: str | None = None
    stale_days: int = DEFAULT_STALE_DAYS
    problem: str = ""  # why the history was not read (the report is made without it)


def period_of(store: StatusStore | None, since: str | None = None) -> Period:
    """The period of a report on ``store``'s vault: its history (read as the store reads
    it, never through a link) and the user's ``stale_days``. ``kb-tui export`` and the
    explorer's export dialog both ask here, so their reports agree. A history that cannot
    be read fails the report only when its changes were asked for (``since``, raising
    :class:`~kb_tui.core.status.store.StoreError`); otherwise the report is made without
    the trend and :attr:`Period.problem` says why (a CI gate keeps working)."""
    history, problem = None, ""
    try:
        history = store.read_history() if store is not None else None
    except StoreError as exc:
        if since is not None:
            raise
        problem = f"{exc}; the report has no trend"
    try:
        config = read_config()
    except ConfigError:  # the explorer and `kb-tui config` say what is wrong with it
        config = {}
    return Period(history, since, stale_days(config), problem)


def add_insights(report: ReportRecord, period: Period) -> ReportRecord:
    """Add needs attention, the trend (from the period's history; none: no history) and,
    with ``since``, the changes since then, all of the report's own items, as of its
    ``generated_at``."""
    facts = facts_of_report(report)
    now = generated_time(report)
    today = day_of(now)
    records = period.history.records if period.history is not None else []
    since = period.since
    report["stale_days"] = period.stale_days
    rows = needs_attention(facts, now=now, today=today, stale_days=period.stale_days)
    report["attention"] = [attention_record(row) for row in rows]
    trend = build_trend(facts, records, today=today)
    report["trend"] = {
        "weekly": [point_record(point) for point in trend.weekly],
        "pace": pace_record(trend.pace),
        "history": len(records),
    }
    if since is not None:
        report["since"] = since
        report["changes"] = [
            {"layer": layer, "changes": [change_record(change) for change in changes]}
            for layer, changes in changes_since(records, facts, since)
        ]
    return report
