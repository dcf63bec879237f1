"""What needs attention: **the one home of that rule.**

An item needs attention when it is

* **blocked** (``days``: since its status last changed, when known);
* **overdue** (:func:`~kb_tui.core.model.due.is_overdue`; ``days``: past its due date);
* **stale**: in progress without a change for ``stale_days`` days or more (``days``: since
  the last change; an item in progress with no stored change, a ``[/]`` checkbox, has no
  date to go by and is not counted).

Each item is listed once, for the first of these reasons that holds (a blocked item that is
overdue as well is listed as blocked: it cannot move until unblocked), blocked ones first in
tree order, then overdue ones the most late first, then stale ones the oldest first. The
explorer's dashboard, ``kb-tui stats`` and the HTML report all list these rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from kb_tui.core.model.due import days_overdue, is_overdue
from kb_tui.core.stats.model import AttentionRow, ItemFacts

_WATCHED = frozenset({"blocked", "in_progress"})  # with a due date: what may need attention


def may_need_attention(fact: ItemFacts) -> bool:
    """Whether ``fact`` may need attention, today or another day: blocked, in progress or
    with a due date (every overdue item is among these). One quick look at every item
    keeps these few; the rule proper is then applied to them alone."""
    return fact.status in _WATCHED or bool(fact.due)


def parse_time(stamp: str) -> dt.datetime | None:
    """A stored UTC time (``2026-11-26T07:30:00Z``) as an aware datetime; ``None`` for
    anything else (a store edited by hand)."""
    if not stamp:
        return None
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def days_since(stamp: str, now: dt.datetime) -> int | None:
    """Whole days from ``stamp`` to ``now`` (never below 0); ``None`` when not a time."""
    moment = parse_time(stamp)
    return None if moment is None else max(0, (now - moment).days)


def needs_attention(
    facts: Iterable[ItemFacts], *, now: dt.datetime, today: dt.date, stale_days: int
) -> list[AttentionRow]:
    """The items that need attention, in the order of the module's rule. ``now`` (aware)
    dates the last changes, ``today`` (the local day) the due dates."""
    # In UTC, as the stored times are: subtracting one from the other then skips asking
    # each time zone its offset (the same instants, so the same days; a third faster).
    now = now.astimezone(dt.UTC)
    blocked: list[AttentionRow] = []
    overdue: list[AttentionRow] = []
    stale: list[AttentionRow] = []
    # One quick look at every item keeps the few that may need attention (inlined
    # may_need_attention: it runs for every item of the vault).
    for fact in [fact for fact in facts if fact.status in _WATCHED or fact.due]:
        status = fact.status
        if status == "blocked":
            blocked.append(AttentionRow("blocked", fact, days_since(fact.updated, now) or 0))
        elif fact.due and is_overdue(status, fact.due, today):
            overdue.append(AttentionRow("overdue", fact, days_overdue(fact.due, today)))
        elif status == "in_progress" and fact.updated:
            days = days_since(fact.updated, now)
            if days is not None and days >= stale_days:
                stale.append(AttentionRow("stale", fact, days))
    overdue.sort(key=lambda row: -row.days)  # stable: equally late ones in tree order
    stale.sort(key=lambda row: -row.days)
    return [*blocked, *overdue, *stale]
