"""``kb-tui history``: the status history of the vault or of one item, oldest first."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kb_tui.cli.common import (
    CliError,
    add_read_option,
    add_store_option,
    open_workspace,
    read_limits,
)
from kb_tui.cli.output import error, line


def add_parser(sub: Any) -> None:
    history = sub.add_parser(
        "history",
        help="print the status history of the vault or of one item",
        description="Print status changes, oldest first, one a line: time, user, item and what "
        "changed (status from → to, owner, note). "
        "ITEM is an ID or an item's exact text.",
    )
    history.add_argument("args", nargs="*", metavar="[PATH] [ITEM]")
    add_store_option(history)
    add_read_option(history)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.fs.paths import default_path
    from kb_tui.core.status.history import format_record
    from kb_tui.core.workspace.open import find_items, open_store

    if len(args.args) > 2:
        parser.error("history takes [PATH] [ITEM]")
    path: Path | None = None
    query: str | None = None
    if len(args.args) == 2:
        path, query = Path(args.args[0]), args.args[1]
    elif len(args.args) == 1:
        candidate = Path(args.args[0])
        if candidate.exists():
            path = candidate
        else:
            query = args.args[0]
    store = open_store(path or default_path(), args.store)
    history = store.read_history()
    records = history.records
    if query is not None:
        ids = {query} if query in history.items() else set()
        if not ids:
            kb = open_workspace(path, args.store, apply=False, limits=read_limits(args)).kb
            ids = {item.id for item in find_items(kb, query)}
        if not ids:
            raise CliError(f"no item and no history matches {query!r}")
        records = history.for_items(ids)
    for record in records:
        line(format_record(record))
    if history.skipped:
        error(f"warning: {history.skipped} unreadable line(s) in {store.history_path} skipped")
    return 0
