"""The kb-tui application: a thin app around the main screen (see :mod:`.main_screen`).

The app holds what is app-wide: the :class:`~kb_tui.tui.session.Session` (the vault read,
status writes on their way), the key bindings, quitting (:mod:`.lifecycle`) and the heap
(:mod:`.heap`). A command, from a key or the palette, runs ``command('<name>')`` here and
goes to the main screen's dispatch table.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_index import KbIndex
from kb_tui.resources import styles_dir
from kb_tui.tui.commands import APP_COMMANDS, COMMANDS, Quit
from kb_tui.tui.heap import HeapKeeping
from kb_tui.tui.lifecycle import Lifecycle
from kb_tui.tui.main_screen import MainScreen
from kb_tui.tui.providers import CommandsProvider, JumpProvider
from kb_tui.tui.session import Session
from kb_tui.tui.status_actions import StatusWritten
from kb_tui.tui.status_writer import Write
from kb_tui.tui.theme_memory import ThemeMemory

if TYPE_CHECKING:
    from kb_tui.core.workspace.open import Workspace
    from kb_tui.core.workspace.preload import Pending

GC_RESUME = 0.5  # seconds after mount: the first frame is out (see cli.run_explorer)


class KbApp(Lifecycle, HeapKeeping, App[None]):
    """Explore a knowledge base and record how far each component is implemented."""

    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "kb-tui"
    COMMANDS = App.COMMANDS | {CommandsProvider, JumpProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        *[command.binding() for command in APP_COMMANDS],
        Binding("escape", "escape", "Clear", show=False),
    ]

    def __init__(
        self,
        path: Path | None = None,
        store: Path | None = None,
        preload: Pending | None = None,
        read_only: bool = False,
    ) -> None:
        super().__init__()
        self.session = Session(path, store, self.report_write, read_only)
        self.main = MainScreen(self.session, preload, self.settle_heap)
        self.theme_memory = ThemeMemory(self)
        self.theme_memory.restore()

    @property
    def workspace(self) -> Workspace | None:
        """The vault read (None while it is read)."""
        return self.session.workspace

    def get_default_screen(self) -> Screen[None]:
        return self.main

    def on_mount(self) -> None:
        self.set_timer(GC_RESUME, gc.enable)
        self.keep_heap()
        self.theme_memory.start(remember=not self.session.read_only)

    def report_write(self, write: Write) -> None:
        """Called on the writer thread when it is done with ``write``."""
        self.main.post_message(StatusWritten(write))

    @on(events.Unmount)
    def stop_watching(self) -> None:
        """The app ends: no watcher thread outlives it (one starting late included)."""
        if self.session.live is not None:
            self.session.live.stop_all()

    @on(events.DeliveryComplete)
    @on(events.DeliveryFailed)
    def report_delivered(self, event: events.DeliveryComplete | events.DeliveryFailed) -> None:
        """A report offered as a download (a read-only session's export) went, or did not."""
        from kb_tui.tui.screens.export_download import delivered  # only after a download

        delivered(self, event)

    # -- commands ------------------------------------------------------------------------------
    async def action_command(self, name: str) -> None:
        """A key or the palette: quit here, anything else on the main screen."""
        command = COMMANDS[name]
        if command is Quit:
            await self.action_quit()
        else:
            self.main.dispatch(command)

    def action_escape(self) -> None:
        self.main.escape()

    # -- for the palette's jump (see kb_tui.tui.providers) ---------------------------------------
    def shown_kb(self) -> KnowledgeBase | None:
        """The knowledge base loaded (none while it is read)."""
        workspace = self.session.workspace
        return workspace.kb if workspace is not None else None

    def palette_index(self, kb: KnowledgeBase) -> KbIndex:
        """The index the palette searches: the tree filter's entries, its own typing."""
        return self.session.search_index.twin(kb)

    def jump_to(self, key: str) -> None:
        self.main.navigation.jump_to(key)


def run(
    path: Path | None = None,
    store: Path | None = None,
    preload: Pending | None = None,
    read_only: bool = False,
) -> int:
    """Run the app; returns the process exit status."""
    app = KbApp(path, store, preload, read_only)
    app.run()
    writer = app.session.writer
    if writer.busy:  # exited without q (or q gave up waiting): never lose a change
        print("kb-tui: writing the last status changes…", file=sys.stderr)
        writer.wait(60)
    unreported = writer.unreported()
    for error in unreported:
        print(f"kb-tui: not saved: {error}", file=sys.stderr)
    return app.return_code or (1 if unreported else 0)
