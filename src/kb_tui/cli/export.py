"""``kb-tui export``: a checklist report (Markdown, HTML, CSV or JSON), and a CI gate.

The explorer's export dialog calls the same exporter (:func:`kb_tui.core.report.export.export`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kb_tui.cli.common import (
    CliError,
    add_read_option,
    add_store_option,
    read_limits,
    require_statuses,
    status_list,
)
from kb_tui.cli.output import document, error, progress
from kb_tui.core.model.formats import FORMATS
from kb_tui.core.model.progress import Summary
from kb_tui.core.model.records import FilteredSummaryRecord


def add_parser(sub: Any) -> None:
    export = sub.add_parser(
        "export",
        help="write a checklist report (Markdown, HTML, CSV or JSON)",
        description="Write a checklist report. With --fail-under it is also a CI gate: exit 1 "
        "when percent done is below PCT.",
    )
    export.add_argument("path", nargs="?", type=Path, metavar="PATH")
    export.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="report format (default: from the -o suffix, else md)",
    )
    export.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE|-",
        help="output file, written atomically, or - for stdout (default)",
    )
    export.add_argument(
        "--status",
        type=status_list,
        action="extend",
        metavar="LIST",
        help="only items with these statuses, comma-separated (e.g. todo,blocked); "
        "overdue: the overdue items too, whatever their status",
    )
    export.add_argument(
        "--since",
        type=_since,
        metavar="DATE|7d|2w",
        help="add the changes since DATE (YYYY-MM-DD, or a time) or for the last 7d/2w/12h: "
        "every status, owner, note and due date change of the report's items, by layer",
    )
    export.add_argument("--doc", metavar="GLOB", help="only documents whose path matches GLOB")
    export.add_argument("--owner", metavar="NAME", help="only items owned by NAME")
    export.add_argument("--title", metavar="TEXT", help="report title")
    export.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help="after writing, exit 1 if percent done is below PCT (0-100)",
    )
    add_store_option(export)
    add_read_option(export)


def _percent(value: str) -> float:
    try:
        pct = float(value.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {value!r}") from None
    if not 0 <= pct <= 100:
        raise argparse.ArgumentTypeError(f"percentage out of range 0-100: {value!r}")
    return pct


def _since(value: str) -> str:
    """``--since``: the history's time format (UTC); anything else is a usage error."""
    # Imported when the option is read, not while the parser is built (--help stays fast).
    from kb_tui.core.status.history import since_time

    try:
        return since_time(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class StderrProgress:
    """A plain ``\\r`` progress bar on stderr while a large vault loads (no rich: start-up)."""

    MIN_FILES = 200
    WIDTH = 30

    def __init__(self) -> None:
        self.shown = -1
        self.length = 0

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_FILES:
            return
        pct = done * 100 // total
        if pct == self.shown:
            return
        self.shown = pct
        cells = done * self.WIDTH // total
        bar = "█" * cells + "░" * (self.WIDTH - cells)
        text = f"kb-tui: reading {done}/{total} files {bar} {pct:3d}%"
        self.length = len(text)
        progress(text)

    def finish(self) -> None:
        if self.shown >= 0:
            progress(" " * self.length)
            progress("")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.report.export import ExportError, ReportFilter, export, format_for
    from kb_tui.core.report.insights import period_of
    from kb_tui.core.status.store import StoreError
    from kb_tui.core.workspace.open import open_workspace

    bar = StderrProgress() if sys.stderr.isatty() else None
    try:
        workspace = open_workspace(args.path, args.store, read_limits(args), progress=bar)
    finally:
        if bar is not None:
            bar.finish()
    require_statuses(workspace)
    fmt = format_for(args.output, args.format)
    filters = ReportFilter(
        statuses=frozenset(args.status or ()), doc_glob=args.doc or "", owner=args.owner or ""
    )
    try:
        period = period_of(workspace.store, args.since)
        if period.problem:
            error(f"warning: {period.problem}")
        result, text = export(
            workspace.kb, fmt, args.output, filters=filters, title=args.title, period=period
        )
    except (ExportError, StoreError) as exc:
        raise CliError(str(exc)) from None
    if args.output == "-":
        document(text)
    if args.fail_under is not None:
        return gate(result.summary, args.fail_under)
    return 0


def gate(summary: FilteredSummaryRecord, threshold: float) -> int:
    """``--fail-under``: 1 (with one line on stderr) when percent done is below ``threshold``.

    Uses the exact ratio, not the rounded one in the summary, so 99.96% never passes 100;
    with no applicable items the percentage counts as 0.
    """
    counts = Summary.of_record(summary)
    applicable = counts.applicable
    pct = summary["done"] / applicable * 100 if applicable > 0 else 0.0
    if pct >= threshold:
        return 0
    scope = ", filtered" if summary.get("filtered") else ""
    error(
        f"{counts.percent_text} done ({summary['done']} of {applicable} items{scope}), "
        f"below --fail-under {threshold:g}"
    )
    return 1
