"""Report exporters: one entry point shared by ``kb-tui export`` and the TUI's export dialog.

Every format renders the same ``kb-tui/report@1`` data (see :mod:`kb_tui.core.report.build`), after
the same filtering, so a Markdown, HTML, CSV and JSON report of one vault always agree. Each
renderer is imported only when used, which keeps ``kb-tui export`` quick to start.
"""

from __future__ import annotations

import datetime as dt
import errno
import importlib
import json
import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.fs.atomic import write_bytes_atomic
from kb_tui.core.fs.safefs import LinkRefused, in_vault, safe_dir_for
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.records import FilteredSummaryRecord, ReportRecord
from kb_tui.core.query.filter import ReportFilter, apply_filter
from kb_tui.core.report.build import build_report
from kb_tui.core.report.insights import Period, add_insights
from kb_tui.core.text import valid_unicode

__all__ = [
    "FORMATS",
    "SUFFIXES",
    "ExportError",
    "ExportResult",
    "Period",
    "ReportFilter",
    "check_target",
    "export",
    "format_for",
    "refuse_target",
    "render",
    "render_report",
    "report_data",
]

from kb_tui.core.model.formats import FORMATS, SUFFIXES
from kb_tui.core.report.target import format_for

# format -> (module, function) rendering report data to text
_RENDERERS = {
    "md": ("kb_tui.core.report.markdown", "render_markdown"),
    "html": ("kb_tui.core.report.html", "render_html"),
    "csv": ("kb_tui.core.report.csv", "render_csv"),
}


class ExportError(Exception):
    """The report could not be written; the message says why."""


@dataclass(frozen=True)
class ExportResult:
    """What was written and the summary of what it holds."""

    path: str
    format: str
    summary: FilteredSummaryRecord


def _json(report: ReportRecord) -> str:
    """The report as JSON: one top-level key a line, one document a line.

    Encoded by the json module's C encoder (``indent`` would switch it to the pure-Python
    one, which took most of a minute for a vault of 5,000 notes).
    """
    parts = []
    for key, value in report.items():
        name = json.dumps(key, ensure_ascii=False)
        if key == "documents" and isinstance(value, list) and value:
            rows = ",\n".join("    " + json.dumps(doc, ensure_ascii=False) for doc in value)
            parts.append(f"  {name}: [\n{rows}\n  ]")
        else:
            parts.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def render_report(report: ReportRecord, fmt: str) -> str:
    """Render already-built (and filtered) report data in ``fmt`` (:func:`report_data`'s;
    data without needs attention and a trend gets them, of no history)."""
    if "attention" not in report:
        add_insights(report, Period())
    if fmt == "json":
        return _json(report)
    if fmt not in _RENDERERS:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    module_name, function = _RENDERERS[fmt]
    renderer: Callable[[ReportRecord], str] = getattr(
        importlib.import_module(module_name), function
    )
    return renderer(report)


def report_data(
    kb: KnowledgeBase,
    *,
    filters: ReportFilter | None = None,
    title: str | None = None,
    generated_at: dt.datetime | None = None,
    period: Period | None = None,
) -> ReportRecord:
    """The report's data: built, filtered, then needs attention, the trend and the
    period's changes of the items it keeps (:mod:`kb_tui.core.report.insights`)."""
    report = build_report(kb, generated_at)
    if title:
        report["title"] = title
    if filters is not None and filters.active:
        report = apply_filter(report, filters.resolved(kb))
    return add_insights(report, period or Period())


def render(
    kb: KnowledgeBase,
    fmt: str,
    *,
    filters: ReportFilter | None = None,
    title: str | None = None,
    generated_at: dt.datetime | None = None,
    period: Period | None = None,
) -> tuple[str, FilteredSummaryRecord]:
    """Render the report as text; returns the text and the (filtered) summary."""
    if fmt not in SUFFIXES:
        raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    report = report_data(kb, filters=filters, title=title, generated_at=generated_at, period=period)
    return render_report(report, fmt), report["summary"]


def export(
    kb: KnowledgeBase,
    fmt: str,
    output: str,
    *,
    filters: ReportFilter | None = None,
    title: str | None = None,
    generated_at: dt.datetime | None = None,
    period: Period | None = None,
) -> tuple[ExportResult, str]:
    """Render and write a report atomically (``output`` ``-`` returns the text only).

    The store, its history and the vault's notes are never a target (:func:`refuse_target`).
    """
    if output != "-":
        refuse_target(kb, Path(output))
    text, summary = render(
        kb, fmt, filters=filters, title=title, generated_at=generated_at, period=period
    )
    if output != "-":
        try:
            write_output(Path(output), text, kb.root)
        except OSError as exc:
            raise _cannot_write(output, exc) from None
    return ExportResult(path=output, format=fmt, summary=summary), text


