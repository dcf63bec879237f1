"""Every key binding, grouped by where it applies."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kb_tui.tui.commands import APP_COMMANDS, ITEM_COMMANDS, NAVIGATION_KEYS, Command


def _key_text(command: type[Command]) -> str:
    keys = [k.strip() for k in command.key.split(",")]
    names = {"question_mark": "?", "slash": "/", "space": "space"}
    return " / ".join(names.get(k, k) for k in keys)


def bindings_table() -> Table:
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("key", style="bold", no_wrap=True, min_width=18)
    table.add_column("what")
    sections = [
        ("Moving around", [(key, text) for key, text in NAVIGATION_KEYS]),
        ("Items (tree and checklist)", [(_key_text(c), c.help()) for c in ITEM_COMMANDS]),
        ("Everywhere", [(_key_text(c), c.help()) for c in APP_COMMANDS]),
    ]
    for title, rows in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for key, text in rows:
            table.add_row(Text(key), Text(text))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """The help screen (``?``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="help"):
            yield Static(Text("kb-tui keys", style="bold"), id="dialog-title")
            with VerticalScroll():
                yield Static(bindings_table(), id="help-table")
            yield Static(
                Text("Mouse works too: click nodes, items and links.  escape closes.", style="dim")
            )

    def action_close(self) -> None:
        self.dismiss(None)
