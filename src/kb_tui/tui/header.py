"""The header's counts and the banner under it: what the explorer can vouch for.

A view must not look true when it is not. While the status store cannot be read, the items
show no stored status (or the statuses last read, after live reload saw the file break):
the header says so instead of a bare ``0/135 done``, and a banner names the file and line
and says that nothing will be written. While the vault's folder is gone, both say that too
(see :mod:`kb_tui.tui.presence`).

The problem figures are those of ``kb-tui check``, by severity
(:func:`kb_tui.core.doctor.totals.diagnosis`): worked out off the UI thread once the vault is
read, and again when what they count may have changed (a reload, live reload, a repair, the
statuses applied again); the header says "checking problems…" meanwhile. They take the
long form (``2,572 errors · 2,907 warnings · 33 info``) when the header has room for it,
else the short one (``2,572 err · 2,907 warn · 33 info``).
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from kb_tui.tui.read_only import HEADER_MARK
from kb_tui.tui.session import Session

if TYPE_CHECKING:
    from kb_tui.core.doctor.totals import Diagnosis
    from kb_tui.core.model import KnowledgeBase, Orphan

HEADER_CHROME = 8  # the header's icon (the space kept for a clock is hidden: app.tcss)
CHECKING = "checking problems…"


class HeaderBanner:
    """The main screen's header counts (the app's title and sub-title) and banner."""

    def __init__(self, screen: Screen[Any], session: Session) -> None:
        self.screen = screen
        self.session = session
        # What the problem figures are (being) counted on: the knowledge base and its
        # orphans (applying statuses again makes a new list, and orphans are findings).
        self.counting: tuple[KnowledgeBase, list[Orphan]] | None = None
        self.count_number = 0  # a count's result is shown only if it is still the latest
        self.width = 0  # the screen's width the header was fitted to
        self.fitting = False  # whether a change of width fits the header again

    def update_header(self) -> None:
        session = self.session
        if session.workspace is None:
            return
        kb, store = session.workspace.kb, session.workspace.store
        app = self.screen.app
        app.title = kb.name
        parts = [HEADER_MARK] if session.read_only else []
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
            overdue = session.tallies.overdue(kb.documents)
            if overdue:
                parts.append(f"{overdue:,} overdue")
        self.recount(kb)
        self.width = self.screen.size.width
        room = self.width - HEADER_CHROME - cell_len(f"{kb.name} — {' · '.join(parts)} · ")
        problems = self.problems_text(room)
        app.sub_title = " · ".join([*parts, problems] if problems else parts)

    def problems_text(self, room: int) -> str:
        """The problem figures: the long form if it fits in ``room`` cells, else the short."""
        diagnosis = self.session.diagnosis
        if diagnosis is None:
            return CHECKING
        if not diagnosis.totals.total:
            return ""
        long = f"⚠ {diagnosis.totals.text()} (p)"
        if cell_len(long) <= room:
            return long
        return f"⚠ {diagnosis.totals.text(short=True)} (p)"

    # -- the problem figures (off the UI thread) ------------------------------------------
    def recount(self, kb: KnowledgeBase) -> None:
        """Count the problems of ``kb`` again unless its findings are those counted."""
        counting = self.counting
        if counting is not None and counting[0] is kb and counting[1] is kb.orphans:
            return
        self.counting = (kb, kb.orphans)
        self.count_number += 1
        self.session.diagnosis = None
        self.subscribe_resize()
        # A description, or Textual builds one from repr() of the arguments: a whole vault.
        self.screen.run_worker(
            partial(self._count, kb, self.count_number),
            thread=True,
            exclusive=True,
            group="problems",
            description="count the problems",
            exit_on_error=False,
        )

    def check_git(self) -> None:
        """Off the event loop: whether the vault's store is in git without the merge
        driver (two git commands; a vault outside git answers at once)."""
        workspace = self.session.workspace
        if workspace is None or self.session.path is None:
            return
        store, vault = workspace.store.path, workspace.kb.root
        self.screen.run_worker(
            partial(self._check_git, vault, store),
            thread=True,
            exclusive=True,
            group="git-setup",
            description="is git set up",
            exit_on_error=False,
        )

    def _check_git(self, vault: Path, store: Path) -> None:
        # runs git: only once a vault shows
        from kb_tui.core.team.git import head
        from kb_tui.core.team.setup import needs_setup

        unset = vault.is_dir() and needs_setup(vault, store)
        self.screen.app.call_from_thread(self._git_checked, unset, head(vault))

    def _git_checked(self, unset: bool, commit: str | None) -> None:
        self.session.git_head = commit
        if unset != self.session.git_unset:
            self.session.git_unset = unset
            self.update_banner()

    def _count(self, kb: KnowledgeBase, number: int) -> None:
        # imported on first use: start-up stays fast
        from kb_tui.core.doctor.totals import diagnosis

        found = diagnosis(kb)
        self.screen.app.call_from_thread(self.counted, number, found)

    def counted(self, number: int, found: Diagnosis) -> None:
        """A count is done: show it, unless a newer one is on its way."""
        if number != self.count_number:
            return
        self.session.diagnosis = found
        self.update_header()

    def subscribe_resize(self) -> None:
        """Fit the header again whenever the screen's width changes."""
        if not self.fitting:
            self.fitting = True
            self.screen.screen_layout_refresh_signal.subscribe(self.screen, self.resized)

    def resized(self, _: object) -> None:
        if self.screen.size.width != self.width:
            self.update_header()

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
        if store is None:
            return None
        if not store.read_only:
            if not session.git_unset:
                return None
            return Text.assemble(
                ("git: ", "bold"),
                "the status store is in git but not merged by item in this clone, so two "
                "people's marks will conflict on pull. Run 'kb-tui git-setup' in the vault "
                "(docs/team.md).",
            )
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
