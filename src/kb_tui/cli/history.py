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
        "changed (status from → to, owner, note), and the merge log's events (a value that "
        "lost when two branches changed the same field). "
        "ITEM is an ID or an item's exact text.",
    )
    history.add_argument("args", nargs="*", metavar="[PATH] [ITEM]")
    history.add_argument("--by", metavar="NAME", help="only changes (and merges) made by NAME")
    history.add_argument(
        "--since", metavar="DATE", help="only changes at or after DATE (2026-12-01, 7d, 2w, 12h)"
    )
    history.add_argument("--owner", metavar="NAME", help="only items owned by NAME now")
    add_store_option(history)
    add_read_option(history)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.fs.paths import default_path
    from kb_tui.core.status.history import since_time
    from kb_tui.core.status.history_text import format_record
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
    try:
        since = since_time(args.since) if args.since else None
    except ValueError as exc:
        parser.error(f"--since: {exc}")
    store = open_store(path or default_path(), args.store)
    history = store.read_history()
    owned = None
    if args.owner is not None:
        owner = args.owner.casefold()
        owned = {i for i, entry in store.entries.items() if entry.owner.casefold() == owner}
    records = history.filtered(by=args.by, since=since, items=owned)
    if query is not None:
        ids = {query} if query in history.items() else set()
        if not ids:
            kb = open_workspace(path, args.store, apply=False, limits=read_limits(args)).kb
            ids = {item.id for item in find_items(kb, query)}
        if not ids:
            raise CliError(f"no item and no history matches {query!r}")
        chosen = {id(record) for record in records}
        records = [r for r in history.for_items(ids) if id(r) in chosen]
    for record in records:
        line(format_record(record))
    if history.skipped:
        error(f"warning: {history.skipped} unreadable line(s) in {store.history_path} skipped")
    return 0
