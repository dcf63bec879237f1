"""The headless commands: one parser, one module per command (``tree``, ``export``, ``mark``,
``history``, ``stats``, ``check``, ``fix``, ``serve``…), and the errors every command reports
the same way.

They import only :mod:`kb_tui.core`, never Textual (a test enforces it; ``serve`` imports
textual-serve when it runs, to serve the explorer). Everything they
print, argparse's help and errors included, goes through :mod:`kb_tui.cli.output`.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kb_tui import __version__
from kb_tui.cli import (
    check,
    export,
    fix,
    git_setup,
    history,
    mark,
    merge_driver,
    serve,
    stats,
    tree,
)
from kb_tui.cli.common import CliError, Parser, add_read_option, add_store_option
from kb_tui.cli.output import error, guarded_streams
from kb_tui.core.errors import StoreError, VaultError

COMMANDS = {
    "tree": tree,
    "export": export,
    "mark": mark,
    "history": history,
    "stats": stats,
    "check": check,
    "fix": fix,
    "merge-driver": merge_driver,
    "git-setup": git_setup,
    "serve": serve,
}


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="kb-tui",
        description="Explore an Obsidian-style operations knowledge base and track how far each "
        "component is implemented.",
        epilog="'kb-tui [PATH] [--store FILE] [--no-watch] [--strict-commonmark] [--read-only]' "
        "opens the explorer; it reloads what changes on disk unless --no-watch (or "
        "KB_TUI_NO_WATCH=1) is given, --strict-commonmark reads notes as CommonMark does (see "
        "'kb-tui check --help'), and --read-only changes no status (the export is a download). "
        "PATH is a Markdown "
        "file or a vault folder; default $KB_TUI_PATH, else the bundled sample. Run "
        "'kb-tui COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"kb-tui {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in COMMANDS.values():
        command.add_parser(sub)
    return parser


def main(args_list: list[str]) -> int:
    """Run a headless command (or ``--help``/``--version``); returns the exit status."""
    try:
        with guarded_streams():
            try:
                return _run(args_list)
            except SystemExit as exc:  # argparse: --help, --version, usage errors
                return exc.code if isinstance(exc.code, int) else 2
    except BrokenPipeError:  # the last flush met a reader gone (`kb-tui tree | head`)
        _reader_gone()
        return 0


def _reader_gone() -> None:
    """Stdout's reader went away: what is left to flush goes nowhere, and no error is said."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _run(args_list: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(args_list)
    command = COMMANDS.get(args.command or "")
    if command is None:
        parser.print_help()
        return 2
    try:
        code: int = command.run(args, parser)
        return code
    except (CliError, VaultError, StoreError) as exc:
        error(str(exc))
        return 1
    except BrokenPipeError:  # e.g. `kb-tui tree | head` (an OSError: caught first)
        _reader_gone()
        return 0
    except OSError as exc:  # a path the system refuses (too long, unreadable): no traceback
        error(f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc))
        return 1
    except KeyboardInterrupt:
        return 130


def explorer_usage_error(args_list: list[str]) -> int:
    """Report arguments the explorer does not take, the way argparse would (exit 2)."""
    with guarded_streams():
        app_parser = Parser(prog="kb-tui", add_help=False)
        app_parser.add_argument("path", nargs="?", type=Path)
        app_parser.add_argument("--no-watch", action="store_true")
        app_parser.add_argument("--read-only", action="store_true")
        add_store_option(app_parser)
        add_read_option(app_parser)
        try:
            app_parser.parse_args(args_list)
        except SystemExit as exc:
            return exc.code if isinstance(exc.code, int) else 2
    return 2
