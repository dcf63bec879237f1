"""The export dialog: format, path and whether to apply the tree filter.

It calls the same exporter as ``kb-tui export`` and reads a path by the same rules
(:mod:`kb_tui.core.report.target`): the suffix picks the format, so the selector follows
what is typed; a relative path starts in a folder the dialog shows, never the vault's by
surprise; an existing file is replaced only after a yes. Errors are shown in the dialog.
The store's history is read as the command reads it (:func:`period_of`), so the report's
needs attention and trend are the command's too.
"""

from __future__ import annotations

import datetime as dt
import os
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
from kb_tui.core.report.export import (
    FORMATS,
    ExportError,
    ExportResult,
    check_target,
    export,
)
from kb_tui.core.report.insights import period_of
from kb_tui.core.report.target import (
    ReportFolder,
    default_name,
    default_report_folder,
    format_for,
    resolve_target,
    suffix_format,
    with_format_suffix,
)
from kb_tui.core.status.store import StatusStore, StoreError
from kb_tui.core.text import strip_controls
from kb_tui.tui.screens.confirm import ConfirmScreen

FORMAT_NAMES = {"md": "Markdown", "html": "HTML", "csv": "CSV", "json": "JSON"}


def default_path(fmt: str, today: dt.date | None = None) -> str:
    """The name offered: ``kb-report-YYYY-MM-DD`` with the format's suffix."""
    return default_name(fmt, today)


