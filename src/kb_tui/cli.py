"""The ``kb-tui`` command line.

Headless commands (``tree``, ``export``, ``mark``, ``check``) import only :mod:`kb_tui.core`;
the Textual app is imported lazily, when it is about to run.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from kb_tui import __version__
from kb_tui.core.model import STATUSES
from kb_tui.core.store import StoreError
from kb_tui.core.text import clean
from kb_tui.core.vault import VaultError

COMMANDS = ("tree", "export", "mark", "check")
STATUS_ALIASES = {
    "in-progress": "in_progress",
    "inprogress": "in_progress",
    "n/a": "na",
    "progress": "in_progress",
    "wip": "in_progress",
}


class CliError(Exception):
    """A failure reported as one line on stderr with exit status 1."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"kb-tui: error: {message} (see 'kb-tui --help')\n")


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        metavar="FILE",
        help="status store file (default: <vault>/.kb-tui/status.yaml)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kb-tui",
        description="Explore an Obsidian-style operations knowledge base and track how far each "
        "component is implemented.",
        epilog="PATH is a Markdown file or a vault folder; default $KB_TUI_PATH, else the bundled "
        "sample. Run 'kb-tui COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"kb-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tree = sub.add_parser("tree", help="print the tree with statuses and progress")
    tree.add_argument("path", nargs="?", type=Path, metavar="PATH")
    _common(tree)

    export = sub.add_parser("export", help="write a checklist report")
    export.add_argument("path", nargs="?", type=Path, metavar="PATH")
    export.add_argument(
        "--format",
        "-f",
        choices=("json",),
        default=None,
        help="report format (default: from the -o suffix, else json)",
    )
    export.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE|-",
        help="output file, or - for stdout (default)",
    )
    _common(export)

    mark = sub.add_parser(
        "mark",
        help="set an item's status",
        description="Set an item's status. ITEM is an ID or an item's exact text.",
    )
    mark.add_argument("args", nargs="+", metavar="[PATH] ITEM STATUS")
    mark.add_argument("--note", help="a note to keep with the item")
    mark.add_argument("--owner", help="who owns the item")
    _common(mark)

    check = sub.add_parser("check", help="list problems; exit 1 when any is an error")
    check.add_argument("path", nargs="?", type=Path, metavar="PATH")
    _common(check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if (args_list and args_list[0] not in COMMANDS and not args_list[0].startswith("-")) or (
        not args_list
    ):
        return _run_app(args_list, parser)
    if (
        args_list
        and args_list[0].startswith("-")
        and args_list[0] not in ("-h", "--help", "--version")
    ):
        return _run_app(args_list, parser)
    args = parser.parse_args(args_list)
    try:
        if args.command == "tree":
            return cmd_tree(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "mark":
            return cmd_mark(args, parser)
        if args.command == "check":
            return cmd_check(args)
    except (CliError, VaultError, StoreError) as exc:
        print(f"kb-tui: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `kb-tui tree | head`
        _silence_stdout()
        return 0
    parser.print_help()
    return 2


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _open(path: Path | None, store: Path | None):  # type: ignore[no-untyped-def]
    from kb_tui.core.workspace import open_workspace

    return open_workspace(path, store)


def _run_app(args_list: list[str], parser: argparse.ArgumentParser) -> int:
    app_parser = _Parser(prog="kb-tui", add_help=False)
    app_parser.add_argument("path", nargs="?", type=Path)
    _common(app_parser)
    args = app_parser.parse_args(args_list)
    try:
        return cmd_tree(args)
    except (CliError, VaultError, StoreError) as exc:
        print(f"kb-tui: {exc}", file=sys.stderr)
        return 1


def cmd_tree(args: argparse.Namespace) -> int:
    from kb_tui.core.treetext import render_tree

    workspace = _open(args.path, args.store)
    out = sys.stdout
    for line in render_tree(workspace.kb):
        out.write(line + "\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from kb_tui.core.exporters import ExportError, export, format_for

    workspace = _open(args.path, args.store)
    fmt = format_for(args.output, args.format)
    try:
        _, text = export(workspace.kb, fmt, args.output)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    if args.output == "-":
        sys.stdout.write(text)
    return 0


def _parse_status(value: str) -> str:
    status = STATUS_ALIASES.get(value.lower(), value.lower())
    if status not in STATUSES:
        raise CliError(f"unknown status {value!r}; use one of {', '.join(STATUSES)}")
    return status


def cmd_mark(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from kb_tui.core.workspace import find_items

    if len(args.args) not in (2, 3):
        parser.error("mark takes [PATH] ITEM STATUS")
    path = Path(args.args[0]) if len(args.args) == 3 else None
    query, status_text = args.args[-2], args.args[-1]
    status = _parse_status(status_text)
    workspace = _open(path, args.store)
    if workspace.store.read_only:
        raise CliError(f"{workspace.store.error}; refusing to write")
    matches = find_items(workspace.kb, query)
    if len(matches) != 1:
        reason = "no item matches" if not matches else f"{len(matches)} items match"
        print(f"kb-tui: {reason} {clean(query)!r}", file=sys.stderr)
        candidates = matches or _similar(workspace.kb, query)
        for item in candidates[:20]:
            print(f"  {item.id}  ({item.text})", file=sys.stderr)
        return 1
    item = matches[0]
    entry = workspace.store.set(
        item.id,
        status,
        note=args.note,
        owner=args.owner,
        checkbox=item.checkbox if item.kind == "task" else None,
    )
    print(f"{item.id}: {entry.status}")
    return 0


def _similar(kb, query: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    folded = query.casefold()
    return [
        item
        for item in kb.iter_items()
        if folded in item.text.casefold() or folded in item.id.casefold()
    ]


def cmd_check(args: argparse.Namespace) -> int:
    workspace = _open(args.path, args.store)
    problems = workspace.kb.problems
    for p in problems:
        where = f"{p.path}:{p.line}" if p.line else p.path
        print(clean(f"{where}: {p.severity}: [{p.code}] {p.message}"))
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = sum(1 for p in problems if p.severity == "warning")
    docs = len(workspace.kb.documents)
    print(f"{docs} document(s), {errors} error(s), {warnings} warning(s)")
    return 1 if errors else 0
