"""A footer that draws its keys just after the first frame is on the terminal.

Textual's :class:`~textual.widgets.Footer` builds one widget per shown binding and builds
them again each time the bindings change, which happens several times while an app starts
(mount, focus, screen resume). For kb-tui that is the largest share of the styling work
its first frame does beyond a minimal app, for keys nobody reads in the first tenth of a
second. So the footer answers the first change a moment after the first refresh, and every
later change at once, as Textual's does.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

KEYS_DELAY = 0.1  # seconds after the first refresh: Textual's writer has sent the frame


class LateFooter(Footer):
    """A :class:`Footer` whose keys appear right after the first frame."""

    def __init__(self) -> None:
        super().__init__()
        self._started = False
        self._waiting = False

    @property
    def started(self) -> bool:
        """True once the footer shows its keys (tests wait for it)."""
        return self._started

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if self._started:
            super().bindings_changed(screen)
        elif not self._waiting:
            self._waiting = True
            self.call_after_refresh(self.set_timer, KEYS_DELAY, self._start)

    def _start(self) -> None:
        self._started = True
        if self.is_attached:
            super().bindings_changed(self.screen)
