"""The burn-up: replayed backwards from today's statuses, so its last point is always
today's summary; the pace of the last weeks and whether it meets the due dates."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from kb_tui.core.stats.model import ItemFacts, TrendPoint
from kb_tui.core.stats.replay import end_of_day
from kb_tui.core.stats.trend import DAILY_DAYS, build_trend
from kb_tui.core.status.format import MergeEvent
from kb_tui.core.status.history import HistoryRecord

TODAY = dt.date(2026, 12, 9)  # a Wednesday


def fact(item: str, status: str, due: str = "") -> ItemFacts:
    return ItemFacts(item, item.upper(), status, due=due, layer="L")


def rec(day: str, item: str, before: str | None, after: str | None, **more: str) -> HistoryRecord:
    """A record at noon UTC (the same local day in any time zone within 11 hours)."""
    return HistoryRecord(f"{day}T12:00:00Z", "ana", item, before, after, **more)


FACTS = [fact("a", "done"), fact("b", "done"), fact("c", "todo"), fact("d", "na")]
RECORDS = [
    rec("2026-11-20", "a", None, "in_progress"),
    rec("2026-11-21", "gone", None, "done"),  # an item that no longer exists: left out
    rec("2026-11-25", "a", "in_progress", "done"),
    rec("2026-12-02", "b", "todo", "done"),
    HistoryRecord.of_merge(
        MergeEvent(
            "b",
            "status",
            "done",
            "blocked",
            "bo",
            "2026-12-03T12:00:00Z",
            "2026-12-03T12:00:00Z",
            "cy",
        )
    ),
    rec("2026-12-08", "d", None, "na"),
]


def points(trend_points: list[TrendPoint]) -> list[tuple[str, int, int]]:
    return [(p.day.isoformat(), p.done, p.applicable) for p in trend_points]


def test_daily_and_weekly_points_replay_the_history_backwards() -> None:
    trend = build_trend(FACTS, RECORDS, today=TODAY)
    daily = {day: (done, applicable) for day, done, applicable in points(trend.daily)}
    assert trend.daily[0].day == dt.date(2026, 11, 19)  # the day before the first change
    assert len(trend.daily) == 21
    assert daily["2026-11-19"] == (0, 4)
    assert daily["2026-11-24"] == (0, 4)
    assert daily["2026-11-25"] == (1, 4)
    assert daily["2026-12-02"] == (2, 4)
    assert daily["2026-12-07"] == (2, 4)
    assert daily["2026-12-08"] == (2, 3)  # d became n/a: no longer applicable
    assert points(trend.weekly) == [
        ("2026-11-22", 0, 4),  # each ISO week ends on its Sunday…
        ("2026-11-29", 1, 4),
        ("2026-12-06", 2, 4),
        ("2026-12-09", 2, 3),  # …the current one today
    ]


def test_the_last_point_is_today_whatever_the_history_says() -> None:
    facts = [fact("a", "todo"), fact("b", "blocked")]  # the history says a is done
    records = [rec("2026-12-01", "a", None, "done"), rec("2026-12-10", "b", "todo", "done")]
    trend = build_trend(facts, records, today=TODAY)
    assert points(trend.daily)[-1] == ("2026-12-09", 0, 2)
    assert points(trend.weekly)[-1] == ("2026-12-09", 0, 2)


def test_an_orphan_re_attached_counts_for_its_new_item() -> None:
    facts = [fact("new", "done"), fact("other", "todo")]
    records = [
        rec("2026-11-21", "old", None, "done"),
        rec("2026-12-03", "old", "done", None, moved_to="new"),
        rec("2026-12-03", "new", None, "done", moved_from="old"),
    ]
    daily = points(build_trend(facts, records, today=TODAY).daily)
    assert daily[0] == ("2026-11-20", 0, 2)
    assert all(done == 1 for day, done, _ in daily if day >= "2026-11-21")


def test_pace_over_the_history_span_and_the_finish_date() -> None:
    pace = build_trend(FACTS, RECORDS, today=TODAY).pace
    assert pace.weeks == 3  # 20 days of history: 3 weeks (fewer than 4)
    assert pace.per_week == 2 / 3
    assert pace.remaining == 1
    assert pace.finish == dt.date(2026, 12, 20)  # 1 item at 2/3 a week: 10.5 days
    assert (pace.due_items, pace.needed_per_week, pace.meets) == (0, None, None)


def test_pace_over_the_last_four_weeks_only() -> None:
    facts = [fact(f"i{n}", "done") for n in range(10)] + [fact("r", "todo")]
    records = [rec("2026-09-01", f"i{n}", None, "done") for n in range(6)]
    records += [rec("2026-11-20", f"i{n}", None, "done") for n in range(6, 10)]
    pace = build_trend(facts, records, today=TODAY).pace
    assert (pace.weeks, pace.per_week) == (4, 1.0)


def test_due_dates_say_what_pace_they_need() -> None:
    facts = [*FACTS[:3], fact("c", "todo", due="2026-12-23"), fact("x", "done", due="2026-01-01")]
    pace = build_trend(facts, RECORDS, today=TODAY).pace
    assert pace.due_items == 1  # a done item's date asks for nothing
    assert pace.needed_per_week == 0.5  # one item in two weeks
    assert pace.meets is True
    late = [*facts, fact("e", "in_progress", due="2026-12-01")]
    pace = build_trend(late, RECORDS, today=TODAY).pace
    assert pace.due_items == 2
    assert pace.needed_per_week == 7.0  # an overdue item is needed now (a day: 1/7 week)
    assert pace.meets is False


def test_no_history_is_one_point_and_no_pace() -> None:
    trend = build_trend(FACTS, [], today=TODAY)
    assert points(trend.daily) == points(trend.weekly) == [("2026-12-09", 2, 3)]
    assert (trend.pace.weeks, trend.pace.per_week, trend.pace.finish) == (0, 0.0, None)
    done = build_trend([fact("a", "done")], [], today=TODAY).pace
    assert (done.remaining, done.finish) == (0, TODAY)


def test_a_long_history_keeps_daily_points_for_a_few_months_only() -> None:
    records = [rec("2025-10-01", "a", None, "done")]
    trend = build_trend(FACTS, records, today=TODAY)
    assert len(trend.daily) == DAILY_DAYS + 1
    assert trend.weekly[0].day < trend.daily[0].day
    assert all(p.day.isoweekday() == 7 for p in trend.weekly[:-1])


def _reference(facts: list[ItemFacts], records: list[HistoryRecord]) -> list[tuple[str, int, int]]:
    """The rule read literally: for each day, start from today's statuses and undo, newest
    first, every record that counts at or after that day's end."""
    current = {f.id: f.status for f in facts}
    moves = {r.moved_from: (r.item, r.time) for r in records if r.moved_from}

    def counts_for(record: HistoryRecord) -> str:
        item, seen = record.item, set()
        while item not in current and item in moves and item not in seen:
            seen.add(item)
            target, until = moves[item]
            if record.time > until:
                return ""
            item = target
        return item if item in current else ""

    counted = [r for r in records if r.merge is None and counts_for(r)]
    first = min(r.time for r in counted)
    day = dt.date.fromisoformat(first[:10]) - dt.timedelta(days=1)
    out = []
    while day <= TODAY:
        state = dict(current)
        limit = end_of_day(day) if day < TODAY else "\uffff"
        for record in reversed(counted):
            if record.time >= limit:
                state[counts_for(record)] = record.before or "todo"
        statuses = list(state.values())
        out.append((day.isoformat(), statuses.count("done"), len(statuses) - statuses.count("na")))
        day += dt.timedelta(days=1)
    return out


