"""Report exporters: one entry point shared by ``kb-tui export`` and the TUI's export dialog."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kb_tui.core.atomic import write_text_atomic
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.report import build_report
from kb_tui.core.reportfilter import ReportFilter, apply_filter

SUFFIXES: dict[str, str] = {"json": ".json"}
FORMATS = tuple(SUFFIXES)


class ExportError(Exception):
    """The report could not be written; the message says why."""


@dataclass(frozen=True)
class ExportResult:
    """What was written and the summary of what it holds."""

    path: str
    format: str
    summary: dict[str, Any]


def format_for(path: str | None, explicit: str | None) -> str:
    """The format asked for, else the one the output file's suffix implies, else JSON."""
    if explicit:
        return explicit
    if path and path != "-":
        suffix = Path(path).suffix.lower()
        for name, ext in SUFFIXES.items():
            if suffix == ext:
                return name
    return "json"


def render(
    kb: KnowledgeBase,
    fmt: str,
    *,
    filters: ReportFilter | None = None,
    title: str | None = None,
    generated_at: dt.datetime | None = None,
) -> tuple[str, dict[str, Any]]:
    """Render the report as text; returns the text and the (filtered) summary."""
    report = build_report(kb, generated_at)
    if title:
        report["title"] = title
    if filters is not None and filters.active:
        report = apply_filter(report, filters)
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n", report["summary"]
    raise ExportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def export(
    kb: KnowledgeBase,
    fmt: str,
    output: str,
    *,
    filters: ReportFilter | None = None,
    title: str | None = None,
    generated_at: dt.datetime | None = None,
) -> tuple[ExportResult, str]:
    """Render and write a report atomically (``output`` ``-`` returns the text only)."""
    text, summary = render(kb, fmt, filters=filters, title=title, generated_at=generated_at)
    if output != "-":
        try:
            write_text_atomic(Path(output), text)
        except OSError as exc:
            raise ExportError(f"cannot write {output}: {exc.strerror or exc}") from None
    return ExportResult(path=output, format=fmt, summary=summary), text
