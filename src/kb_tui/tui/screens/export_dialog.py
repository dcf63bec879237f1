"""The export dialog: format, path and whether to apply the tree filter.

It calls the same exporter as ``kb-tui export``; errors are shown in the dialog.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.filter import ReportFilter
from kb_tui.core.query.kb_filter import kept_item_ids
from kb_tui.core.report.export import FORMATS, SUFFIXES, ExportError, ExportResult, export

FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "csv": "CSV", "json": "JSON"}


def default_path(fmt: str, today: dt.date | None = None) -> str:
    day = (today or dt.date.today()).isoformat()
    return f"kb-report-{day}{SUFFIXES.get(fmt, '.' + fmt)}"


def filter_label(kb: KnowledgeBase, filter_text: str, count: int | None = None) -> Text:
    """The checkbox's label: the tree's filter and how many items it keeps (``count``, the
    tree filter's, or worked out by the same rule: :func:`kept_item_ids`)."""
    label = Text("Apply the current filter")
    if filter_text:
        if count is None:
            count = len(kept_item_ids(kb, filter_text))
        label.append(f" {filter_text!r} ({count:,} item{'s' if count != 1 else ''})")
    return label


class ExportDialog(ModalScreen[ExportResult | None]):
    """Write a report; the result is what was written, or ``None`` when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "export", "Export"),
    ]

    def __init__(
        self, kb: KnowledgeBase, filter_text: str = "", filter_items: int | None = None
    ) -> None:
        super().__init__()
        self.kb = kb
        self.filter_text = filter_text
        self.filter_items = filter_items
        self.fmt = "md" if "md" in FORMATS else FORMATS[0]
        self.path_edited = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="export"):
            yield Static(Text("Export a checklist report", style="bold"), id="dialog-title")
            yield Label("Format")
            yield Select(
                [(FORMAT_NAMES.get(f, f), f) for f in FORMATS],
                value=self.fmt,
                allow_blank=False,
                id="format",
            )
            yield Label("Path")
            yield Input(default_path(self.fmt), id="path")
            yield Checkbox(
                filter_label(self.kb, self.filter_text, self.filter_items),
                value=bool(self.filter_text),
                id="apply-filter",
                disabled=not self.filter_text,
            )
            yield Static("", id="export-error")
            with Horizontal(id="buttons"):
                yield Button("Export [ctrl+s]", variant="primary", id="do-export")
                yield Button("Cancel [esc]", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.fmt = event.value
            if not self.path_edited:
                path_input = self.query_one("#path", Input)
                path_input.value = default_path(self.fmt)
                self.path_edited = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.value != default_path(self.fmt):
            self.path_edited = True

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "do-export":
            self.action_export()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self._error("Give a path to write the report to.")
            return
        target = Path(path).expanduser()
        if target.is_dir():
            self._error(f"{path} is a folder; give a file name.")
            return
        use_filter = self.query_one("#apply-filter", Checkbox).value and bool(self.filter_text)
        filters = ReportFilter(text=self.filter_text) if use_filter else None
        self.query_one("#do-export", Button).disabled = True
        self._run_export(str(target), filters)

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    @work(thread=True, exclusive=True, group="export", description="export")
    def _run_export(self, path: str, filters: ReportFilter | None) -> None:
        try:
            result, _ = export(self.kb, self.fmt, path, filters=filters)
        except (ExportError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, result)

    def _failed(self, message: str) -> None:
        self.query_one("#do-export", Button).disabled = False
        self._error(message)

    def _error(self, message: str) -> None:
        self.query_one("#export-error", Static).update(Text(message, style="bold #e5534b"))
