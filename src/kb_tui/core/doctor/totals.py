"""How many problems a vault has, by severity: **the one home of the problem totals.**

``kb-tui check`` (its last line and the JSON ``summary``), the explorer's header and the
problems view's title all show these figures, so they come from :func:`totals` over the same
findings (:func:`diagnosis`, what ``check`` lists); nothing else counts problems.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kb_tui.core.doctor.detect import diagnose
from kb_tui.core.model import KnowledgeBase, Problem

SEVERITIES = ("error", "warning", "info")  # the order every view lists them in
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


@dataclass(frozen=True, slots=True)
class Totals:
    """The number of findings of each severity."""

    errors: int = 0
    warnings: int = 0
    info: int = 0

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.info

    def counts(self) -> tuple[tuple[int, str, str], ...]:
        """``(count, word, short word)`` per severity, errors first."""
        plural = "s" * (self.errors != 1), "s" * (self.warnings != 1)
        return (
            (self.errors, f"error{plural[0]}", "err"),
            (self.warnings, f"warning{plural[1]}", "warn"),
            (self.info, "info", "info"),
        )

    def text(self, *, short: bool = False, zeros: bool = False) -> str:
        """``2,572 errors · 2,907 warnings · 33 info``; ``short``: ``2,572 err · …``;
        severities with none are left out unless ``zeros``; ``""`` when nothing is left."""
        return " · ".join(
            f"{count:,} {small if short else word}"
            for count, word, small in self.counts()
            if count or zeros
        )


def totals(problems: Iterable[Problem]) -> Totals:
    """The per-severity totals of ``problems``: the figures every view shows."""
    found = Counter(p.severity for p in problems)
    return Totals(errors=found["error"], warnings=found["warning"], info=found["info"])


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What ``kb-tui check`` reports on a knowledge base: its findings and their totals."""

    problems: list[Problem]  # by file and line, as ``check`` lists them
    totals: Totals


def diagnosis(kb: KnowledgeBase) -> Diagnosis:
    """Every finding of ``kb`` (:func:`~kb_tui.core.doctor.detect.diagnose`) and its totals.

    About a tenth of a second on a vault of 700 notes and 5,500 findings: the explorer runs
    it off the UI thread, and again whenever the findings may have changed.
    """
    problems = diagnose(kb)
    return Diagnosis(problems, totals(problems))


def by_severity(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first, then warnings, then info; by file and line within each."""
    return sorted(problems, key=lambda p: (_RANK.get(p.severity, len(_RANK)), p.path, p.line))
