"""The problems view's state, without Textual: which rows it shows, and how wide each column is.

A vault like ops-kb has 5,500 findings: the view narrows them by severity (``e`` ``w`` ``i``)
and by words typed (each must appear in the code, the severity or the path), and fits its
columns to the width it has so that the message is on screen at 80 columns as at 160.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size

from kb_tui.core.doctor.check_report import location
from kb_tui.core.model import Problem

SEVERITY_WIDTH = len("Severity")
MIN_WHERE = 16  # cells for the location at the narrowest
MIN_MESSAGE = 20
MIN_SHORT = 8  # no column narrower, however narrow the table


class ProblemFilter:
    """The severities and the words the problems view is narrowed to (none: everything)."""

    def __init__(self) -> None:
        self.severities: set[str] = set()
        self.text = ""

    def toggle(self, severity: str) -> None:
        """Show ``severity`` too, or no longer (with none chosen, every one is shown)."""
        self.severities ^= {severity}

    @property
    def active(self) -> bool:
        return bool(self.severities or self.text.strip())

    def matches(self, problem: Problem) -> bool:
        if self.severities and problem.severity not in self.severities:
            return False
        fields = (problem.code.lower(), problem.severity, problem.path.lower())
        return all(any(word in f for f in fields) for word in self.text.lower().split())

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        return [p for p in problems if self.matches(p)]

    def shown_text(self, shown: int, total: int, limit: int) -> str:
        """``120 of 5,512 shown`` (and the severities chosen; how many listed, over ``limit``)."""
        text = f"{shown:,} of {total:,} shown"
        if self.severities:
            chosen = [s for s in ("error", "warning", "info") if s in self.severities]
            text += " (" + ", ".join(chosen) + ")"
        if shown > limit:
            text += f", {limit:,} listed"
        return text


def shorten_middle(text: str, width: int) -> str:
    """``text`` in ``width`` cells: long paths lose their middle (``oper…/incident.md:45``),
    keeping the start and, longer, the end (the file name and line)."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    head = (width - 1) // 3
    tail = width - 1 - head
    start = set_cell_size(text, head)
    end = text[::-1]
    end = set_cell_size(end, tail)[::-1]
    return f"{start}…{end}"


@dataclass(frozen=True)
class Columns:
    """The widths (in cells, padding not counted) of the problems table's columns."""

    severity: int
    where: int
    code: int
    message: int


def fit_columns(width: int, problems: Iterable[Problem], padding: int = 1) -> Columns:
    """Widths for a table ``width`` cells wide, each cell padded by ``padding`` each side:
    severity and code as wide as they need, the location up to two fifths of the rest
    (shortened in the middle beyond), the message all that is left. The columns never add
    up to more than ``width`` (nothing to scroll sideways) unless it is absurdly narrow."""
    longest_where, longest_code = len("Where"), len("Code")
    for problem in problems:
        longest_where = max(longest_where, cell_len(location(problem)))
        longest_code = max(longest_code, len(problem.code))
    rest = width - 4 * 2 * padding - SEVERITY_WIDTH - longest_code
    where_width = min(longest_where, max(MIN_WHERE, rest * 2 // 5))
    if rest - where_width < MIN_MESSAGE:  # narrow: the message before the location
        where_width = max(MIN_SHORT, rest - MIN_MESSAGE)
    message = max(MIN_SHORT, rest - where_width)
    return Columns(SEVERITY_WIDTH, where_width, longest_code, message)
