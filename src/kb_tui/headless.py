"""The headless commands — ``tree``, ``export``, ``mark``, ``check`` — and the full parser.

They import only :mod:`kb_tui.core`, never Textual (a test enforces it).
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any, NoReturn

from kb_tui import __version__
from kb_tui.core.errors import StoreError, VaultError
from kb_tui.core.model import STATUSES
from kb_tui.core.model.formats import FORMATS
from kb_tui.output import document, error, guarded_streams, line, progress

COMMANDS = ("tree", "export", "mark", "check", "history", "fix")
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
        epilog="'kb-tui [PATH] [--store FILE] [--no-watch]' opens the explorer; it reloads what "
        "changes on disk unless --no-watch (or KB_TUI_NO_WATCH=1) is given. PATH is a Markdown "
        "file or a vault folder; default $KB_TUI_PATH, else the bundled sample. Run "
        "'kb-tui COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"kb-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tree = sub.add_parser("tree", help="print the tree with statuses and progress")
    tree.add_argument("path", nargs="?", type=Path, metavar="PATH")
    _common(tree)

    export = sub.add_parser(
        "export",
        help="write a checklist report (Markdown, HTML, CSV or JSON)",
        description="Write a checklist report. With --fail-under it is also a CI gate: exit 1 "
        "when percent done is below PCT.",
    )
    export.add_argument("path", nargs="?", type=Path, metavar="PATH")
    export.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help="report format (default: from the -o suffix, else md)",
    )
    export.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE|-",
        help="output file, written atomically, or - for stdout (default)",
    )
    export.add_argument(
        "--status",
        type=_status_list,
        action="extend",
        metavar="LIST",
        help="only items with these statuses, comma-separated (e.g. todo,blocked)",
    )
    export.add_argument("--doc", metavar="GLOB", help="only documents whose path matches GLOB")
    export.add_argument("--owner", metavar="NAME", help="only items owned by NAME")
    export.add_argument("--title", metavar="TEXT", help="report title")
    export.add_argument(
        "--fail-under",
        type=_percent,
        metavar="PCT",
        help="after writing, exit 1 if percent done is below PCT (0-100)",
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
    mark.add_argument(
        "--from",
        dest="from_id",
        metavar="OLD_ID",
        help="re-attach the orphaned status OLD_ID to ITEM (STATUS then optional)",
    )
    _common(mark)
    from kb_tui.headless_history import _add_history_parser

    _add_history_parser(sub)

    check = sub.add_parser("check", help="list problems; exit 1 when any is an error")
    check.add_argument("path", nargs="?", type=Path, metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text", dest="check_format")
    check.add_argument(
        "--code", action="append", metavar="CODE", help="only these codes (repeat, or a,b)"
    )
    _common(check)
    _add_fix_parser(sub)
    return parser


def _add_fix_parser(sub: Any) -> None:
    fix = sub.add_parser(
        "fix",
        help="show (or --write) the repairs of fence and mojibake problems",
        description="Show a diff of every repair; --write applies them, keeping a backup of "
        "each original in <vault>/.kb-tui/backup/; --undo restores the last backup.",
    )
    fix.add_argument("path", nargs="?", type=Path, metavar="PATH")
    fix.add_argument(
        "--code", action="append", metavar="CODE", help="only these codes (repeat, or a,b)"
    )
    mode = fix.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="apply the repairs (with a backup)")
    mode.add_argument("--undo", action="store_true", help="restore the last backup")
    _common(fix)


def main(args_list: list[str]) -> int:
    """Run a headless command (or ``--help``/``--version``); returns the exit status.

    Everything it prints, argparse's help and errors included, goes through
    :func:`kb_tui.output.safe` (see :mod:`kb_tui.output`).
    """
    with guarded_streams():
        try:
            return _run(args_list)
        except SystemExit as exc:  # argparse: --help, --version, usage errors
            return exc.code if isinstance(exc.code, int) else 2


def _run(args_list: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(args_list)
    try:
        if args.command == "tree":
            return cmd_tree(args)
        if args.command == "export":
            return cmd_export(args)
        if args.command == "mark":
            return cmd_mark(args, parser)
        if args.command == "check":
            from kb_tui.headless_doctor import cmd_check

            return cmd_check(args)
        if args.command == "history":
            from kb_tui.headless_history import cmd_history

            return cmd_history(args, parser)
        if args.command == "fix":
            from kb_tui.headless_doctor import cmd_fix

            return cmd_fix(args)
    except (CliError, VaultError, StoreError) as exc:
        error(str(exc))
        return 1
    except OSError as exc:  # a path the system refuses (too long, unreadable): no traceback
        error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `kb-tui tree | head`
        _silence_stdout()
        return 0
    parser.print_help()
    return 2


def explorer_usage_error(args_list: list[str]) -> int:
    """Report arguments the explorer does not take, the way argparse would (exit 2)."""
    app_parser = _Parser(prog="kb-tui", add_help=False)
    app_parser.add_argument("path", nargs="?", type=Path)
    app_parser.add_argument("--no-watch", action="store_true")
    _common(app_parser)
    app_parser.parse_args(args_list)
    return 2


def _silence_stdout() -> None:
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _open(path: Path | None, store: Path | None, apply: bool = True):  # type: ignore[no-untyped-def]
    from kb_tui.core.workspace.open import open_workspace

    return open_workspace(path, store, apply=apply)


def cmd_tree(args: argparse.Namespace) -> int:
    from kb_tui.core.report.treetext import render_tree

    workspace = _open(args.path, args.store)
    _require_statuses(workspace)
    for text in render_tree(workspace.kb):
        line(text)
    return 0


def _require_statuses(workspace: Any) -> None:
    """A view without the statuses it should show is no view: fail, naming the store."""
    if workspace.store.error:
        raise CliError(
            f"{workspace.store.error}; statuses cannot be shown (repair the file, or pass "
            "--store FILE)"
        )


def _status_list(value: str) -> list[str]:
    """``--status todo,in-progress``: statuses, aliases as for ``mark``; unknown: usage error."""
    statuses = []
    for word in value.split(","):
        status = STATUS_ALIASES.get(word.strip().lower(), word.strip().lower())
        if status not in STATUSES:
            raise argparse.ArgumentTypeError(
                f"unknown status {word.strip()!r}; use one of {', '.join(STATUSES)}"
            )
        statuses.append(status)
    return statuses


def _percent(value: str) -> float:
    try:
        pct = float(value.strip().removesuffix("%"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a percentage: {value!r}") from None
    if not 0 <= pct <= 100:
        raise argparse.ArgumentTypeError(f"percentage out of range 0-100: {value!r}")
    return pct


class _StderrProgress:
    """A plain ``\\r`` progress bar on stderr while a large vault loads (no rich: start-up)."""

    MIN_FILES = 200
    WIDTH = 30

    def __init__(self) -> None:
        self.shown = -1
        self.length = 0

    def __call__(self, done: int, total: int) -> None:
        if total < self.MIN_FILES:
            return
        pct = done * 100 // total
        if pct == self.shown:
            return
        self.shown = pct
        cells = done * self.WIDTH // total
        bar = "█" * cells + "░" * (self.WIDTH - cells)
        line = f"kb-tui: reading {done}/{total} files {bar} {pct:3d}%"
        self.length = len(line)
        progress(line)

    def finish(self) -> None:
        if self.shown >= 0:
            progress(" " * self.length)
            progress("")


def cmd_export(args: argparse.Namespace) -> int:
    from kb_tui.core.report.export import ExportError, ReportFilter, export, format_for
    from kb_tui.core.workspace.open import open_workspace

    progress = _StderrProgress() if sys.stderr.isatty() else None
    try:
        workspace = open_workspace(args.path, args.store, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    _require_statuses(workspace)
    fmt = format_for(args.output, args.format)
    filters = ReportFilter(
        statuses=frozenset(args.status or ()), doc_glob=args.doc or "", owner=args.owner or ""
    )
    try:
        result, text = export(workspace.kb, fmt, args.output, filters=filters, title=args.title)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    if args.output == "-":
        document(text)
    if args.fail_under is not None:
        return _gate(result.summary, args.fail_under)
    return 0


def _gate(summary: dict[str, Any], threshold: float) -> int:
    """``--fail-under``: 1 (with one line on stderr) when percent done is below ``threshold``.

    Uses the exact ratio, not the rounded one in the summary, so 99.96% never passes 100;
    with no applicable items the percentage counts as 0.
    """
    applicable = summary["items"] - summary["na"]
    pct = summary["done"] / applicable * 100 if applicable > 0 else 0.0
    if pct >= threshold:
        return 0
    scope = ", filtered" if summary.get("filtered") else ""
    shown = math.floor(pct * 10) / 10
    error(
        f"{shown:g}% done ({summary['done']} of {applicable} items{scope}), "
        f"below --fail-under {threshold:g}"
    )
    return 1


def _parse_status(value: str) -> str:
    status = STATUS_ALIASES.get(value.lower(), value.lower())
    if status not in STATUSES:
        raise CliError(f"unknown status {value!r}; use one of {', '.join(STATUSES)}")
    return status


def cmd_mark(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from kb_tui.core.workspace.open import find_items

    if args.from_id is not None:
        from kb_tui.headless_history import cmd_reattach

        return cmd_reattach(args, parser)
    if len(args.args) not in (2, 3):
        parser.error("mark takes [PATH] ITEM STATUS")
    path = Path(args.args[0]) if len(args.args) == 3 else None
    query, status_text = args.args[-2], args.args[-1]
    status = _parse_status(status_text)
    workspace = _open(path, args.store, apply=False)  # the statuses are not shown
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
    )
    line(f"{item.id}: {entry.status}")
    return 0


def no_single_match(kb: Any, query: str, matches: list[Any]) -> int:
    """Say that ``query`` names no item, or several, and list the candidates (exit 1)."""
    reason = "no item matches" if not matches else f"{len(matches)} items match"
    error(f"{reason} {query!r}")
    for item in (matches or _similar(kb, query))[:20]:
        line(f"  {item.id}  ({item.text})", sys.stderr)
    return 1


def _similar(kb, query: str) -> list:  # type: ignore[no-untyped-def,type-arg]
    folded = query.casefold()
    return [
        item
        for item in kb.iter_items()
        if folded in item.text.casefold() or folded in item.id.casefold()
    ]
