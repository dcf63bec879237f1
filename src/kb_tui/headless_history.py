"""``kb-tui history`` and ``kb-tui mark --from``: status history and re-attaching orphans."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kb_tui.headless import CliError, _common, _open, _parse_status, no_single_match
from kb_tui.output import error, line


def _add_history_parser(sub: Any) -> None:
    history = sub.add_parser(
        "history",
        help="print the status history of the vault or of one item",
        description="Print status changes, oldest first: time, user, item, from → to, note. "
        "ITEM is an ID or an item's exact text.",
    )
    history.add_argument("args", nargs="*", metavar="[PATH] [ITEM]")
    _common(history)


def cmd_history(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from kb_tui.core.fs.paths import default_path
    from kb_tui.core.status.history import format_record
    from kb_tui.core.workspace.open import open_store

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
            from kb_tui.core.workspace.open import find_items

            ids = {item.id for item in find_items(_open(path, args.store, apply=False).kb, query)}
        if not ids:
            raise CliError(f"no item and no history matches {query!r}")
        records = history.for_items(ids)
    for record in records:
        line(format_record(record))
    if history.skipped:
        error(f"warning: {history.skipped} unreadable line(s) in {store.history_path} skipped")
    return 0


def cmd_reattach(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """``mark [PATH] ITEM [STATUS] --from OLD_ID``: move an orphan's status to ITEM."""
    from kb_tui.core.status.orphans import reattach
    from kb_tui.core.workspace.open import find_items

    values = list(args.args)
    if len(values) not in (1, 2, 3):
        parser.error("mark --from OLD_ID takes [PATH] ITEM [STATUS]")
    path: Path | None = None
    status: str | None = None
    if len(values) == 3:
        path, query, status = Path(values[0]), values[1], _parse_status(values[2])
    elif len(values) == 2 and Path(values[0]).exists():
        path, query = Path(values[0]), values[1]
    elif len(values) == 2:
        query, status = values[0], _parse_status(values[1])
    else:
        query = values[0]
    workspace = _open(path, args.store)
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
    entry = reattach(
        store, workspace.kb, old_id, item, status=status, note=args.note, owner=args.owner
    )
    line(f"{item.id}: {entry.status} (re-attached from {old_id})")
    return 0


def orphan_suggestion_lines(workspace: Any) -> list[str]:
    """For ``check``: one line per orphan naming the likeliest new item, if any."""
    import shlex

    from kb_tui.core.status.orphans import likeliest

    lines = []
    kb = workspace.kb
    for orphan in kb.orphans:
        item = likeliest(kb, orphan.id, workspace.store.entries)
        if item is None:
            continue
        lines.append(
            f"{workspace.store.path}: info: [orphan-suggestion] {orphan.id} is likeliest "
            f"now {item.id} ({item.text}): "
            f"kb-tui mark --from {shlex.quote(orphan.id)} {shlex.quote(item.id)}"
        )
    return lines
