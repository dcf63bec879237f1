"""The vault's folder going away, and coming back, while the explorer runs.

``rm -rf`` of the vault being explored made live reload read a folder that was not there,
and the app died with a traceback. Now the app keeps showing what it read and says that the
vault is gone (a notice, the header, a banner). It writes nothing meanwhile: a status write
would recreate ``<vault>/.kb-tui/`` in the deleted folder, so the writer thread checks just
before each write too. Once a second it looks whether the folder is there (``mv`` away
sends no event at all; ``git checkout`` or ``mv`` back create a new folder the old watch
does not see); when it is back, or another folder took its place, the app watches it again
and reads it all.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from kb_tui.tui.live_reload import LiveReload

PRESENCE_INTERVAL = 1.0  # seconds between looks at the vault's folder (one stat call)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino)


class VaultPresence(LiveReload):
    """Mixin for :class:`~kb_tui.tui.app.KbApp`: live reload, and the vault gone and back."""

    vault_gone: Path | None = None
    vault_identity: tuple[int, int] | None = None  # (device, inode) of the vault's folder

    def start_watching(self) -> None:
        super().start_watching()
        if self.live is not None:
            self.set_interval(PRESENCE_INTERVAL, self.check_presence)

    def presence_target(self) -> Path | None:
        """The folder (or, for a one-note knowledge base, the note) being explored."""
        live = self.live
        if live is not None and live.spec is not None:
            return live.spec.single or live.spec.root
        return self.workspace.kb.root if self.workspace is not None else None

    def write_refusal(self) -> Callable[[], str]:
        """A check for the writer thread: a reason not to write now, or ""."""
        assert self.workspace is not None
        root, gone = self.workspace.kb.root, self.vault_gone

        def refusal() -> str:
            missing = gone if gone is not None else None if root.is_dir() else root
            if missing is None:
                return ""
            return f"{missing} is gone: statuses are not written until it is back"

        return refusal

    def vault_missing(self) -> bool:
        """Whether the vault is gone (and the app says so): nothing is read or written."""
        target = self.presence_target()
        if target is None or os.path.exists(target):
            if self.vault_gone is not None and self.live is None:  # back, seen by ``r``
                self.vault_gone = None
                self.update_header()
                self.update_banner()
            return False
        self.vault_went(target)
        return True

    def check_presence(self) -> None:
        live, target = self.live, self.presence_target()
        if target is None or live is None or live.spec is None or self.closing:
            return
        # The folder's identity, not a one-note knowledge base's note: an editor saving the
        # note replaces it (a new inode) in a folder whose watch still holds.
        identity = _identity(live.spec.root)
        if identity is None or not os.path.exists(target):
            self.vault_went(target)
            return
        known, self.vault_identity = self.vault_identity, identity
        if self.vault_gone is not None or (known is not None and known != identity):
            self.vault_back(target)

    def vault_went(self, target: Path) -> None:
        if self.vault_gone is not None:
            return
        self.vault_gone = target
        if self.live is not None:
            self.live.docs.clear()  # all is read again when it is back
            self.live.store = False
        single = self.live is not None and self.live.spec is not None and self.live.spec.single
        what = "The note" if single else "The vault folder"
        then = "kb-tui reads it again" if self.live is not None else "press r to read it"
        self.say(
            f"{what} {target} is gone. Showing what was read; nothing is written until it "
            f"is back, and then {then}.",
            "error",
        )
        self.update_header()
        self.update_banner()

    def vault_back(self, target: Path) -> None:
        """Watch the folder that is there now and read all of it again."""
        live = self.live
        assert live is not None
        if self.vault_gone is not None:
            self.say(f"{target} is back: reading it again.")
        self.vault_gone = None
        for signal in live.signals:  # the old watch saw the old folder, if anything
            signal.stopped.set()
        live.signals, live.spec, live.changes_filter, live.watchers = [], None, None, 0
        self._begin_watching()
        live.read_whole = True
        live.docs.add(str(target))
        self.update_header()
        self.update_banner()
        self.apply_disk_changes()
