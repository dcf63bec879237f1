"""What the commands share: the error they raise, the parser's class, ``--store`` and
``--strict-commonmark``, statuses named on the command line, opening a workspace, and saying
that no single item matched.

Everything a command prints goes through :mod:`kb_tui.cli.output`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from kb_tui.cli.output import error, line
from kb_tui.core.limits import Limits
from kb_tui.core.model import STATUSES
from kb_tui.core.model.due import OVERDUE
from kb_tui.core.model.progress import status_name

if TYPE_CHECKING:
    from kb_tui.core.model import Item, KnowledgeBase
    from kb_tui.core.workspace.open import Workspace


class CliError(Exception):
    """A failure reported as one line on stderr with exit status 1."""


class Parser(argparse.ArgumentParser):
    """argparse, with usage errors that point at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"kb-tui: error: {message} (see 'kb-tui --help')\n")


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        type=Path,
        metavar="FILE",
        help="status store file (default: <vault>/.kb-tui/status.yaml)",
    )


STRICT_HELP = (
    "read notes strictly as CommonMark: a closing fence with an info string (```text) keeps "
    "its block open (default: read as closed where `kb-tui fix` would close it; also "
    "KB_TUI_STRICT_COMMONMARK=1 or strict_commonmark = true in <vault>/.kb-tui/config.toml)"
)


def add_read_option(parser: argparse.ArgumentParser) -> None:
    """``--strict-commonmark``, for every command that reads a vault's notes."""
    parser.add_argument("--strict-commonmark", action="store_true", help=STRICT_HELP)


def read_limits(args: argparse.Namespace) -> Limits:
    """The parse limits from the environment, strict when ``--strict-commonmark`` is given
    (the vault's own config is applied when its notes are read)."""
    limits = Limits.from_env()
    if getattr(args, "strict_commonmark", False):
        return replace(limits, strict_commonmark=True)
    return limits


def usage_error(message: str) -> int:
    """A usage error found after parsing, said the way argparse says its own (exit 2)."""
    error(f"error: {message} (see 'kb-tui --help')")
    return 2


def parse_status(value: str) -> str:
    """A status as typed (``wip``, ``n/a``, ``in-progress``…): its canonical name."""
    status = status_name(value)
    if status not in STATUSES:
        raise CliError(f"unknown status {value.strip()!r}; use one of {', '.join(STATUSES)}")
    return status


# ``overdue`` (:data:`kb_tui.core.model.due.OVERDUE`) is chosen with the statuses in
# ``--status`` (an "or"), though not one: the overdue items.


def status_list(value: str) -> list[str]:
    """``--status todo,in-progress,overdue``: statuses, aliases as for ``mark``, and
    ``overdue`` (the overdue items, whatever their status); unknown: usage error."""
    words = [word.strip().lower() for word in value.split(",")]
    try:
        return [OVERDUE if word == OVERDUE else parse_status(word) for word in words]
    except CliError as exc:
        raise argparse.ArgumentTypeError(
            f"{exc}, or {OVERDUE}" if "unknown status" in str(exc) else str(exc)
        ) from None


def open_workspace(
    path: Path | None, store: Path | None, apply: bool = True, limits: Limits | None = None
) -> Workspace:
    # Imported when a command runs, not while the parser is built (--help stays fast).
    from kb_tui.core.workspace.open import open_workspace as open_core

    return open_core(path, store, limits=limits, apply=apply)


def require_statuses(workspace: Workspace) -> None:
    """A view without the statuses it should show is no view: fail, naming the store."""
    if workspace.store.error:
        raise CliError(
            f"{workspace.store.error}; statuses cannot be shown (repair the file, or pass "
            "--store FILE)"
        )


def no_single_match(kb: KnowledgeBase, query: str, matches: list[Item]) -> int:
    """Say that ``query`` names no item, or several, and list the candidates (exit 1)."""
    reason = "no item matches" if not matches else f"{len(matches)} items match"
    error(f"{reason} {query!r}")
    for item in (matches or _similar(kb, query))[:20]:
        line(f"  {item.id}  ({item.text})", sys.stderr)
    return 1


def _similar(kb: KnowledgeBase, query: str) -> list[Item]:
    folded = query.casefold()
    return [
        item
        for item in kb.iter_items()
        if folded in item.text.casefold() or folded in item.id.casefold()
    ]
