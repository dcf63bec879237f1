"""The export of a read-only session: the same dialog, the report offered as a download.

A read-only explorer (``kb-tui --read-only``, ``kb-tui serve --read-only``) writes nothing
beside the vault, yet its users still want the report. The dialog is the export dialog's
(format, the tree's filter) with a file name instead of a path; the report is built in
memory by the same exporter as ``kb-tui export`` (:func:`kb_tui.core.report.export.export`
with ``-``, the text returned) and handed to Textual's ``App.deliver_text``: under
textual-serve the browser downloads it; in a terminal Textual saves it in the user's
downloads folder (under a name not taken yet there: Textual would replace a file).
"""

from __future__ import annotations

import contextlib
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_downloads_path
from rich.text import Text
from textual import events, work
from textual.app import App
from textual.screen import Screen
from textual.widgets import Button, Checkbox, Label, Static

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.formats import SUFFIXES
from kb_tui.core.model.progress import Summary
from kb_tui.core.query.filter import ReportFilter
from kb_tui.core.report.export import ExportError, ExportResult, export
from kb_tui.core.report.insights import period_of
from kb_tui.core.report.target import suffix_format
from kb_tui.core.status.store import StoreError
from kb_tui.tui.notify import say
from kb_tui.tui.screens.export_dialog import FORMAT_NAMES, ExportDialog
from kb_tui.tui.state.filter import FilterState

DELIVERY_NAME = "kb-tui-report"  # the name Textual's delivery events carry back
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(typed: str, fmt: str) -> str:
    """The file name offered: the last part of what was typed, letters, digits, ``._-``
    only (it goes into an HTTP header and a folder nobody chose), with ``fmt``'s suffix."""
    name = _UNSAFE.sub("-", Path(typed.replace("\\", "/")).name).strip(".-")
    if not name:
        return ""
    if suffix_format(name) is None:
        name += SUFFIXES.get(fmt, "." + fmt)
    return name


def free_name(folder: Path, name: str) -> str:
    """``name``, or ``stem-2.md``, ``stem-3.md``…: the first not taken in ``folder``."""
    path, number = Path(name), 2
    while (folder / name).exists() or (folder / name).is_symlink():
        name = f"{path.stem}-{number}{path.suffix}"
        number += 1
    return name


@dataclass(frozen=True)
class Download:
    """A report offered as a download: its file name and what it holds."""

    name: str
    result: ExportResult


class DownloadDialog(ExportDialog):
    """Offer a report as a download; the result is what was offered, or ``None``."""

    def on_mount(self) -> None:
        super().on_mount()
        title = Text("Download a checklist report", style="bold")
        self.query_one("#dialog-title", Static).update(title)
        self.query(".export-label").last(Label).update("Name")
        self.query_one("#do-export", Button).label = Text("Download [ctrl+s]")

    def _folder_line(self) -> Text:
        return Text("Read-only: the report is a download, nothing is written here.", style="dim")

    def _target_line(self, typed: str) -> Text:
        fmt = self.chosen_format(typed)
        name = download_name(typed, fmt)
        if not name:
            return Text("Give a file name.", style="dim")
        line = Text(f"Downloads {FORMAT_NAMES.get(fmt, fmt)} as ")
        line.append(name, style="bold")
        return line

    def _show_target(self, typed: str) -> None:
        super()._show_target(typed)
        self.query_one("#export-folder").display = True  # no path here, absolute or not

    def action_export(self) -> None:
        if self.query_one("#do-export", Button).disabled:
            return  # a report is being built
        fmt = self.chosen_format()
        name = download_name(self.typed(), fmt)
        if not name:
            self._error("Give a file name for the report.")
            return
        use_filter = self.query_one("#apply-filter", Checkbox).value and bool(self.filter_text)
        filters = ReportFilter(text=self.filter_text) if use_filter else None
        self.query_one("#do-export", Button).disabled = True
        self._build(fmt, name, filters)

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    @work(thread=True, exclusive=True, group="export", description="download")
    def _build(self, fmt: str, name: str, filters: ReportFilter | None) -> None:
        try:
            period = period_of(self._store())  # as `kb-tui export` reads the history
            result, text = export(self.kb, fmt, "-", filters=filters, period=period)
        except (ExportError, StoreError, OSError) as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._deliver, Download(name, result), text)

    def _deliver(self, download: Download, text: str) -> None:
        name = deliver(self.app, download.name, text)
        self.dismiss(Download(name, download.result))  # type: ignore[arg-type]


def deliver(app: App[Any], name: str, text: str) -> str:
    """Hand ``text`` to Textual as the file ``name``: a browser download under
    textual-serve, else a new file in the user's downloads folder; returns the name used."""
    folder = None if app.is_web else user_downloads_path()  # Textual's choice, made here
    if folder is not None:
        with contextlib.suppress(OSError):  # else Textual's delivery fails, and says why
            folder.mkdir(parents=True, exist_ok=True)  # as a browser makes ~/Downloads
        name = free_name(folder, name)
    app.deliver_text(
        io.StringIO(text), save_directory=folder, save_filename=name, name=DELIVERY_NAME
    )
    return name


def offer_download(screen: Screen[Any], kb: KnowledgeBase, state: FilterState) -> None:
    """``x`` in a read-only session: the download dialog, then what it offered."""

    def done(result: object) -> None:
        if isinstance(result, Download):
            summary = Summary.of_record(result.result.summary)
            say(
                screen,
                f"Report offered as a download: {result.name}: "
                f"{summary.done}/{summary.applicable} done ({summary.percent_text}).",
            )

    screen.app.push_screen(DownloadDialog(kb, state.text, filter_items=state.items), done)


def delivered(app: App[Any], event: events.DeliveryComplete | events.DeliveryFailed) -> None:
    """Textual's word on a report delivered (the app forwards it): where it went, or why
    it did not."""
    if event.name != DELIVERY_NAME:
        return
    if isinstance(event, events.DeliveryFailed):
        app.notify(
            f"The report was not delivered: {event.exception}", severity="error", markup=False
        )
    elif event.path is not None:
        app.notify(f"Report saved to {event.path}", markup=False)
