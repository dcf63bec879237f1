"""What needs attention (blocked, overdue, stale), and the changes of a period by layer."""

from __future__ import annotations

import datetime as dt

from kb_tui.core.stats.attention import needs_attention
from kb_tui.core.stats.changes import changes_since
from kb_tui.core.stats.model import ItemFacts
from kb_tui.core.stats.settings import stale_days, stale_days_problem
from kb_tui.core.status.format import MergeEvent
from kb_tui.core.status.history import HistoryRecord

NOW = dt.datetime(2026, 12, 9, 12, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


def fact(
    item: str, status: str, *, due: str = "", updated: str = "", layer: str = "L"
) -> ItemFacts:
    return ItemFacts(item, f"text of {item}", status, due=due, updated=updated, layer=layer)


def ago(days: int) -> str:
    return (NOW - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_blocked_then_overdue_most_late_first_then_stale_oldest_first() -> None:
    facts = [
        fact("stale-20", "in_progress", updated=ago(20)),
        fact("late-2", "todo", due="2026-12-07"),
        fact("blocked-a", "blocked", updated=ago(3)),
        fact("stale-14", "in_progress", updated=ago(14)),  # exactly the limit: stale
        fact("fresh", "in_progress", updated=ago(13)),
        fact("late-30", "in_progress", due="2026-11-09", updated=ago(40)),  # overdue first
        fact("blocked-late", "blocked", due="2026-11-01"),  # listed once, as blocked
        fact("no-date", "in_progress"),  # a [/] checkbox: no change to date it by
        fact("done-late", "done", due="2026-11-01"),
        fact("na-late", "na", due="2026-11-01"),
        fact("due-today", "todo", due="2026-12-09"),
    ]
    rows = needs_attention(facts, now=NOW, today=TODAY, stale_days=14)
    assert [(r.reason, r.item.id, r.days) for r in rows] == [
        ("blocked", "blocked-a", 3),
        ("blocked", "blocked-late", 0),
        ("overdue", "late-30", 30),
        ("overdue", "late-2", 2),
        ("stale", "stale-20", 20),
        ("stale", "stale-14", 14),
    ]
    fewer = needs_attention(facts, now=NOW, today=TODAY, stale_days=15)
    assert [r.item.id for r in fewer if r.reason == "stale"] == ["stale-20"]


def record(time: str, item: str, before: str | None, after: str | None) -> HistoryRecord:
    return HistoryRecord(time, "ana", item, before, after, explicit=True)


def test_changes_since_a_time_grouped_by_layer_in_layer_order() -> None:
    facts = [fact("n1", "done", layer="net"), fact("a1", "todo", layer="apps"),
             fact("n2", "todo", layer="net")]  # fmt: skip
    records = [
        record("2026-12-01T09:00:00Z", "a1", None, "done"),  # before the period
        record("2026-12-02T09:00:00Z", "n2", None, "in_progress"),
        record("2026-12-03T09:00:00Z", "a1", "done", "todo"),
        record("2026-12-04T09:00:00Z", "gone", None, "done"),  # not one of the items
        record("2026-12-05T09:00:00Z", "n1", "todo", "done"),
        HistoryRecord.of_merge(
            MergeEvent(
                "n1",
                "status",
                "done",
                "todo",
                "bo",
                "2026-12-06T09:00:00Z",
                "2026-12-06T09:00:00Z",
                "cy",
            )
        ),
    ]
    grouped = changes_since(records, facts, "2026-12-02T00:00:00Z")
    assert [(layer, [(c.record.item, c.what) for c in changes]) for layer, changes in grouped] == [
        ("net", [("n2", "— → in_progress"), ("n1", "todo → done")]),
        ("apps", [("a1", "done → todo")]),
    ]
    assert grouped[0][1][0].text == "text of n2"
    assert changes_since(records, facts, "2026-12-07T00:00:00Z") == []


def test_stale_days_from_the_config() -> None:
    assert stale_days({}) == 14
    assert stale_days({"stale_days": 30}) == 30
    for bad in (0, -3, True, "7", 10**9):
        assert stale_days({"stale_days": bad}) == 14
        assert "stale_days" in stale_days_problem({"stale_days": bad})
    assert stale_days_problem({"stale_days": 7}) == stale_days_problem({}) == ""
