"""``kb-tui mark``: set an item's status (or, with ``--from``, re-attach an orphan's)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kb_tui.cli.common import (
    CliError,
    add_read_option,
    add_store_option,
    no_single_match,
    open_workspace,
    parse_status,
    read_limits,
)
from kb_tui.cli.output import line


def add_parser(sub: Any) -> None:
    mark = sub.add_parser(
        "mark",
        help="set an item's status",
        description="Set an item's status. ITEM is an ID or an item's exact text.",
    )
    mark.add_argument("args", nargs="+", metavar="[PATH] ITEM STATUS")
    mark.add_argument("--note", help="a note to keep with the item")
    mark.add_argument("--owner", help="who owns the item")
    mark.add_argument(
        "--by",
        metavar="NAME",
        help="who made the change (default: the git identity in a git work tree, else the "
        "login name)",
    )
    mark.add_argument(
        "--from",
        dest="from_id",
        metavar="OLD_ID",
        help="re-attach the orphaned status OLD_ID to ITEM (STATUS then optional)",
    )
    add_store_option(mark)
    add_read_option(mark)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.workspace.open import find_items

    if args.from_id is not None:
        return reattach(args, parser)
    if len(args.args) not in (2, 3):
        parser.error("mark takes [PATH] ITEM STATUS")
    path = Path(args.args[0]) if len(args.args) == 3 else None
    query, status_text = args.args[-2], args.args[-1]
    status = parse_status(status_text)
    workspace = open_workspace(
        path, args.store, apply=False, limits=read_limits(args)
    )  # the statuses are not shown
    if workspace.store.read_only:
        raise CliError(f"{workspace.store.error}; refusing to write")
    matches = find_items(workspace.kb, query)
    if len(matches) != 1:
        return no_single_match(workspace.kb, query, matches)
    item = matches[0]
    entry = workspace.store.set(
        item.id,
        status,
        note=args.note,
        owner=args.owner,
        checkbox=item.checkbox if item.kind == "task" else None,
        user=args.by,
    )
    line(f"{item.id}: {entry.status}")
    return 0


def reattach(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``mark [PATH] ITEM [STATUS] --from OLD_ID``: move an orphan's status to ITEM."""
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.status.orphans import reattach as move_status
    from kb_tui.core.workspace.open import find_items

    values = list(args.args)
    if len(values) not in (1, 2, 3):
        parser.error("mark --from OLD_ID takes [PATH] ITEM [STATUS]")
    path: Path | None = None
    status: str | None = None
    if len(values) == 3:
        path, query, status = Path(values[0]), values[1], parse_status(values[2])
    elif len(values) == 2 and Path(values[0]).exists():
        path, query = Path(values[0]), values[1]
    elif len(values) == 2:
        query, status = values[0], parse_status(values[1])
    else:
        query = values[0]
    workspace = open_workspace(path, args.store, limits=read_limits(args))
    store = workspace.store
    if store.read_only:
        raise CliError(f"{store.error}; refusing to write")
    old_id = args.from_id
    if old_id not in store.entries:
        raise CliError(f"no stored status for {old_id!r} in {store.path}")
    if old_id in workspace.kb.item_index():
        raise CliError(
            f"{old_id!r} is not an orphan: its item still exists (use mark to change it)"
        )
    matches = find_items(workspace.kb, query)
    if len(matches) != 1:
        return no_single_match(workspace.kb, query, matches)
    item = matches[0]
    entry = move_status(
        store,
        workspace.kb,
        old_id,
        item,
        status=status,
        note=args.note,
        owner=args.owner,
        user=args.by,
    )
    line(f"{item.id}: {entry.status} (re-attached from {old_id})")
    return 0
