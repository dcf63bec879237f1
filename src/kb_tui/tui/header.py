"""The header's counts and the banner under it: what the explorer can vouch for.

A view must not look true when it is not. While the status store cannot be read, the items
show no stored status (or the statuses last read, after live reload saw the file break):
the header says so instead of a bare ``0/135 done``, and a banner names the file and line
and says that nothing will be written. While the vault's folder is gone, both say that too
(see :mod:`kb_tui.tui.presence`).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from kb_tui.tui.session import Session


class HeaderBanner:
    """The main screen's header counts (the app's title and sub-title) and banner."""

    def __init__(self, screen: Screen[Any], session: Session) -> None:
        self.screen = screen
        self.session = session

    def update_header(self) -> None:
        session = self.session
        if session.workspace is None:
            return
        kb, store = session.workspace.kb, session.workspace.store
        app = self.screen.app
        app.title = kb.name
        parts = []
        if session.vault_gone is not None:
            parts.append("⚠ vault gone (read-only)")
        if store.read_only and not store.entries:
            parts.append("⚠ statuses unreadable (read-only)")  # counts would be untrue
        else:
            if store.read_only:
                parts.append("⚠ statuses as last read (read-only)")
            summary = session.tallies.documents(kb.documents)
            parts.append(f"{summary.done}/{summary.applicable} done")
            parts.append(summary.percent_text)
        problems = len(kb.problems)
        if problems:
            parts.append(f"⚠ {problems} problem{'s' if problems != 1 else ''} (p)")
        app.sub_title = " · ".join(parts)

    def banner_text(self) -> Text | None:
        """What the banner says, or ``None`` when all is well."""
        session = self.session
        store = session.workspace.store if session.workspace else None
        if session.vault_gone is not None:
            return Text.assemble(
                ("Vault gone: ", "bold"),
                f"{session.vault_gone} no longer exists. Showing what was read; nothing is "
                "written until it is back.",
            )
        if store is None or not store.read_only:
            return None
        shown = "Showing the statuses last read" if store.entries else "No item shows its status"
        return Text.assemble(
            ("Read-only: ", "bold"),
            f"the statuses could not be read — {store.error}. {shown}, and nothing will be "
            "written until the file is fixed.",
        )

    def update_banner(self) -> None:
        """A banner under the header while the vault or the status store cannot be used."""
        text = self.banner_text()
        found = self.screen.query("#banner")
        if text is not None:
            if found:
                found.first(Static).update(text)
            else:
                self.screen.mount(Static(text, id="banner"), before=self.screen.query_one("#main"))
        elif found:
            found.remove()
