"""The status history of one item (or orphan): every change, oldest first.

The item is named once, in the title; each line says when, who and what changed (status,
owner, note), worded by :func:`~kb_tui.core.status.history_text.describe` as ``kb-tui history``
words it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.status.history import HistoryRecord
from kb_tui.core.status.history_text import format_record
from kb_tui.core.text import clean


class HistoryScreen(ModalScreen[None]):
    """Lists ``records`` (already cleaned of control characters, never read as markup)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,H", "close", "Close")]

    def __init__(self, title: str, records: list[HistoryRecord]) -> None:
        super().__init__()
        self.title_text = clean(title)
        self.records = records
        self.lines = [format_record(r, with_item=False, full_time=False) for r in records]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="links history"):
            title = Text("History of ", style="bold")
            title.append(self.title_text, style="bold italic")
            title.append(f"  {len(self.records)} change{'' if len(self.records) == 1 else 's'}")
            yield Static(title, id="dialog-title")
            options = [Option(Text(line, no_wrap=True, overflow="ellipsis")) for line in self.lines]
            if not options:
                options.append(Option(Text("No recorded changes.", style="dim"), disabled=True))
            yield OptionList(*options, id="history-list")
            yield Static(Text(""), id="history-full")
            yield Static(Text("oldest first, times in UTC · escape: close", style="dim"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        """A line cut with ``…`` is shown whole under the list while the cursor is on it."""
        index = event.option_index
        line = self.lines[index] if 0 <= index < len(self.lines) else ""
        full = self.query_one("#history-full", Static)
        width = event.option_list.scrollable_content_region.width
        cut = cell_len(line) > width - 2  # the option's own padding
        full.update(Text(line) if cut else Text(""))
        full.display = cut

    def action_close(self) -> None:
        self.dismiss(None)
