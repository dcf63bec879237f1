"""``kb-tui merge-driver BASE OURS THEIRS [PATHNAME]``: git's merge driver for the status
store (``git-setup`` registers it as ``kb-tui merge-driver %O %A %B %P``).

A three-way merge by item and field (:mod:`kb_tui.core.status.merge`), written to OURS in
the store's own format, holding the store's lock (:mod:`kb_tui.core.status.merge_files`);
exit 0. One line on stderr for each field both sides changed to different values (the
later change kept, the other in the store's merge log). A side that does not parse as a
store (conflict markers, hand damage, another schema) leaves OURS untouched and exits 1:
git then reports an ordinary conflict, never a half-merged file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kb_tui.cli.output import error, line


def add_parser(sub: Any) -> None:
    driver = sub.add_parser(
        "merge-driver",
        help="git's merge driver for the status store (set up by 'kb-tui git-setup')",
        description="Merge two status stores by item and field: BASE is the common ancestor, "
        "OURS (written with the result) and THEIRS the two sides; PATHNAME names the file in "
        "messages. Exit 0 when merged, 1 (OURS untouched) when a side is not a store.",
    )
    driver.add_argument("base", metavar="BASE")
    driver.add_argument("ours", metavar="OURS")
    driver.add_argument("theirs", metavar="THEIRS")
    driver.add_argument("pathname", metavar="PATHNAME", nargs="?", default="")
    driver.add_argument("--by", metavar="NAME", help="who merges (default: the git identity)")
    driver.add_argument("--at", metavar="TIME", help="when, for the merge log (default: now)")


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.errors import StoreError
    from kb_tui.core.status.format import utc_now
    from kb_tui.core.status.merge_files import merge_files
    from kb_tui.core.team.identity import who

    name = args.pathname or ".kb-tui/status.yaml"
    top = Path.cwd()  # git runs a driver at the top of the work tree
    sides = (Path(args.base), Path(args.ours), Path(args.theirs))
    try:
        merged = merge_files(*sides, name, top, who(top, args.by), args.at or utc_now())
    except StoreError as exc:
        error(f"merge of {name} left to you: {exc}")
        return 1
    for event in merged.clashes:
        line(
            f"kb-tui: {name}: {event.item} {event.field}: kept {event.kept or '—'}, "
            f"lost {event.lost or '—'} ({event.lost_by or '?'}, {event.lost_at or '?'}); "
            "kept in the store's merge log",
            sys.stderr,
        )
    return 0
