"""The history replayed backwards from today's statuses, a day at a time: how many items
were done and applicable at the end of each day (the rule: :mod:`kb_tui.core.stats.trend`).

The records of each day are found by bisection (they are sorted by time) and undone in
one tight loop, newest first; a point is taken at each day's start. On 100,000 records
this loop is most of the dashboard's time: about a microsecond a record.

Records are placed by their time as written (the history's UTC ``YYYY-MM-DDTHH:MM:SSZ``
sorts as text): records at or after today's start, future ones included, are today's; a
record with no time sorts first and is undone into the state before the first day.

The days before today are kept (:class:`PastDays`) for the next computation: a change made
today adds a record undone today, and leaves every day before as it was. They are replayed
again only when something they depend on differs (see :class:`PastDays`).
"""

from __future__ import annotations

import datetime as dt
import time
from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter

from kb_tui.core.stats.attention import parse_time
from kb_tui.core.stats.model import TrendPoint
from kb_tui.core.status.history import HistoryRecord

_item = attrgetter("item")
_before = attrgetter("before")
_time = attrgetter("time")
_moved_from = attrgetter("moved_from")
Aliases = dict[str, tuple[str, str]]  # orphan → (the current item it went to, when)


def end_of_day(day: dt.date) -> str:
    """The end of local ``day`` in the history's time format (UTC): records at or after
    it happened later."""
    midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time()).astimezone(dt.UTC)
    return midnight.strftime("%Y-%m-%dT%H:%M:%SZ")


def day_of(stamp: str) -> dt.date | None:
    """The local day of a history time (``None``: not a time)."""
    moment = parse_time(stamp)
    try:
        return None if moment is None else moment.astimezone().date()
    except OverflowError:  # a time at the calendar's edge: no local day
        return None


def aliases(records: Sequence[HistoryRecord], current: dict[str, str]) -> Aliases:
    """Orphans re-attached to a current item (``moved_from``), transitively: their records
    up to the re-attachment count for that item."""
    out: Aliases = {}
    for record in reversed(list(filter(_moved_from, records))):  # newest first
        target = _resolve(record.item, record.time, current, out)
        if target and record.moved_from not in current:
            out.setdefault(record.moved_from, (target, record.time))
    return out


def _resolve(item: str, time: str, current: Mapping[str, object], alias: Aliases) -> str:
    """The current item a record of ``item`` at ``time`` counts for ("" for none)."""
    if item in current:
        return item
    target, until = alias.get(item, ("", ""))
    return target if time <= until else ""


class Replay:
    """The state going back in time: each current item's status and the two counts."""

    def __init__(self, current: dict[str, str], records: Sequence[HistoryRecord]) -> None:
        self.state = current
        self.records = records
        self.alias: Aliases | None = None  # found when a record of another item is met
        self.today: Sequence[HistoryRecord] = ()  # today's records, once undone
        statuses = list(current.values())  # counted in C: one look at each
        self.done = statuses.count("done")
        self.applicable = len(statuses) - statuses.count("na")

    def aliases(self) -> Aliases:
        """The orphans re-attached to current items (found once)."""
        if self.alias is None:
            self.alias = aliases(self.records, self.state)
        return self.alias

    def resolve(self, item: str, time: str) -> str:
        """The current item a record of ``item`` (not one) at ``time`` counts for ("")."""
        alias = self.aliases()
        return _resolve(item, time, self.state, alias) if alias else ""

    def undo(self, chunk: Sequence[HistoryRecord]) -> None:
        """Undo ``chunk`` (one day's records, oldest first), newest first: each record
        sets its item back to the status it had before (``todo`` for none). The loop
        the dashboard's time goes to: locals only, the rare cases behind one test each."""
        state = self.state
        done, applicable = self.done, self.applicable
        for record in reversed(chunk):
            item = record.item
            try:  # free when it does not raise: most records are of current items
                old = state[item]
            except KeyError:  # not a current item: an orphan re-attached to one, or gone
                item = self.resolve(item, record.time)
                if not item:
                    continue
                old = state[item]
            new = record.before
            if new is None:  # no entry before: todo; or a merge record, which changed nothing
                if record.merge is not None:
                    continue
                new = "todo"
            if old != new:
                state[item] = new
                if old == "done":
                    done -= 1
                elif old == "na":
                    applicable += 1
                if new == "done":
                    done += 1
                elif new == "na":
                    applicable -= 1
        self.done, self.applicable = done, applicable


def _first(records: Sequence[HistoryRecord], state: Replay) -> tuple[str, dt.date] | None:
    """The time and day of the oldest record that counts and has a time (``None``: none)."""
    for record in records:
        if record.merge is None and (
            record.item in state.state or state.resolve(record.item, record.time)
        ):
            day = day_of(record.time)
            if day is not None:
                return record.time, day
    return None


