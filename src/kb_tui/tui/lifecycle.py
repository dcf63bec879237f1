"""Quitting and crashing: what happens after ``q``, and what a crash prints.

After ``q`` nothing else runs. A terminal delivers ``q`` and the keys typed right after it
in one read; Textual queued them behind the exit, and ``e`` (or ``x``, ``p``, ``ctrl+f``…)
pushed a dialog onto a screen stack already being torn down, whose ``on_mount`` then found
no widgets (``NoMatches: '#note'``, exit status 1). So once the app is quitting, input
events are dropped, actions do not run, and no screen is pushed, wherever they come from.

``q`` waits (at most :data:`QUIT_WAIT` seconds, the UI still drawn) for status writes on
their way to the store, and says on exit if one failed; the app's unmount waits again for
exits that did not go through ``q``.

A crash prints a short traceback without local variables: Textual's own shows every frame's
locals, which dumped parsed vault content (untrusted text) to the terminal.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.segment import Segments
from rich.text import Text
from textual import events, on
from textual.app import App

from kb_tui.tui.notify import say
from kb_tui.tui.session import Session

if TYPE_CHECKING:
    from collections.abc import Mapping

    from textual.actions import ActionParseResult
    from textual.dom import DOMNode

QUIT_WAIT = 5.0  # seconds ``q`` waits for status writes before exiting anyway
UNMOUNT_WAIT = 5.0  # and the app's unmount once more (the thread still finishes them)
CRASH_FRAMES = 12


class Lifecycle(App[None]):
    """The app's quitting and crashing; first among :class:`~kb_tui.tui.app.KbApp`'s bases."""

    session: Session  # set by the app's constructor

    @property
    def quitting(self) -> bool:
        """``q`` was pressed (or the app is exiting): nothing else runs."""
        return self.session.quitting

    def exit(
        self,
        result: None = None,
        return_code: int = 0,
        message: RenderableType | None = None,
    ) -> None:
        self.session.quitting = True
        super().exit(result, return_code, message)

    async def action_quit(self) -> None:
        """Quit once every status change on its way is written (see QUIT_WAIT)."""
        if self.quitting:
            return
        self.session.quitting = True
        if self.session.writes:
            say(self, "Saving…")
            failed_before = len(self.session.writer.failed)
            self.run_worker(self._exit_when_written(failed_before), group="quit")
        else:
            self.exit()

    async def _exit_when_written(self, failed_before: int) -> None:
        deadline = time.monotonic() + QUIT_WAIT
        try:
            while self.session.writes and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
        finally:  # whatever happens, the app quits
            # A failure now was shown for an instant at most: it is said again on exit.
            failed = self.session.writer.failed[failed_before:]
            lines = [f"kb-tui: not saved: {write.error}" for write in failed]
            if self.session.writes:
                lines.append("kb-tui: still writing statuses; they are written before it ends")
            message = Text("\n".join(lines)) if lines else None
            self.exit(return_code=1 if failed else 0, message=message)

    async def on_event(self, event: events.Event) -> None:
        if self.quitting and isinstance(event, events.InputEvent):
            return  # typed after q: on its way out, the app does nothing more
        await super().on_event(event)

    async def run_action(
        self,
        action: str | ActionParseResult,
        default_namespace: DOMNode | None = None,
        namespaces: Mapping[str, DOMNode] | None = None,
    ) -> bool:
        if self.quitting:
            return True  # handled: by doing nothing
        return await super().run_action(action, default_namespace, namespaces)

    if TYPE_CHECKING:  # Textual's overloads stand
        push_screen = App.push_screen

    else:

        def push_screen(self, screen, callback=None, wait_for_dismiss=False, *, mode=None):
            if not self.quitting:
                return super().push_screen(screen, callback, wait_for_dismiss, mode=mode)
            done = asyncio.get_running_loop().create_future()
            done.set_result(None)  # awaited, it is done; the callback is never called
            return done

    @on(events.Unmount)
    async def finish_writes(self) -> None:
        """However the app ends, status writes on their way are finished first (bounded)."""
        writer = self.session.writer
        if writer.busy:
            await asyncio.to_thread(writer.wait, UNMOUNT_WAIT)
        writer.close()

    def _fatal_error(self) -> None:
        """Textual's, without local variables (document text) and shorter."""
        # imported only on a crash: start-up stays fast
        import rich
        import textual
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(
            show_locals=False,
            width=None,
            extra_lines=1,
            max_frames=CRASH_FRAMES,
            suppress=[rich, textual],
        )
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()
