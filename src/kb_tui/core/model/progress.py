"""Progress summaries: counts per status and percent done."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from kb_tui.core.model import Item

GLYPHS = {"todo": "○", "in_progress": "◐", "done": "●", "blocked": "✖", "na": "–"}
LABELS = {
    "todo": "todo",
    "in_progress": "in progress",
    "done": "done",
    "blocked": "blocked",
    "na": "n/a",
}


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
        """done / (items − n/a) × 100, or ``None`` when nothing applies."""
        if self.applicable <= 0:
            return None
        return round(self.done / self.applicable * 100, 1)

    def as_dict(self) -> dict[str, int | float | None]:
        return {
            "items": self.items,
            "todo": self.todo,
            "in_progress": self.in_progress,
            "done": self.done,
            "blocked": self.blocked,
            "na": self.na,
            "percent_done": self.percent_done,
        }

    def label(self) -> str:
        """``done/total pct%`` as shown beside every node."""
        pct = self.percent_done
        shown = "—" if pct is None else f"{math.floor(pct)}%"  # never round up to 100%
        return f"{self.done}/{self.applicable} {shown}"


def summarize(items: Iterable[Item]) -> Summary:
    counts = {"todo": 0, "in_progress": 0, "done": 0, "blocked": 0, "na": 0}
    total = 0
    for item in items:
        total += 1
        counts[item.status] = counts.get(item.status, 0) + 1
    return Summary(items=total, **counts)


def bar(fraction: float, width: int = 10) -> str:
    """A text progress bar of ``width`` cells with eighth-block resolution."""
    fraction = min(max(fraction, 0.0), 1.0)
    eighths = round(fraction * width * 8)
    full, part = divmod(eighths, 8)
    partial = " ▏▎▍▌▋▊▉"[part] if part else ""
    return ("█" * full + partial).ljust(width, "░")[:width]