def test_the_day_at_a_time_replay_agrees_with_the_rule_read_literally() -> None:
    rng = random.Random(11)
    statuses = ["todo", "in_progress", "done", "blocked", "na"]
    for _ in range(40):
        facts = [fact(name, rng.choice(statuses)) for name in "abcdef"]
        records = []
        for _ in range(rng.randrange(1, 60)):
            day = TODAY - dt.timedelta(days=rng.randrange(0, 12))
            stamp = f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00Z"
            item = rng.choice("abcdefgho")  # g, h: gone; o: an orphan moved to a
            before = rng.choice([None, *statuses])
            records.append(HistoryRecord(stamp, "u", item, before, rng.choice(statuses)))
        merged = f"{(TODAY - dt.timedelta(days=rng.randrange(0, 12))).isoformat()}T06:00:00Z"
        event = MergeEvent("b", "status", "done", "na", "bo", merged, merged, "cy")
        records.append(HistoryRecord.of_merge(event))
        move = f"{(TODAY - dt.timedelta(days=rng.randrange(0, 12))).isoformat()}T12:00:00Z"
        records.append(HistoryRecord(move, "u", "o", "done", None, moved_to="a"))
        records.append(HistoryRecord(move, "u", "a", None, "done", moved_from="o"))
        records.sort(key=lambda r: r.time)
        trend = build_trend(facts, records, today=TODAY)
        assert points(trend.daily) == _reference(facts, records)


@pytest.mark.parametrize(
    "stamp", ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00+05:00"]
)
def test_records_at_the_calendars_edges_never_crash_the_trend(stamp: str) -> None:
    """A hand-edited history line dated year 1 (or 9999) crashed stats, every export and
    the dashboard (OverflowError): the trend reaches back as far as it always does."""
    from kb_tui.core.stats.model import ItemFacts
    from kb_tui.core.stats.trend import WEEKLY_DAYS, build_trend
    from kb_tui.core.status.history import parse_history

    line = f'{{"time": "{stamp}", "item": "a", "v": 2, "from": "todo", "to": "done"}}\n'
    records = parse_history(line.encode()).records
    trend = build_trend([ItemFacts("a", "A", "done")], records, today=dt.date(2026, 12, 6))
    assert trend.weekly[-1].done == 1
    assert (dt.date(2026, 12, 6) - trend.weekly[0].day).days <= WEEKLY_DAYS + 7
