"""Progress summaries: counts per status and percent done.

**The one home of percent done.** Every view (tree, header, checklist, viewer, toasts,
``kb-tui tree``, every report) shows :func:`percent_text`, and every number stored
(``percent_done`` in JSON) is :func:`percent_done`. Both count done over applicable items
(n/a left out) and round down: 100% only when everything applicable is done, and never 0%
once anything is (``<1%``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb_tui.core.model import Item
from kb_tui.core.model.records import SummaryRecord

STATUS_FIELDS = ("todo", "in_progress", "done", "blocked", "na")
# Items still to do: what "mark all done" changes (never done or n/a ones).
REMAINING = frozenset({"todo", "in_progress", "blocked"})
GLYPHS = {"todo": "○", "in_progress": "◐", "done": "●", "blocked": "✖", "na": "–"}
# What people type for a status (``kb-tui mark``, ``--status``, the filter's ``status:``).
STATUS_ALIASES = {
    "in-progress": "in_progress",
    "inprogress": "in_progress",
    "n/a": "na",
    "progress": "in_progress",
    "wip": "in_progress",
}


def status_name(text: str) -> str:
    """A status as typed (``wip``, ``n/a``, ``in-progress``…) as its canonical name; other
    text comes back folded, for the caller to refuse."""
    word = text.strip().lower()
    return STATUS_ALIASES.get(word, word)


LABELS = {
    "todo": "todo",
    "in_progress": "in progress",
    "done": "done",
    "blocked": "blocked",
    "na": "n/a",
}


def percent_done(done: int, applicable: int) -> float | None:
    """done / applicable × 100 rounded down to one decimal (0.1 at least once anything is
    done); ``None`` when nothing applies."""
    if applicable <= 0:
        return None
    if done >= applicable:
        return 100.0
    tenths = done * 1000 // applicable
    return max(tenths, 1 if done > 0 else 0) / 10


def percent_text(done: int, applicable: int) -> str:
    """Percent done as every view shows it: ``37%``, ``<1%``, ``100%`` or ``—``."""
    if applicable <= 0:
        return "—"
    if done >= applicable:
        return "100%"
    whole = done * 100 // applicable
    return "<1%" if whole == 0 and done > 0 else f"{whole}%"


def filled_cells(done: int, applicable: int, cells: int) -> int:
    """How many of a bar's ``cells`` are filled: done over applicable, rounded down like
    :func:`percent_text` (one cell once anything is done, every cell only when all is)."""
    if applicable <= 0 or cells <= 0 or done <= 0:
        return 0
    if done >= applicable:
        return cells
    return min(cells - 1, max(1, done * cells // applicable))


def stacked_cells(counts: Sequence[int], cells: int) -> list[int]:
    """How many of a stacked bar's ``cells`` each of ``counts`` fills (done first, then e.g.
    in progress, blocked, todo; n/a left out by the caller), summing to ``cells``.

    The first part fills exactly :func:`filled_cells` of the whole, so a stacked bar shows
    done as every other bar does; the rest share the other cells in proportion (largest
    remainder, the earlier part first on a tie), and a part that is not zero gets a cell
    while a larger one can spare it, so a single blocked item is never invisible.
    """
    total = sum(max(0, count) for count in counts)
    shares = [0] * len(counts)
    if not counts or total <= 0 or cells <= 0:
        return shares
    shares[0] = filled_cells(max(0, counts[0]), total, cells)
    rest = [max(0, count) for count in counts[1:]]
    room, rest_total = cells - shares[0], sum(rest)
    if rest_total <= 0 or room <= 0:
        return shares
    parts = [count * room // rest_total for count in rest]
    remainders = sorted(
        range(len(rest)), key=lambda index: (-(rest[index] * room % rest_total), index)
    )
    for index in remainders[: room - sum(parts)]:
        parts[index] += 1
    for index, count in enumerate(rest):
        if count and not parts[index]:
            largest = max(range(len(parts)), key=lambda other: (parts[other], -other))
            if parts[largest] > 1:
                parts[largest] -= 1
                parts[index] = 1
    shares[1:] = parts
    return shares


@dataclass(frozen=True)
class Summary:
    items: int = 0
    todo: int = 0
    in_progress: int = 0
    done: int = 0
    blocked: int = 0
    na: int = 0

    @property
    def applicable(self) -> int:
        return self.items - self.na

    @property
    def percent_done(self) -> float | None:
        """See :func:`percent_done`."""
        return percent_done(self.done, self.applicable)

    @property
    def percent_text(self) -> str:
        """See :func:`percent_text`."""
        return percent_text(self.done, self.applicable)

    @property
    def fraction(self) -> float:
        """Done over applicable items (0 when nothing applies), for bars."""
        return self.done / self.applicable if self.applicable > 0 else 0.0

    def filled_cells(self, cells: int) -> int:
        """See :func:`filled_cells`."""
        return filled_cells(self.done, self.applicable, cells)

    @classmethod
    def of_record(cls, record: Mapping[str, object]) -> Summary:
        """The summary of a report's ``summary`` record (``as_dict``'s shape)."""
        counts = {field: record[field] for field in ("items", *STATUS_FIELDS)}
        return cls(**counts)  # type: ignore[arg-type]

    def as_dict(self, overdue: int = 0) -> SummaryRecord:
        """The report's ``summary`` record; ``overdue`` is counted by the caller from its
        items (:func:`kb_tui.core.model.due.is_overdue`), as a status count is not."""
        return {
            "items": self.items,
            "todo": self.todo,
            "in_progress": self.in_progress,
            "done": self.done,
            "blocked": self.blocked,
            "na": self.na,
            "overdue": overdue,
            "percent_done": self.percent_done,
        }

    def label(self) -> str:
        """``done/applicable pct%`` as shown beside every node."""
        return f"{self.done}/{self.applicable} {self.percent_text}"


def summarize(items: Iterable[Item]) -> Summary:
    counts = {"todo": 0, "in_progress": 0, "done": 0, "blocked": 0, "na": 0}
    total = 0
    for item in items:
        total += 1
        counts[item.status] = counts.get(item.status, 0) + 1
    return Summary(items=total, **counts)


def bar(done: int, applicable: int, width: int = 10) -> str:
    """A text progress bar of ``width`` whole cells (``█`` done, ``░`` not): the cells of
    :func:`filled_cells`, so a bar is never empty once anything is done, nor full before all
    is, wherever it is drawn (``kb-tui tree``, the Markdown report, the explorer's tree)."""
    full = filled_cells(done, applicable, width)
    return "█" * full + "░" * (width - full)
