"""Due dates, and what makes an item overdue: **the one home of the overdue rule.**

A due date is a calendar day (``YYYY-MM-DD``), stored as text in the status store's
``due:`` field and shown as written. An item is *overdue* when its due date is before
today and it is neither done nor n/a: the tree, the checklist, the header, ``kb-tui tree``,
the dashboard, ``kb-tui stats`` and every report ask :func:`is_overdue`, so they agree.

"Today" is the local calendar day of the person looking (a due date has no time zone);
every caller can pass its own, so a report and its tests are reproducible.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Protocol

from kb_tui.core.text import strip_controls

# Statuses that are finished: an item in one is never overdue, whatever its date.
CLOSED = frozenset({"done", "na"})
OVERDUE = "overdue"  # the word that chooses overdue items (--status, the filter's status:)
OVERDUE_GLYPH = "!"
NO_DUE = ("", "none", "-")
_DAY_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}"
)  # what `--due` and the edit dialog accept to clear a date


class DueError(ValueError):
    """A due date that is not a calendar day; the message says what is expected."""


def parse_due(text: str) -> str:
    """``text`` as a stored due date: ``YYYY-MM-DD`` (a real day), or ``""`` to clear it
    (``none``, ``-`` or nothing). Raises :class:`DueError` with a message for a person."""
    value = text.strip()
    if value.casefold() in NO_DUE:
        return ""
    day = due_day(value)
    if day is None:
        raise DueError(
            f"not a due date: {text!r}; write it as YYYY-MM-DD (e.g. 2027-01-31), or none"
        )
    return day.isoformat()


@lru_cache(maxsize=4096)
def due_day(due: str) -> dt.date | None:
    """A stored due date as a day; ``None`` when there is none or it is not a day (a store
    edited by hand: shown as written, never overdue). Kept for each text seen: a vault's
    items share a few hundred dates, and the dashboard asks about every one each time."""
    if _DAY_RE.fullmatch(due) is None:  # fromisoformat also takes 20270131, 2027-W05-1
        return None
    try:
        return dt.date.fromisoformat(due)
    except ValueError:
        return None


def today() -> dt.date:
    """The local calendar day."""
    return dt.date.today()


def is_overdue(status: str, due: str, on: dt.date | None = None) -> bool:
    """Whether an item of ``status`` due on ``due`` is overdue ``on`` a day (default today):
    its due date is past and it is not done or n/a."""
    if not due or status in CLOSED:
        return False
    day = due_day(due)
    return day is not None and day < (on or today())


def days_overdue(due: str, on: dt.date | None = None) -> int:
    """Whole days since ``due`` (0 when not past or not a day)."""
    day = due_day(due)
    if day is None:
        return 0
    return max(0, ((on or today()) - day).days)


class _Dated(Protocol):
    """An item, an orphan or a report's item as facts: a status and a due date."""

    @property
    def status(self) -> str: ...

    @property
    def due(self) -> str: ...


def count_overdue(items: Iterable[_Dated], on: dt.date | None = None) -> int:
    """How many of ``items`` are overdue (header, ``kb-tui tree``, reports, dashboard)."""
    day = on or today()
    return sum(1 for item in items if item.due and is_overdue(item.status, item.due, day))


def due_text(due: str, status: str, on: dt.date | None = None) -> str:
    """``due 2027-01-31``, or ``overdue 3d (due 2027-01-31)`` once past: an item's due date
    as the checklist and ``kb-tui tree`` write it (``""`` without one)."""
    if not due:
        return ""
    if is_overdue(status, due, on):
        return f"overdue {days_overdue(due, on)}d (due {due})"
    shown = due if due_day(due) is not None else " ".join(strip_controls(due).split())
    return f"due {shown}"  # a hand-edited store's odd value: shown as text, never as codes
