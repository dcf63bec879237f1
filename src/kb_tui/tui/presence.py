"""The vault's folder going away, and coming back, while the explorer runs.

``rm -rf`` of the vault being explored made live reload read a folder that was not there,
and the app died with a traceback. Now the app keeps showing what it read and says that the
vault is gone (a notice, the header, a banner). It writes nothing meanwhile: a status write
would recreate ``<vault>/.kb-tui/`` in the deleted folder, so the writer thread checks just
before each write too (see :meth:`kb_tui.tui.session.Session.write_refusal`). Once a second
live reload looks whether the folder is there (``mv`` away sends no event at all;
``git checkout`` or ``mv`` back create a new folder the old watch does not see); when it is
back, or another folder took its place, it watches it again and reads it all.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from textual.screen import Screen

from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.notify import say
from kb_tui.tui.session import Session

PRESENCE_INTERVAL = 1.0  # seconds between looks at the vault's folder (one stat call)


def identity(path: Path) -> tuple[int, int] | None:
    """(device, inode) of ``path``, or None if it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


class VaultPresence:
    """Whether the vault is there; says so, in the header and a banner, when it is gone."""

    def __init__(self, screen: Screen[Any], session: Session, header: HeaderBanner) -> None:
        self.screen = screen
        self.session = session
        self.header = header
        self.vault_identity: tuple[int, int] | None = None  # of the vault's folder

    def target(self) -> Path | None:
        """The folder (or, for a one-note knowledge base, the note) being explored."""
        live = self.session.live
        if live is not None and live.spec is not None:
            return live.spec.single or live.spec.root
        workspace = self.session.workspace
        return workspace.kb.root if workspace is not None else None

    def vault_missing(self) -> bool:
        """Whether the vault is gone (and the app says so): nothing is read or written."""
        session = self.session
        target = self.target()
        if target is None or os.path.exists(target):
            if session.vault_gone is not None and session.live is None:  # back, seen by ``r``
                session.vault_gone = None
                self.header.update_header()
                self.header.update_banner()
            return False
        self.vault_went(target)
        return True

    def vault_went(self, target: Path) -> None:
        session = self.session
        if session.vault_gone is not None:
            return
        session.vault_gone = target
        live = session.live
        if live is not None:
            live.docs.clear()  # all is read again when it is back
            live.store = False
        single = live is not None and live.spec is not None and live.spec.single
        what = "The note" if single else "The vault folder"
        then = "kb-tui reads it again" if live is not None else "press r to read it"
        say(
            self.screen,
            f"{what} {target} is gone. Showing what was read; nothing is written until it "
            f"is back, and then {then}.",
            "error",
        )
        self.header.update_header()
        self.header.update_banner()
