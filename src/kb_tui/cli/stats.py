"""``kb-tui stats``: the dashboard's figures for people and scripts.

The text is the explorer's dashboard in lines (summary, layers with bars, owners, needs
attention with each item's ID for ``kb-tui mark``, the weekly trend and the pace); the JSON
(``--format json``) is :func:`~kb_tui.core.stats.dashboard.dashboard_dict`, schema
``kb-tui/stats@1``. Both are computed by the core from the same data the reports use.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from kb_tui.cli.common import (
    add_read_option,
    add_store_option,
    open_workspace,
    read_limits,
    require_statuses,
)
from kb_tui.cli.output import document, error


def _days(value: str) -> int:
    """``--stale-days``: a whole number of days, 1 or more."""
    try:
        days = int(value)
    except ValueError:
        days = 0
    if days < 1:
        raise argparse.ArgumentTypeError(f"not a number of days (1 or more): {value!r}")
    return days


def add_parser(sub: Any) -> None:
    stats = sub.add_parser(
        "stats",
        help="print the dashboard's figures: progress per layer and owner, what needs "
        "attention, the trend and the pace",
        description="Print the dashboard's figures: the summary and overdue items, progress "
        "per layer (a bar each) and per owner, what needs attention (blocked, overdue, in "
        "progress with no change for N days, each with its ID for 'kb-tui mark'), the done "
        "and applicable items per week from the status history, the pace of the last 4 "
        "weeks and whether it meets the due dates.",
    )
    stats.add_argument("path", nargs="?", type=Path, metavar="PATH")
    stats.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="text (default) or json (schema kb-tui/stats@1)",
    )
    stats.add_argument(
        "--stale-days",
        type=_days,
        metavar="N",
        help="in progress with no change for N days needs attention (default: stale_days "
        "in the config, else 14)",
    )
    stats.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help="in the text, at most N items that need attention (default 50; 0: all; the JSON "
        "has all)",
    )
    add_store_option(stats)
    add_read_option(stats)


def _stale_days(args: argparse.Namespace) -> int:
    """``--stale-days``, else the config's ``stale_days``, else the default; a config that
    cannot be read, or holds a bad value, is said on stderr and the default used."""
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.config import ConfigError, read_config
    from kb_tui.core.stats.settings import stale_days, stale_days_problem

    if args.stale_days is not None:
        return int(args.stale_days)
    try:
        config = read_config()
    except ConfigError as exc:
        error(f"warning: {exc}; using the default stale days")
        config = {}
    if problem := stale_days_problem(config):
        error(f"warning: {problem}")
    return stale_days(config)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.stats.dashboard import build_dashboard, dashboard_dict, dashboard_text
    from kb_tui.core.stats.facts import facts_of_kb

    days = _stale_days(args)
    workspace = open_workspace(args.path, args.store, limits=read_limits(args))
    require_statuses(workspace)
    history = workspace.store.read_history()
    dashboard = build_dashboard(
        facts_of_kb(workspace.kb), history.records, stale_days=days, skipped=history.skipped
    )
    if args.format == "json":
        data = dashboard_dict(dashboard)
        data = {"schema": data["schema"], "name": workspace.kb.name, **data}
        document(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        title = f"{' '.join(workspace.kb.name.split())} — {dashboard.today.isoformat()}"
        text = dashboard_text(dashboard, args.limit if args.limit > 0 else None)
        document(f"{title}\n\n{text}\n")
    if history.skipped:
        error(
            f"warning: {history.skipped} unreadable line(s) in {workspace.store.history_path} "
            "skipped"
        )
    return 0
