"""A read-only session (``kb-tui --read-only``, what ``kb-tui serve --read-only`` serves).

Whether the session is read-only has one home, :attr:`Session.read_only`; this module holds
what follows from it. Every command a key or the palette runs passes :func:`refuses` first
(the main screen's dispatch): only the commands listed in :data:`READS` run, so a command
added later is refused until someone decides it only reads — a served explorer must never
gain a way to write the vault, the store or its history, or to start a program on the
server, by default. A refused command says so in a toast (:data:`REFUSED`). The problems
view's repair (``a``) asks :func:`app_refuses`; a theme picked is not remembered.

The export stays, as a download: the same exporter builds the report in memory and Textual's
``deliver_text`` hands it to the browser (under textual-serve) or saves it in the user's
downloads folder (in a terminal); see :mod:`kb_tui.tui.screens.export_download`.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from kb_tui.tui import commands as cmd
from kb_tui.tui.notify import say
from kb_tui.tui.session import Session

REFUSED = "read-only: nothing is changed here (statuses, notes, owners, files)"
HEADER_MARK = "read-only"

# The commands that only read: all that a read-only session runs.
READS: frozenset[type[cmd.Command]] = frozenset(
    {
        cmd.Filter,
        cmd.MyItems,
        cmd.Search,
        cmd.Export,  # a download instead (see the module's docstring)
        cmd.Reload,
        cmd.Problems,
        cmd.ShowDashboard,
        cmd.Links,
        cmd.ToggleDiagramSource,
        cmd.ToggleCallouts,
        cmd.Back,
        cmd.Forward,
        cmd.ToggleTree,
        cmd.ToggleViewer,
        cmd.ToggleChecklist,
        cmd.Help,
        cmd.ShowHistory,
        cmd.CopyLink,
        cmd.CopyId,
        cmd.Quit,
    }
)

# The commands that write the store or its history (refused): every other one.
# The editor (ctrl+e) is among them: it writes the note, and would start a program on the server.
WRITES: frozenset[type[cmd.Command]] = frozenset(
    {*cmd.ITEM_COMMANDS, cmd.Undo, cmd.ReattachOrphan, cmd.OpenInEditor}
)


def refuses(session: Session, command: type[cmd.Command] | None = None) -> bool:
    """Whether ``command`` (``None``: any change) is refused in this session."""
    return session.read_only and (command is None or command not in READS)


def app_refuses(app: App[Any]) -> bool:
    """Whether ``app``'s session is read-only (for screens that hold no session, such as
    the problems view, whose ``a`` repairs a note)."""
    session = getattr(app, "session", None)
    return isinstance(session, Session) and session.read_only


def refuse(screen: Screen[Any]) -> None:
    """Say that the change asked for is not made."""
    say(screen, REFUSED, "warning")


def guard(screen: Screen[Any], session: Session, command: type[cmd.Command] | None) -> bool:
    """``True`` (and the toast) when ``command`` must not run in this session."""
    if refuses(session, command):
        refuse(screen)
        return True
    return False
