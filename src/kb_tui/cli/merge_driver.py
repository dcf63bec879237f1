"""``kb-tui merge-driver BASE OURS THEIRS [PATHNAME]``: git's merge driver for the status
store (``git-setup`` registers it as ``kb-tui merge-driver %O %A %B %P``).

A three-way merge by item and field (:mod:`kb_tui.core.status.merge`), written to OURS in
the store's own format; exit 0. One line on stderr for each field both sides changed to
different values (the later change kept, the other in the store's merge log). A side that
does not parse as a store (conflict markers, hand damage, another schema) leaves OURS
untouched and exits 1: git then reports an ordinary conflict, never a half-merged file.
"""

from __future__ import annotations

import argparse
import os
import stat
import sys
from pathlib import Path
from typing import Any

from kb_tui.cli.output import error, line

MAX_SIDE_BYTES = 256 * 1024 * 1024  # the store's own cap


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
    from kb_tui.core.status.format import serialize, utc_now
    from kb_tui.core.status.merge import merge_stores, read_side
    from kb_tui.core.team.identity import who

    name = args.pathname or ".kb-tui/status.yaml"
    sides = []
    for label, raw in (("base", args.base), ("ours", args.ours), ("theirs", args.theirs)):
        try:
            text = _read(Path(raw))
            sides.append(read_side(text, Path(f"{name} ({label})")))
        except (OSError, UnicodeDecodeError, StoreError) as exc:
            error(f"merge of {name} left to you: {exc}")
            return 1
    base, ours, theirs = sides
    merged = merge_stores(base, ours, theirs, who(Path.cwd(), args.by), args.at or utc_now())
    try:
        _write(Path(args.ours), serialize(merged.entries, merges=merged.merges))
    except OSError as exc:
        error(f"merge of {name} left to you: cannot write the result: {exc.strerror or exc}")
        return 1
    for event in merged.clashes:
        line(
            f"kb-tui: {name}: {event.item} {event.field}: kept {event.kept or '—'}, "
            f"lost {event.lost or '—'} ({event.lost_by or '?'}, {event.lost_at or '?'}); "
            "kept in the store's merge log",
            sys.stderr,
        )
    return 0


def _read(path: Path) -> str:
    """A side's text: a regular file (git's temporary copies), never through a link."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_SIDE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_SIDE_BYTES:
        raise OSError(f"{path}: larger than {MAX_SIDE_BYTES >> 20} MB")
    return data.decode("utf-8")


def _write(path: Path, text: str) -> None:
    """The result in OURS, atomically (a temporary file beside it, renamed over it: a link
    at OURS is replaced, never followed)."""
    from kb_tui.core.fs.atomic import write_bytes_atomic  # only a merge that succeeded writes

    write_bytes_atomic(path, text.encode("utf-8"))
