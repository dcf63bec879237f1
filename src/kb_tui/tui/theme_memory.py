"""The theme chosen in the palette, remembered between runs (the user's config file, see
:mod:`kb_tui.core.config`)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.theme import Theme

from kb_tui.core.config import ConfigError, read_config, write_setting
from kb_tui.tui.notify import say


class ThemeMemory:
    """Applies the saved theme at start and saves the one the user picks."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.saved: str | None = None
        self.problem: str | None = None  # said once the app is running

    def restore(self) -> None:
        """Apply the saved theme, before the first frame; a broken file is noted, not fatal."""
        try:
            theme = read_config().get("theme")
        except ConfigError as error:
            self.problem = f"Settings not read: {error}"
            return
        if not isinstance(theme, str):
            return
        if theme not in self.app.available_themes:
            self.problem = f"The saved theme {theme!r} is not available: the default is used."
            return
        self.saved = theme
        self.app.theme = theme

    def start(self, remember: bool = True) -> None:
        """Once mounted: say what went wrong reading, and save every theme picked from now
        (unless not ``remember``: a read-only session writes no setting either)."""
        if self.problem is not None:
            say(self.app, self.problem, "warning")
        if remember:
            self.app.theme_changed_signal.subscribe(self.app, self.changed)

    def changed(self, theme: Theme) -> None:
        if theme.name == self.saved:
            return
        try:
            write_setting("theme", theme.name)
        except ConfigError as error:
            say(self.app, f"Theme not remembered: {error}", "warning")
            return
        self.saved = theme.name
