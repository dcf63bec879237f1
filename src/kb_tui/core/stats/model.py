"""The dashboard's data: plain frozen records, built by the stats functions and read by the
explorer's dashboard, ``kb-tui stats`` and the reports (see :mod:`kb_tui.core.stats`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from kb_tui.core.model.progress import Summary
from kb_tui.core.status.history import HistoryRecord
from kb_tui.core.status.history_text import describe

DEFAULT_STALE_DAYS = 14  # in progress without a change for this long needs attention
PACE_WEEKS = 4  # the pace is the done items per week over this many weeks

Reason = Literal["blocked", "overdue", "stale"]
REASONS: tuple[Reason, ...] = ("blocked", "overdue", "stale")


@dataclass(slots=True, unsafe_hash=True)
class ItemFacts:
    """What the figures need of one item, read from the model or from a report record.

    Treat it as frozen (it hashes by value): it is not declared so only because a frozen
    dataclass is built about four times slower, and the dashboard builds one per item of
    the vault each time it opens (53,816 on ops-kb)."""

    id: str
    text: str
    status: str
    owner: str = ""
    due: str = ""
    updated: str = ""  # when its status entry last changed (UTC, ISO), "" when never
    layer: str = ""  # the title of the layer it is under (see the layer rule)
    doc: str = ""  # its document's vault-relative path
    line: int = 0


@dataclass(frozen=True, slots=True)
class LayerRow:
    """One layer's counts per status (a bar of done / in progress / blocked / todo)."""

    title: str
    summary: Summary
    overdue: int = 0


@dataclass(frozen=True, slots=True)
class OwnerRow:
    """One owner's items (``owner`` ``""``: the unassigned ones)."""

    owner: str
    assigned: int = 0
    todo: int = 0
    in_progress: int = 0
    done: int = 0
    blocked: int = 0
    na: int = 0
    overdue: int = 0


@dataclass(slots=True, unsafe_hash=True)
class AttentionRow:
    """An item that needs attention, and why: blocked, overdue (``days`` past its due date)
    or in progress without a change for ``days`` days (stale).

    Treat it as frozen (it hashes by value): not declared so for the reason of
    :class:`ItemFacts` (6,377 rows each time the dashboard is computed on ops-kb)."""

    reason: Reason
    item: ItemFacts
    days: int = 0


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """Done and applicable items at the end of ``day`` (a day, or the last day of a week)."""

    day: dt.date
    done: int
    applicable: int


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast items get done, and whether that meets the due dates."""

    per_week: float = 0.0  # net items done per week over the last ``weeks`` weeks
    weeks: int = 0  # weeks measured (fewer than PACE_WEEKS for a young history)
    remaining: int = 0  # applicable items not done
    finish: dt.date | None = None  # when the remaining ones are done at this pace
    due_items: int = 0  # remaining items with a due date
    needed_per_week: float | None = None  # the pace the due dates need (None: no dates)
    meets: bool | None = None  # per_week >= needed_per_week (None: no due dates)


@dataclass(frozen=True, slots=True)
class Trend:
    daily: list[TrendPoint] = field(default_factory=list)
    weekly: list[TrendPoint] = field(default_factory=list)
    pace: Pace = field(default_factory=Pace)


@dataclass(frozen=True, slots=True)
class Change:
    """One change of one item in a period (status, owner, note or due date), with who and
    when: a history record placed under its item's layer."""

    record: HistoryRecord
    text: str  # the item's text ("" for an item that no longer exists)
    layer: str

    @property
    def what(self) -> str:
        """The one wording of a change (:func:`~kb_tui.core.status.history_text.describe`)."""
        return describe(self.record)


@dataclass(frozen=True, slots=True)
class Dashboard:
    """Everything the dashboard shows, computed at once (off the UI thread)."""

    generated_at: str  # UTC, ISO
    today: dt.date
    stale_days: int
    summary: Summary
    overdue: int
    layers: list[LayerRow]
    owners: list[OwnerRow]
    attention: list[AttentionRow]
    trend: Trend
    history_records: int = 0
    history_skipped: int = 0
