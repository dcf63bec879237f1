"""The dashboard as plain text (``kb-tui stats``): summary, layers with bars, owners, needs
attention (with each item's ID, for ``kb-tui mark``), the weekly trend and the pace.

Every name from a vault or a store is cleaned and kept on one line; bars and percent are
the model's (:func:`~kb_tui.core.model.progress.bar`, ``percent_text``), never redrawn.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from kb_tui.core.model.progress import bar, percent_text
from kb_tui.core.stats.model import AttentionRow, Dashboard, OwnerRow, Pace
from kb_tui.core.text import clean

BAR_CELLS = 20
TITLE_WIDTH = 28
WEEKS_SHOWN = 12  # the weekly trend table's last rows
UNASSIGNED = "(unassigned)"


def _one(text: str) -> str:
    """``text`` cleaned of control characters, on one line."""
    return " ".join(clean(text).split())


def _cells(char: str) -> int:
    """Terminal cells of one character: two for a wide one (most emoji, CJK), none for a
    combining or format one."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 0 if unicodedata.combining(char) or unicodedata.category(char) == "Cf" else 1


def _fit(text: str, width: int) -> str:
    """``text`` on one line, cut with ``…`` and padded to ``width`` terminal cells, so the
    columns after it line up whatever the names hold."""
    used = 0
    kept: list[str] = []
    for char in _one(text):
        cells = _cells(char)
        if used + cells > width:
            while kept and used > width - 1:
                used -= _cells(kept.pop())
            kept.append("…")
            used += 1
            break
        kept.append(char)
        used += cells
    return "".join(kept) + " " * (width - used)


def _summary(d: Dashboard) -> Iterator[str]:
    s = d.summary
    yield f"{s.items} items, {s.applicable} applicable: {s.done} done ({s.percent_text})"
    yield (
        f"  {s.in_progress} in progress · {s.blocked} blocked · {s.todo} todo · {s.na} n/a"
        f" · {d.overdue} overdue"
    )


def _layers(d: Dashboard) -> Iterator[str]:
    yield "Layers"
    counts = [f"{row.summary.done}/{row.summary.applicable}" for row in d.layers]
    width = max(map(len, counts), default=0)
    for row, count in zip(d.layers, counts, strict=True):
        s = row.summary
        rest = f"{s.in_progress} in progress, {s.blocked} blocked, {s.todo} todo"
        overdue = f", {row.overdue} overdue" if row.overdue else ""
        yield (
            f"  {_fit(row.title, TITLE_WIDTH)} "
            f"{bar(s.done, s.applicable, BAR_CELLS)} {count:>{width}} "
            f"{percent_text(s.done, s.applicable):>4}  ({rest}{overdue})"
        )


def _owner_line(row: OwnerRow) -> str:
    name = _fit(row.owner or UNASSIGNED, 20)
    return (
        f"  {name} {row.assigned:>8} {row.done:>6} {row.in_progress:>11} "
        f"{row.blocked:>7} {row.overdue:>7}"
    )


def _owners(d: Dashboard) -> Iterator[str]:
    yield "Owners"
    yield (
        f"  {'owner':<20} {'assigned':>8} {'done':>6} {'in progress':>11} "
        f"{'blocked':>7} {'overdue':>7}"
    )
    for row in d.owners:
        yield _owner_line(row)


def _attention_line(row: AttentionRow) -> str:
    label = f"{row.reason} {row.days}d" if row.days or row.reason != "blocked" else row.reason
    owner = f"  @{_one(row.item.owner)}" if row.item.owner else ""
    return f"  {label:<13} {_one(row.item.id)}  {_one(row.item.text)}{owner}"


def _attention(d: Dashboard, limit: int | None) -> Iterator[str]:
    yield (
        f"Needs attention ({len(d.attention)}; stale: in progress with no change for "
        f"{d.stale_days} days or more; days since the last change, or past the due date)"
    )
    if not d.attention:
        yield "  nothing"
    shown = d.attention if limit is None else d.attention[:limit]
    for row in shown:
        yield _attention_line(row)
    if len(shown) < len(d.attention):
        yield f"  … and {len(d.attention) - len(shown)} more"


def _trend(d: Dashboard) -> Iterator[str]:
    weekly = d.trend.weekly[-WEEKS_SHOWN:]
    yield f"Trend (the last {len(weekly)} week(s), done at the end of each)"
    yield f"  {'week ending':<12} {'done':>7} {'applicable':>10} {'% done':>7}"
    for point in weekly:
        pct = percent_text(point.done, point.applicable)
        yield f"  {point.day.isoformat():<12} {point.done:>7} {point.applicable:>10} {pct:>7}"


def pace_sentence(pace: Pace) -> str:
    """The pace in words: how fast, when done at this pace, and whether it meets the due
    dates (the explorer's dashboard says it the same way)."""
    if pace.weeks == 0:
        words = "No history yet: no pace."
    else:
        weeks = "week" if pace.weeks == 1 else f"{pace.weeks} weeks"
        words = f"Pace: {pace.per_week:.1f} done a week over the last {weeks}."
    if pace.remaining == 0:
        words += " Nothing remains."
    elif pace.finish is not None:
        words += f" {pace.remaining} remaining: done by {pace.finish.isoformat()} at this pace."
    else:
        words += f" {pace.remaining} remaining: not in sight at this pace."
    if pace.needed_per_week is not None:
        verdict = "meets them" if pace.meets else "does NOT meet them"
        words += (
            f" {pace.due_items} remaining item(s) have due dates: they need "
            f"{pace.needed_per_week:.1f} a week (overdue ones now); the pace {verdict}."
        )
    return words


def dashboard_text(d: Dashboard, attention_limit: int | None = None) -> str:
    """The whole dashboard as text, one line per row, sections apart; at most
    ``attention_limit`` rows of needs attention (``None``: all)."""
    parts = [_summary(d), _layers(d), _owners(d), _attention(d, attention_limit), _trend(d)]
    blocks = ["\n".join(part) for part in parts]
    history = f"History: {d.history_records} record(s)"
    if d.history_skipped:
        history += f", {d.history_skipped} unreadable line(s) skipped"
    blocks.append(f"{pace_sentence(d.trend.pace)}\n{history}.")
    return "\n\n".join(blocks)
