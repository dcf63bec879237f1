"""Footers that build their keys less often than Textual's: only when the keys shown change
(:class:`SteadyFooter`, the dashboard's), and not before the first frame is out
(:class:`LateFooter`, the main screen's).

Textual's :class:`~textual.widgets.Footer` builds one widget per shown binding and builds
them again each time the bindings change, which happens several times while an app starts
(mount, focus, screen resume). For kb-tui that is the largest share of the styling work
its first frame does beyond a minimal app, for keys nobody reads in the first tenth of a
second. So the main screen's footer answers the first change a moment after the first
refresh, and every later change at once when the keys it shows differ.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer

KEYS_DELAY = 0.1  # seconds after the first refresh: Textual's writer has sent the frame


def shown_keys(screen: Screen[Any]) -> tuple[object, ...]:
    """What a footer shows of ``screen``'s bindings: each shown key and its state."""
    return tuple(
        (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
        for _node, binding, enabled, tooltip in screen.active_bindings.values()
        if binding.show or binding.key == screen.app.COMMAND_PALETTE_BINDING
    )


class SteadyFooter(Footer):
    """A :class:`Footer` that builds its keys again only when the keys it shows change.

    Textual's builds them again at every change of the screen's bindings: each time the
    screen is shown or covered by another, and each time the focus moves to a widget with
    bindings of its own, hidden ones included. Opening the dashboard and closing it built
    the main screen's keys twice (under the dashboard, unseen) and the dashboard's about
    six times, a good part of what showing it costs; the keys were the same each time.
    Changes while the screen is covered are looked at when it is shown again."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[object, ...] | None = None

    def bindings_changed(self, screen: Screen[Any]) -> None:
        if not screen.is_active and self._shown is not None:
            return  # covered by another screen: looked at again when shown
        keys = shown_keys(screen)
        if keys == self._shown:
            return
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = keys  # built again after the next refresh, from these


class LateFooter(SteadyFooter):
    """A :class:`SteadyFooter` whose keys appear right after the first frame."""

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
