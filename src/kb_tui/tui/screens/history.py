"""The status history of one item (or orphan): every change, oldest first."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.status.history import HistoryRecord, format_record
from kb_tui.core.text import clean


class HistoryScreen(ModalScreen[None]):
    """Lists ``records`` (already cleaned of control characters, never read as markup)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,H", "close", "Close")]

    def __init__(self, title: str, records: list[HistoryRecord]) -> None:
        super().__init__()
        self.title_text = clean(title)
        self.records = records

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="links"):
            yield Static(
                Text(f"History of {self.title_text} ({len(self.records)})", style="bold"),
                id="dialog-title",
            )
            options = [Option(Text(format_record(record))) for record in self.records]
            if not options:
                options.append(Option(Text("No recorded changes.", style="dim"), disabled=True))
            yield OptionList(*options, id="history-list")
            yield Static(Text("oldest first · escape: close", style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
