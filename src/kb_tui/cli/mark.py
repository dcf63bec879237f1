"""``kb-tui mark``: set an item's status, note, owner or due date (or, with ``--from``,
re-attach an orphan's)."""

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
        help="set an item's status, note, owner or due date",
        description="Set one item's status, note, owner or due date. ITEM is an ID or an "
        "item's exact text. STATUS may be left out when --note, --owner or --due is given "
        "(the status is kept).",
    )
    mark.add_argument("args", nargs="+", metavar="[PATH] ITEM [STATUS]")
    mark.add_argument("--note", help="a note to keep with the item")
    mark.add_argument("--owner", help="who owns the item")
    mark.add_argument(
        "--due",
        metavar="YYYY-MM-DD|none",
        help="the item's due date; overdue once past and not done or n/a (none: clear it)",
    )
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

    due = _due(args.due)  # checked first: a bad date is refused whatever else is asked
    if args.from_id is not None:
        return reattach(args, parser, due)
    path, query, status = _targets(args, parser)
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
        due=due,
    )
    line(f"{item.id}: {entry.status}" + (f" · due {entry.due}" if entry.due else ""))
    return 0


def _due(text: str | None) -> str | None:
    """``--due`` as stored (``""`` clears it), ``None`` when not given; a bad date is a
    usage error that names the expected form."""
    if text is None:
        return None
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.model.due import DueError, parse_due

    try:
        return parse_due(text)
    except DueError as exc:
        raise CliError(str(exc)) from None


def _targets(
    args: argparse.Namespace, parser: argparse.ArgumentParser
) -> tuple[Path | None, str, str | None]:
    """``[PATH] ITEM [STATUS]`` as (path, item, status); the status may be left out only
    when something else is set (``None``: keep it). Two words are ITEM STATUS when the
    second is a status, else PATH ITEM."""
    values = list(args.args)
    keeps = any(value is not None for value in (args.note, args.owner, args.due))
    if len(values) == 3:
        return Path(values[0]), values[1], parse_status(values[2])
    if len(values) == 2:
        try:
            return None, values[0], parse_status(values[1])
        except CliError:
            if not Path(values[0]).exists():
                raise  # not PATH ITEM: the second word is a mistyped status
        if keeps:
            return Path(values[0]), values[1], None
    if len(values) == 1 and keeps:
        return None, values[0], None
    parser.error("mark takes [PATH] ITEM STATUS (STATUS optional with --note, --owner or --due)")


def reattach(args: argparse.Namespace, parser: argparse.ArgumentParser, due: str | None) -> int:
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
        due=due,
    )
    line(f"{item.id}: {entry.status} (re-attached from {old_id})")
    return 0
