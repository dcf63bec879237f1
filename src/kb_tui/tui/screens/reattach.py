"""Choose the item an orphaned status should be re-attached to (the suggestion first)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.model import Item
from kb_tui.core.text import clean


class ReattachScreen(ModalScreen[str | None]):
    """Returns the chosen item's ID, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(self, orphan_id: str, candidates: list[tuple[Item, float]]) -> None:
        super().__init__()
        self.orphan_id = orphan_id
        self.candidates = candidates

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="links"):
            title = Text("Re-attach the status of ", style="bold")
            title.append(clean(self.orphan_id), style="bold italic")
            title.append(" to…", style="bold")
            yield Static(title, id="dialog-title")
            options = []
            for index, (item, score) in enumerate(self.candidates):
                prompt = Text()
                if index == 0:
                    prompt.append("★ ", style="bold #d9a400")
                prompt.append(clean(item.text))
                prompt.append(f"  {clean(item.id)}  {score:.0%}", style="dim")
                options.append(Option(prompt, id=str(index)))
            if not options:
                options.append(Option(Text("No items to choose from.", style="dim"), disabled=True))
            yield OptionList(*options, id="reattach-list")
            yield Static(Text("enter: re-attach · escape: cancel", style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.candidates[int(event.option.id)][0].id)

    def action_close(self) -> None:
        self.dismiss(None)
