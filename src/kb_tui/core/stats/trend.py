"""Done and applicable items over time (a burn-up), and the pace of the last weeks.

**Replayed backwards from today.** The history is not the whole truth (a store older than
its history file, a status set by a checkbox, a line lost to a crash), so the figures start
from the items' current statuses, which every view shows, and undo the history's records
newest first: undoing a change sets the item back to the status it had before (``todo``
when it had no entry). The last point therefore always equals today's summary, whatever
the history holds.

Only records of the current items count; a record of an orphan re-attached to an item
(``moved_from``) counts for that item, and so do the orphan's records before the move.
Merge records (a value that lost in a merge) changed nothing and are left out.

Days are local calendar days (records are in UTC); a daily point is the state at the end
of its day, a weekly one at the end of its ISO week's Sunday (the current week: today).

**Pace**: the net items done per week over the last :data:`PACE_WEEKS` weeks (or the
history's span when shorter, a week at least). **Due dates**: for each due date ``D`` of the
remaining items (not done nor n/a), the items due by ``D`` need ``count / weeks until D``
per week; the pace meets the dates when it reaches the largest of these. An overdue item is
needed now: it counts as due today (a week of 1/7), so one overdue item asks for 7 a week.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Sequence

from kb_tui.core.model.due import CLOSED, due_day
from kb_tui.core.stats.model import PACE_WEEKS, ItemFacts, Pace, Trend, TrendPoint
from kb_tui.core.stats.parts import FactsParts
from kb_tui.core.stats.replay import PastDays, day_of, replay
from kb_tui.core.status.history import HistoryRecord

DAILY_DAYS = 120  # daily points at most this many days back
WEEKLY_DAYS = 2 * 366  # weekly points at most about two years back
FINISH_DAYS = 100 * 366  # a finish further off than this is not in sight (None)


def _needed(facts: Iterable[ItemFacts], today: dt.date) -> tuple[int, float | None]:
    """The remaining items with a due date, and the pace their dates need (module doc)."""
    dates = Counter(
        max(day, today)
        for fact in facts
        if fact.due and fact.status not in CLOSED and (day := due_day(fact.due)) is not None
    )
    if not dates:
        return 0, None
    needed, count = 0.0, 0
    for day in sorted(dates):
        count += dates[day]
        needed = max(needed, count / max((day - today).days / 7, 1 / 7))
    return count, needed


def _pace(
    points: Sequence[TrendPoint], first: dt.date | None, facts: Sequence[ItemFacts], today: dt.date
) -> Pace:
    now = points[-1]
    remaining = now.applicable - now.done
    per_week, weeks = 0.0, 0
    if first is not None:
        weeks = min(PACE_WEEKS, max(1, math.ceil(((today - first).days + 1) / 7)))
        base_day = max(today - dt.timedelta(weeks=weeks), points[0].day)
        base = points[(base_day - points[0].day).days]
        per_week = (now.done - base.done) / weeks
    finish: dt.date | None = None
    if remaining <= 0:
        finish = today
    elif per_week > 0 and (days := math.ceil(remaining / per_week * 7)) <= FINISH_DAYS:
        finish = today + dt.timedelta(days=days)
    due_items, needed = _needed(facts, today)
    meets = None if needed is None else per_week >= needed - 1e-9
    return Pace(per_week, weeks, max(remaining, 0), finish, due_items, needed, meets)


def build_trend(
    facts: Sequence[ItemFacts],
    records: Sequence[HistoryRecord],
    *,
    today: dt.date,
    past: PastDays | None = None,
    parts: FactsParts | None = None,
) -> Trend:
    """Daily and weekly points over the history's span (daily ones for the last
    :data:`DAILY_DAYS` days at most), and the pace (see the module's doc). ``past``: the
    days before today kept between computations; ``parts``: those of ``facts``, added
    up from each document's (the same figures, in less time)."""
    if parts is None:
        current, watched = {fact.id: fact.status for fact in facts}, facts
    else:  # the statuses are a copy (the replay changes them), the items with dates kept
        current, watched = dict(parts.statuses), parts.watched
    points, first_time = replay(current, records, today, WEEKLY_DAYS, past)
    first = day_of(first_time) if first_time else None
    if first is not None:
        first = min(first, today)  # a clock ahead wrote times to come: they are today's
    daily_from = today - dt.timedelta(days=DAILY_DAYS)
    daily = [point for point in points if point.day >= daily_from]
    weekly = [point for point in points if point.day.isoweekday() == 7 and point.day != today]
    weekly.append(points[-1])
    return Trend(daily, weekly, _pace(points, first, watched, today))