@dataclass(frozen=True, slots=True)
class _Past:
    """The days before today as last replayed, and what they were replayed from."""

    key: tuple[object, ...]  # today, the span, the first day, the time zone
    prefix: list[HistoryRecord]  # the records before today's
    state: dict[str, str]  # each current item's status at the end of yesterday
    alias: Aliases
    points: list[TrendPoint]  # yesterday's and the days before it, newest first


class PastDays:
    """The replay's days before today, kept from one computation to the next.

    They depend on the records before today's, on each current item's status at the end
    of yesterday (today's statuses with today's records undone), on the orphans re-attached
    to current items, on today, the span and the time zone; they are replayed again when
    any of these differs: a history that gained older lines (a git union merge) or was
    rewritten, a status changed with no record (a checkbox edited in a note), a new day.
    Comparing costs a few milliseconds (the records are the same objects when the history
    only grew); replaying them, most of the trend's time.

    One snapshot, replaced whole: two threads computing at once each get a right answer."""

    def __init__(self) -> None:
        self._last: _Past | None = None
        self.replays = 0  # how often the days before today were replayed (for tests)

    def before(
        self,
        key: tuple[object, ...],
        earlier: list[HistoryRecord],
        state: Replay,
        replay_days: Callable[[], list[TrendPoint]],
    ) -> list[TrendPoint]:
        """The points before today (newest first): kept ones when they still hold, else
        ``replay_days()``'s. ``earlier``: the records before today's; ``state``: the
        replay at the end of yesterday."""
        last = self._last
        if (
            last is not None
            and last.key == key
            and len(last.prefix) == len(earlier)
            and last.state == state.state
            and last.prefix == earlier  # the same records: one identity check each
            and _same_alias(last, state)
        ):
            return last.points
        alias = state.aliases()
        prefix, at_yesterday = earlier, dict(state.state)
        points = replay_days()
        self.replays += 1
        self._last = _Past(key, prefix, at_yesterday, alias, points)
        return points


def _zone() -> tuple[object, ...]:
    """The local time zone as the C library has it (what local days are cut by)."""
    return (time.timezone, time.altzone, time.daylight, time.tzname)


def _same_alias(last: _Past, state: Replay) -> bool:
    """Whether the orphans re-attached are those of ``last`` (whose records before today
    and whose items are the same). None were then, and no record of today re-attaches
    one: none are now (the usual case: not looked for again); else they are found."""
    if not last.alias and state.alias is None and not any(map(_moved_from, state.today)):
        return True
    return state.aliases() == last.alias


def _days(
    state: Replay, records: Sequence[HistoryRecord], day: dt.date, stop: dt.date, capped: bool
) -> list[TrendPoint]:
    """Undo ``records`` (those up to the end of ``day``) a day at a time back to ``stop``:
    the points of the days before ``day``, newest first."""
    one = dt.timedelta(days=1)
    points: list[TrendPoint] = []
    end = len(records)
    while day > stop:
        if day - one == stop and not capped:
            start = 0  # everything left, records with no time too
        else:
            start = bisect_left(records, end_of_day(day - one), 0, end, key=_time)
        state.undo(records[start:end])
        end, day = start, day - one
        points.append(TrendPoint(day, state.done, state.applicable))
    return points


def replay(
    current: dict[str, str],
    records: Sequence[HistoryRecord],
    today: dt.date,
    days: int,
    past: PastDays | None = None,
) -> tuple[list[TrendPoint], str]:
    """Done and applicable at the end of each day, from the day before the oldest record
    that counts (at most ``days`` back) to today, oldest first; and that record's time
    ("" when none counts: today's point alone). ``current``: each current item's status
    now (changed as the replay goes); ``records``: oldest first, as read; ``past``: the
    days before today kept from the last time, if still right (see :class:`PastDays`)."""
    state = Replay(current, records)
    points = [TrendPoint(today, state.done, state.applicable)]
    first = _first(records, state)
    if first is None:
        return points, ""
    one = dt.timedelta(days=1)
    # The last point: the day before anything changed, at most ``days`` back (a record of
    # year 1, a hand edit, must not reach before the calendar's first day).
    floor = today - dt.timedelta(days=days)
    capped = first[1] <= floor
    stop = floor if capped else min(first[1], today) - one
    if past is None or stop >= today - one:
        points += _days(state, records, today, stop, capped)
    else:  # today's records undone here, the days before kept if they still hold
        yesterday = today - one
        start = bisect_left(records, end_of_day(yesterday), key=_time)
        state.today = records[start:]
        state.undo(state.today)
        points.append(TrendPoint(yesterday, state.done, state.applicable))
        key = (today, days, stop, capped, _zone())
        earlier = list(records[:start]) if not isinstance(records, list) else records[:start]
        points += past.before(
            key, earlier, state, lambda: _days(state, earlier, yesterday, stop, capped)
        )
    points.reverse()
    return points, first[0]
