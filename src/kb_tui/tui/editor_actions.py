"""``ctrl+e``: the note under the cursor in the user's editor, at the line it starts.

The terminal is handed over (:meth:`~textual.app.App.suspend`) while the editor runs and
taken back when it exits; live reload then shows the edit, the selection kept (with live
reload off, the vault is read again as ``r`` does). What can go wrong is said in a toast:
no editor of that name, an editor that exits with a failure, a note that is a link to a
file outside the vault (refused: see :mod:`kb_tui.core.fs.vault_file`), or an app that
cannot hand its terminal over (in a browser, under ``textual-serve``).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from collections.abc import Callable
from typing import Any

from textual.app import SuspendNotSupported
from textual.screen import Screen

from kb_tui.core.errors import VaultError
from kb_tui.core.fs.vault_file import real_document_path
from kb_tui.core.text import clean
from kb_tui.resources import is_bundled
from kb_tui.tui.editor_command import EditorCommand, EditorError, editor_command
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.pointed import pointed_ref, ref_line
from kb_tui.tui.session import Session

BUNDLED = (
    "This is kb-tui's bundled sample, part of the installed program: copy it to a folder "
    "of your own and open that (kb-tui PATH) to edit it."
)


class EditorActions:
    """Opens the selected note in ``$VISUAL`` / ``$EDITOR`` (``vi`` when neither is set)."""

    def __init__(
        self, screen: Screen[Any], session: Session, panes: Panes, reload: Callable[[], None]
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.reload = reload  # the vault read again, when live reload is off

    def open_in_editor(self) -> None:
        ref = pointed_ref(self.panes, self.session)
        workspace = self.session.workspace
        if ref is None or ref.document is None or workspace is None:
            say(self.screen, "Select a note, a section or an item to open it in your editor.")
            return
        if is_bundled(workspace.kb.root):
            say(self.screen, BUNDLED, "warning")
            return
        try:
            path = real_document_path(workspace.kb.root, ref.document.path)
            command = editor_command(os.environ, path, ref_line(ref))
        except (VaultError, EditorError) as exc:
            say(self.screen, clean(str(exc)), "error")
            return
        program = shutil.which(command.program)  # run as found (a .cmd on Windows too)
        if program is None:
            say(self.screen, not_found(command), "error")
            return
        try:
            with self.screen.app.suspend():
                status = subprocess.run([program, *command.argv[1:]], check=False).returncode
        except SuspendNotSupported:
            say(
                self.screen,
                "The terminal cannot be handed to an editor here (a browser, or a terminal "
                f"kb-tui cannot suspend): open {clean(str(path))} at line {ref_line(ref)} "
                "yourself.",
                "warning",
            )
            return
        except OSError as exc:
            say(self.screen, clean(f"The editor {command.program} did not start: {exc}"), "error")
            return
        if status != 0:
            say(self.screen, failed(command, status), "error")
        if self.session.live is None:
            self.reload()


def not_found(command: EditorCommand) -> str:
    return (
        f"Editor not found: {clean(repr(command.program))} (from {command.source}). "
        "Set $VISUAL or $EDITOR to an editor on your PATH."
    )


def failed(command: EditorCommand, status: int) -> str:
    """What an editor's exit status says: a failure, or the signal that stopped it."""
    program = clean(command.program)
    if status < 0:
        try:
            name = signal.Signals(-status).name
        except ValueError:
            name = f"signal {-status}"
        return f"The editor {program} was stopped by {name}: the note may not be saved."
    return f"The editor {program} exited with status {status}: the note may not be saved."
