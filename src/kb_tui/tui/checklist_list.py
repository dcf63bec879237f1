"""The checklist's list of items (imported and mounted after the first frame)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import OptionList

from kb_tui.tui.commands import ITEM_COMMANDS


class ChecklistList(OptionList):
    """The list of items; status keys act on the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", "first", "First", show=False),
        Binding("G", "last", "Last", show=False),
        *[command.binding("app.") for command in ITEM_COMMANDS],
    ]

    def __init__(self, *, id: str | None = None, fill: Callable[[], None] | None = None) -> None:
        super().__init__(id=id)
        self.fill = fill  # adds the rows still to come (the pane fills a long list by chunks)

    def action_last(self) -> None:
        """The last row of the whole list, even while a long one is still being filled."""
        if self.fill is not None:
            self.fill()
        super().action_last()