def _cannot_write(output: str | Path, exc: OSError) -> ExportError:
    reason = str(exc) if isinstance(exc, LinkRefused) else exc.strerror or str(exc)
    return ExportError(f"cannot write {os.path.abspath(output)}: {reason}")


def check_target(kb: KnowledgeBase, path: Path) -> os.stat_result | None:
    """Check ``path`` before asking to replace it: the file a write would replace, if any.

    Raises the :class:`ExportError` :func:`export` would (a refused target, a link inside the
    vault, a folder), so the explorer says why before it asks anything. Returns the status of
    the regular file that would be replaced; ``None`` when there is none (nothing there, a
    device, a FIFO) or its folder is missing (the write then says so).
    """
    refuse_target(kb, path)
    try:
        info = _vault_entry(path, kb.root) if in_vault(path, kb.root) else os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if info is None:
        return None
    if stat.S_ISDIR(info.st_mode):
        raise _cannot_write(path, IsADirectoryError(errno.EISDIR, "is a folder"))
    return info if stat.S_ISREG(info.st_mode) else None


def _vault_entry(path: Path, root: Path) -> os.stat_result | None:
    """``path`` in the vault as :func:`write_output` would meet it: links refused."""
    with safe_dir_for(path, root, create=False) as folder:
        info = folder.lstat(path.name)
        where = folder.path / path.name
    if info is None or stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode):
        return info
    raise LinkRefused(
        where, "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
    )


def refuse_target(kb: KnowledgeBase, path: Path) -> None:
    """Raise :class:`ExportError` when ``path`` is kb-tui's own data or a note of the vault.

    A report written over ``status.yaml`` would lose every status; over a note, its text.
    Paths are compared resolved, so a link or ``..`` does not get round the rule. The
    message names the absolute path, so ``export`` and the explorer's dialog say the same.
    """
    shown = os.path.abspath(path)
    target = Path(os.path.realpath(path))
    store = Path(os.path.realpath(kb.store_path)) if kb.store_path is not None else None
    root = Path(os.path.realpath(kb.root))
    if (
        store is not None
        and target.parent == store.parent
        and (target == store or target.name in (store.name + ".lock", "history.jsonl"))
    ):
        raise ExportError(f"{shown} is the status store or its history; choose another file")
    if target.is_relative_to(root / ".kb-tui"):
        raise ExportError(f"{shown} is inside the vault's .kb-tui folder; choose another file")
    if target.is_relative_to(root):
        rel = target.relative_to(root).as_posix()
        if any(doc.path == rel for doc in kb.documents):
            raise ExportError(f"{shown} is a note of the vault; choose another file")
    if planted_link(Path(shown)):
        raise ExportError(
            f"{shown} is a link another user made in a shared folder; choose another file"
        )


def planted_link(path: Path) -> bool:
    """A link in a sticky, world-writable folder (``/tmp``) that someone else owns: a report
    written through it would replace whatever file they pointed it at (as the kernel's
    ``protected_symlinks`` refuses)."""
    try:
        link = os.lstat(path)
        folder = os.stat(path.parent)
    except OSError:
        return False
    shared = folder.st_mode & stat.S_ISVTX and folder.st_mode & stat.S_IWOTH
    return bool(stat.S_ISLNK(link.st_mode) and shared and link.st_uid != os.geteuid())


def write_output(path: Path, text: str, root: Path | None = None) -> None:
    """Replace a regular file atomically; stream into anything else (``/dev/null``, a FIFO).

    Inside the vault ``root`` nothing is written through a link (:mod:`kb_tui.core.fs.safefs`).
    Outside it, the user's own choice is respected: renaming a temporary file over
    ``/dev/null`` would replace the device with a file, and renaming over a symbolic link
    would replace the link, so a link's target is written instead.
    """
    data = valid_unicode(text).encode("utf-8")
    if root is not None and in_vault(path, root):
        with safe_dir_for(path, root, create=False) as folder:
            folder.replace(Path(path).name, data)
        return
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder")
    if mode is not None and not stat.S_ISREG(mode):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    write_bytes_atomic(Path(os.path.realpath(path)) if path.is_symlink() else path, data)
