"""``kb-tui tree``: the tree with statuses and progress, as text."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kb_tui.cli.common import (
    add_read_option,
    add_store_option,
    open_workspace,
    read_limits,
    require_statuses,
)
from kb_tui.cli.output import line


def add_parser(sub: Any) -> None:
    tree = sub.add_parser("tree", help="print the tree with statuses and progress")
    tree.add_argument("path", nargs="?", type=Path, metavar="PATH")
    add_store_option(tree)
    add_read_option(tree)


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    # Imported when the command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.report.treetext import render_tree

    workspace = open_workspace(args.path, args.store, limits=read_limits(args))
    require_statuses(workspace)
    for text in render_tree(workspace.kb):
        line(text)
    return 0
