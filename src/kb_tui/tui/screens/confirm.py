"""A yes/no question; the answer is the screen's result."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    """Ask before doing something hard to undo, or something that leaves the terminal."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,n", "answer(False)", "Cancel"),
        Binding("y", "answer(True)", "Yes"),
    ]

    def __init__(self, question: Text, yes_label: str = "Yes", yes_key: str = "y") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes_label
        self.yes_key = yes_key

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="confirm"):
            yield Static(self.question, id="question")
            with Horizontal(id="buttons"):
                # Text, not str: a str label is markup, where "[esc]" is a tag and vanishes.
                yes = Text(f"{self.yes_label} [{self.yes_key}]")
                yield Button(yes, variant="primary", id="yes")
                yield Button(Text("Cancel [esc]"), id="no")

    def on_key(self, event: events.Key) -> None:
        if event.key == self.yes_key:
            event.stop()
            self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
