"""Edit an item's owner, due date and note.

Focus follows the drawing: Owner first, then Due, then Note, then the buttons (tab and shift+tab go
through them in that order), so what is typed lands in the field seen to be focused.
``ctrl+s`` saves from any of them, the note's text area included.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static, TextArea

from kb_tui.core.model import Item
from kb_tui.core.model.due import DueError, parse_due
from kb_tui.core.text import clean

NoteResult = tuple[str, str, str] | None


class NoteEditor(ModalScreen[NoteResult]):
    """Returns ``(note, owner, due)``, or ``None`` when cancelled. A due date that is not a
    calendar day is refused with the reason under its field, and nothing is saved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # Not a priority binding: it would run ahead of keys still queued for the focused
        # field, and save a note without its last words. Neither field binds ctrl+s.
        Binding("ctrl+s", "save", "Save"),
        # Priority: focus moves when tab arrives, so keys typed right after it (fast typing,
        # a paste) go to the next field, not to the one still working through its queue.
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def __init__(self, item: Item) -> None:
        super().__init__()
        self.item = item

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="note-editor"):
            title = Text("Note for ", style="bold")
            title.append(clean(self.item.text), style="bold italic")
            yield Static(title, id="dialog-title")
            with Horizontal(id="owner-due"):
                with Vertical(id="owner-field"):
                    yield Label("Owner")
                    yield Input(
                        clean(self.item.owner), placeholder="who owns this component", id="owner"
                    )
                with Vertical(id="due-field"):
                    yield Label("Due")
                    yield Input(clean(self.item.due), placeholder="YYYY-MM-DD", id="due")
            yield Static("", id="due-error", classes="field-error")
            yield Label("Note")
            yield TextArea(self.item.note, id="note", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="buttons"):
                # Content, not a markup string: "[esc]" would be read as a style and vanish
                yield Button(Content("Save [ctrl+s]"), variant="primary", id="save")
                yield Button(Content("Cancel [esc]"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#owner", Input).focus()  # the first field drawn

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "owner":
            self.query_one("#due", Input).focus()
        else:
            self.query_one("#note", TextArea).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "due":
            self.query_one("#due-error", Static).display = False

    def action_save(self) -> None:
        note = self.query_one("#note", TextArea).text.strip()
        owner = " ".join(self.query_one("#owner", Input).value.split())
        due_field = self.query_one("#due", Input)
        try:
            # A hand-edited store's odd value left as it was is kept: the note can be saved.
            unchanged = due_field.value == clean(self.item.due)
            due = self.item.due if unchanged and self.item.due else parse_due(due_field.value)
        except DueError as exc:
            error = self.query_one("#due-error", Static)
            error.update(Text(str(exc)))
            error.display = True
            due_field.focus()
            return
        self.dismiss((note, owner, due))

    def action_cancel(self) -> None:
        self.dismiss(None)
