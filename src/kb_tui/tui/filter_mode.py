"""Typing mode of the tree for the filter: ``/`` starts it, keys edit it, enter/escape end it.

The tree keeps the focus while the user types the filter, so every key is handled in order
by one widget: a status key typed right after ``enter`` always acts on the match, however
fast the keys arrive (a separate input box would race with the focus change).
"""

from __future__ import annotations

from textual import events
from textual.message import Message

EDIT_KEYS = {"backspace", "ctrl+h", "ctrl+u", "ctrl+w"}


class FilterStarted(Message):
    """``/`` was pressed in the tree: typing mode is on."""


class FilterEdited(Message):
    """The filter text changed while typing."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class FilterEnded(Message):
    """``enter`` (accepted) or ``escape`` (cancelled) ended the typing mode."""

    def __init__(self, text: str, accepted: bool) -> None:
        super().__init__()
        self.text = text
        self.accepted = accepted


class FilterTyping:
    """State of the typing mode; :meth:`feed` returns the message a key produces, if any."""

    def __init__(self) -> None:
        self.active = False
        self.text = ""

    def start(self, text: str = "") -> None:
        self.active = True
        self.text = text

    def feed(self, event: events.Key) -> Message | None:
        key = event.key
        if key == "enter":
            self.active = False
            return FilterEnded(self.text, accepted=True)
        if key == "escape":
            self.active = False
            return FilterEnded(self.text, accepted=False)
        if key in ("backspace", "ctrl+h"):
            self.text = self.text[:-1]
        elif key == "ctrl+u":
            self.text = ""
        elif key == "ctrl+w":
            self.text = self.text.rstrip().rpartition(" ")[0]
            self.text = self.text + " " if self.text else ""
        elif event.is_printable and event.character:
            self.text += event.character
        else:
            return None  # navigation keys pass through to the tree
        return FilterEdited(self.text)