def replace_question(path: Path, info: os.stat_result) -> Text:
    """ "Replace /full/path? It exists (N bytes, modified …)", naming a link's target: the
    file a yes replaces is that one."""
    when = dt.datetime.fromtimestamp(info.st_mtime).strftime("%Y-%m-%d %H:%M")
    question = Text("Replace ")
    question.append(strip_controls(str(path)), style="bold")
    if path.is_symlink():
        question.append(", a link to ")
        question.append(strip_controls(os.path.realpath(path)), style="bold")
    question.append(f"?\nIt exists ({info.st_size:,} bytes, modified {when}).")
    return question


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
        self,
        kb: KnowledgeBase,
        filter_text: str = "",
        folder: ReportFolder | None = None,
        filter_items: int | None = None,
    ) -> None:
        super().__init__()
        self.kb = kb
        self.filter_text = filter_text
        self.folder = folder or default_report_folder(kb.root)
        self.filter_items = filter_items
        self.fmt = "md" if "md" in FORMATS else FORMATS[0]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="export"):
            yield Static(Text("Export a checklist report", style="bold"), id="dialog-title")
            with Horizontal(classes="export-field"):
                yield Label("Format", classes="export-label")
                yield Select(
                    [(FORMAT_NAMES.get(f, f), f) for f in FORMATS],
                    value=self.fmt,
                    allow_blank=False,
                    id="format",
                )
            with Horizontal(classes="export-field"):
                yield Label("Path", classes="export-label")
                yield Input(default_path(self.fmt), id="path")
            yield Static(self._folder_line(), id="export-folder")
            yield Static(self._target_line(default_path(self.fmt)), id="export-target")
            yield Checkbox(
                filter_label(self.kb, self.filter_text, self.filter_items),
                value=bool(self.filter_text),
                id="apply-filter",
                disabled=not self.filter_text,
            )
            yield Static("", id="export-error")
            with Horizontal(id="buttons"):
                # Text, not str: a str label is markup, where "[esc]" is a tag and vanishes.
                yield Button(Text("Export [ctrl+s]"), variant="primary", id="do-export")
                yield Button(Text("Cancel [esc]"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#export-error", Static).display = False
        self.query_one("#path", Input).focus()

    # -- what the path means -----------------------------------------------------------
    def typed(self) -> str:
        return self.query_one("#path", Input).value.strip()

    def target(self, typed: str | None = None) -> Path:
        """The absolute path written: a relative one starts in the folder shown."""
        return resolve_target(self.folder.path, self.typed() if typed is None else typed)

    def chosen_format(self, typed: str | None = None) -> str:
        """The CLI's rule: a report suffix names the format; else the selector's choice."""
        path = self.typed() if typed is None else typed
        return format_for(path, None if suffix_format(path) else self.fmt)

    def _folder_line(self) -> Text:
        line = Text("Relative paths start in ", style="dim")
        line.append(strip_controls(str(self.folder.path)))
        line.append(f" ({self.folder.reason}).")
        return line

    def _target_line(self, typed: str) -> Text:
        if not typed:
            return Text("Give a file name.", style="dim")
        fmt = self.chosen_format(typed)
        line = Text(f"Writes {FORMAT_NAMES.get(fmt, fmt)} to ")
        line.append(strip_controls(str(self.target(typed))), style="bold")
        return line

    # -- keeping the format and the path in step ---------------------------------------
    def on_select_changed(self, event: Select.Changed) -> None:
        if not isinstance(event.value, str):
            return
        self.fmt = event.value
        path_input = self.query_one("#path", Input)
        current = path_input.value
        wanted = with_format_suffix(current, self.fmt) if current.strip() else ""
        if not wanted:
            wanted = default_path(self.fmt)
        if wanted != current:
            path_input.value = wanted
        self._show_target(path_input.value)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        implied = suffix_format(event.value.strip())
        select = self.query_one("#format", Select)
        if implied is not None and implied != select.value:
            self.fmt = implied
            select.value = implied
        self._show_target(event.value.strip())
        self._error("")

    def _show_target(self, typed: str) -> None:
        self.query_one("#export-target", Static).update(self._target_line(typed))
        # An absolute path needs no base folder: its line gives the room back (80x24).
        absolute = os.path.isabs(os.path.expanduser(typed))
        self.query_one("#export-folder", Static).display = not absolute

    # -- buttons and keys --------------------------------------------------------------
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
        """Check the target, ask before replacing a file, then write in a thread."""
        if self.query_one("#do-export", Button).disabled:
            return  # a write is under way
        typed = self.typed()
        if not typed:
            self._error("Give a path to write the report to.")
            return
        target = self.target(typed)
        if target.is_dir():
            self._error(f"{target} is a folder; give a file name.")
            return
        try:
            existing = check_target(self.kb, target)
        except ExportError as exc:
            self._error(str(exc))
            return
        use_filter = self.query_one("#apply-filter", Checkbox).value and bool(self.filter_text)
        filters = ReportFilter(text=self.filter_text) if use_filter else None
        fmt = self.chosen_format(typed)
        if existing is None:
            self._start(fmt, target, filters)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self._start(fmt, target, filters)
            else:
                self.query_one("#path", Input).focus()

        self.app.push_screen(
            ConfirmScreen(replace_question(target, existing), yes_label="Replace"), answered
        )

    def _start(self, fmt: str, target: Path, filters: ReportFilter | None) -> None:
        self.query_one("#do-export", Button).disabled = True
        self._run_export(fmt, str(target), filters)

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    @work(thread=True, exclusive=True, group="export", description="export")
    def _run_export(self, fmt: str, path: str, filters: ReportFilter | None) -> None:
        try:
            # The history (the trend) read as `kb-tui export` reads it: the same report.
            period = period_of(self._store())
            result, _ = export(self.kb, fmt, path, filters=filters, period=period)
        except (ExportError, StoreError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, result)

    def _store(self) -> StatusStore | None:
        """The store of the vault exported: the explorer's own (its history beside it)."""
        workspace = getattr(self.app, "workspace", None)
        if workspace is not None and workspace.kb is self.kb:
            store: StatusStore = workspace.store
            return store
        if self.kb.store_path is None:
            return None
        return StatusStore(Path(self.kb.store_path), root=self.kb.root)

    def _failed(self, message: str) -> None:
        self.query_one("#do-export", Button).disabled = False
        self._error(message)

    def _error(self, message: str) -> None:
        box = self.query_one("#export-error", Static)
        box.update(Text(strip_controls(message), style="bold #e5534b"))
        box.display = bool(message)
