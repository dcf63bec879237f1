"""The Markdown report: GitHub-flavoured, and equally at home in GitLab and Obsidian.

Items are written as a task list with the Obsidian Tasks status characters, so the report
can be dropped into a vault. Every piece of document text goes through :func:`inline`, which
escapes whatever could turn text into markup in any of the three renderers: table pipes,
emphasis, links and wikilinks, HTML, math, Obsidian tags, highlights, comments and inline
fields, and block markers at the start of a line.
"""

from __future__ import annotations

import re

from kb_tui.core.model import STATUSES
from kb_tui.core.model.progress import Summary
from kb_tui.core.model.records import (
    ItemRecord,
    OrphanRecord,
    ReportRecord,
    SummaryRecord,
    count_of,
)
from kb_tui.core.report.view import (
    NO_CHANGES,
    NO_HISTORY,
    NOTHING_NEEDS_ATTENTION,
    WEEKS_SHOWN,
    DocView,
    SectionView,
    attention,
    bar_cells,
    change_count,
    counts_text,
    days_text,
    documents,
    fences_repaired_text,
    generated_text,
    nothing_text,
    one_line,
    pace_text,
    percent_text,
    point_percent,
    reason_title,
    report_title,
    since_text,
    status_label,
    trail,
    trend,
)
from kb_tui.core.stats.model import DEFAULT_STALE_DAYS
from kb_tui.core.status.history_text import short_time

CHECKBOX = {"todo": " ", "in_progress": "/", "done": "x", "blocked": "h", "na": "-"}

# Always: backslash, code, emphasis, links, HTML, table pipes, strikethrough, math, footnotes.
# ``_`` and ``#`` only at a word boundary (so ``snake_case`` and ``C#`` stay readable), and
# runs of ``=``, ``%``, ``:`` (Obsidian highlight, comment, Dataview field), entity-like ``&``.
_ESCAPE_RE = re.compile(
    r"[\\`*\[\]<>|~$^]|(?<![^\W_])_|_(?![^\W_])|(?<![^\W_])#|={2,}|%{2,}|:{2,}|&(?=#?\w+;)"
)
_LEADING_RE = re.compile(r"^(?:[-+=]|(\d+)([.)]))")


def _backslash(match: re.Match[str]) -> str:
    return "".join("\\" + ch for ch in match.group())


def _leading(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1) + "\\" + match.group(2)
    return "\\" + match.group()


def inline(text: object) -> str:
    """Untrusted text as literal Markdown on one line, safe in a table cell or a heading."""
    escaped = _ESCAPE_RE.sub(_backslash, one_line(text))
    return _LEADING_RE.sub(_leading, escaped, count=1)


def _details(item: ItemRecord) -> list[str]:
    parts = []
    if item.get("owner"):
        parts.append("owner: " + inline(item["owner"]))
    if item.get("due"):
        parts.append(f"due: {inline(item['due'])}" + (" **overdue**" if item["overdue"] else ""))
    if item.get("note"):
        parts.append("note: " + inline(item["note"]))
    return parts


def _item_line(item: ItemRecord) -> str:
    box = CHECKBOX.get(item["status"], " ")
    return f"- [{box}] " + " — ".join([inline(item["text"]), *_details(item)])


def _summary(report: ReportRecord, out: list[str]) -> None:
    summary = report["summary"]
    out += ["## Summary", ""]
    if report.get("filter"):
        out += [
            f"> **Filtered:** {inline(report['filter'])}. Counts cover matching items only.",
            "",
        ]
    if repaired := fences_repaired_text(report):
        out += [f"> {inline(repaired)}", ""]
    if not summary["items"]:
        out += ["No checklist items.", ""]
        return
    out += [
        f"`{bar_cells(summary)}` **{percent_text(summary)} done**: {counts_text(summary)} "
        f"({summary['items']} items in all)",
        "",
        "| Status | Items |",
        "| --- | ---: |",
    ]
    out += [f"| `[{CHECKBOX[s]}]` {status_label(s)} | {count_of(summary, s)} |" for s in STATUSES]
    out += [f"| **Total** | **{summary['items']}** |", ""]


def _progress_row(label: str, summary: SummaryRecord) -> str:
    applicable = Summary.of_record(summary).applicable
    return (
        f"| {label} | `{bar_cells(summary, 10)}` | {summary['done']}/{applicable} "
        f"| {percent_text(summary)} | {summary['in_progress']} | {summary['blocked']} |"
    )


def _progress(docs: list[DocView], empty: int, filtered: bool, out: list[str]) -> None:
    out += ["## Progress", ""]
    if docs:
        out += [
            "| Document / layer | Progress | Done | % | In progress | Blocked |",
            "| --- | --- | ---: | ---: | ---: | ---: |",
        ]
        for doc in docs:
            out.append(_progress_row(f"**{inline(doc.title)}**", doc.summary))
            out += [
                _progress_row(f"↳ {inline(layer.title)}", layer.summary) for layer in doc.layers
            ]
        out.append("")
    if empty:
        what = "matching" if filtered else "checklist"
        out += [f"{empty} document(s) without {what} items not listed.", ""]


def _runs(section: SectionView, out: list[str]) -> None:
    for run in section.runs:
        if run.groups:
            out += ["**" + " › ".join(inline(g) for g in run.groups) + "**", ""]
        out += [_item_line(item) for item in run.items]
        out.append("")


def _checklist(docs: list[DocView], out: list[str]) -> None:
    """Per document (``##``) and layer (``###``), each section's items as a task list."""
    for doc in docs:
        out += [f"## {inline(doc.title)}", ""]
        out += [f"File {inline(doc.path)} — {_stats(doc.summary)}", ""]
        for layer in doc.layers:
            out += [f"### {inline(layer.title)}", "", _stats(layer.summary), ""]
            for section in layer.sections:
                if section.trail:
                    out += ["#### " + " › ".join(inline(t) for t in section.trail), ""]
                _runs(section, out)


def _stats(summary: SummaryRecord) -> str:
    return f"{counts_text(summary)} ({percent_text(summary)})"


def _attention(report: ReportRecord, out: list[str]) -> None:
    """Blocked, overdue, then stale items right after the summary: what a reader looks for
    first (the stats stage's rule, as in every format)."""
    if not report["summary"]["items"]:
        return
    groups = attention(report)
    stale_days = report.get("stale_days", DEFAULT_STALE_DAYS)
    total = sum(len(rows) for _reason, rows in groups)
    out += [f"## Needs attention ({total})", ""]
    if not total:
        out += [NOTHING_NEEDS_ATTENTION, ""]
        return
    many = len(report["documents"]) > 1
    for reason, rows in groups:
        out += [f"### {reason_title(reason, stale_days)} ({len(rows)})", ""]
        if not rows:
            out += [nothing_text(reason), ""]
            continue
        for row in rows:
            item = row.item
            where = " › ".join(inline(t) for t in trail(item["path"][0 if many else 1 :]))
            how_long = days_text(row.reason, row.days)
            out.append(
                " — ".join([f"- **{inline(item['text'])}**", where, how_long, *_details(item)])
            )
        out.append("")


def _trend(report: ReportRecord, out: list[str]) -> None:
    """Done and applicable items at the end of each of the last weeks, and the pace."""
    if not report["summary"]["items"]:
        return
    out += ["## Trend", ""]
    found = trend(report)
    if found is None:
        out += [NO_HISTORY, ""]
        return
    weeks = found["weekly"][-WEEKS_SHOWN:]
    shown = "" if len(weeks) == len(found["weekly"]) else f" (the last {len(weeks)})"
    out += [
        f"Done and applicable (not n/a) items at the end of each week{shown}; "
        "the current week: today.",
        "",
        "| Week ending | Done | Applicable | % done |",
        "| --- | ---: | ---: | ---: |",
    ]
    out += [f"| {p['day']} | {p['done']} | {p['applicable']} | {point_percent(p)} |" for p in weeks]
    out += ["", pace_text(found["pace"]), ""]


def _changes(report: ReportRecord, out: list[str]) -> None:
    """``--since``: every change of the report's items in the period, by layer, with who
    and when (oldest first)."""
    if "since" not in report:
        return
    out += [f"## Changes since {since_text(report)} ({change_count(report)})", ""]
    groups = report.get("changes", [])
    if not groups:
        out += [NO_CHANGES, ""]
        return
    for group in groups:
        out += [
            f"### {inline(group['layer']) or '(untitled)'} ({len(group['changes'])})",
            "",
            "| When (UTC) | Who | Item | Change |",
            "| --- | --- | --- | --- |",
        ]
        for change in group["changes"]:
            cells = [short_time(change["time"]), change["user"], change["text"] or change["item"]]
            out.append("| " + " | ".join(inline(c) for c in [*cells, change["what"]]) + " |")
        out.append("")


def _orphans(report: ReportRecord, out: list[str]) -> None:
    orphans: list[OrphanRecord] = report.get("orphans", [])
    if not orphans:
        return
    out += [
        f"## Orphaned statuses ({len(orphans)})",
        "",
        "Stored statuses whose item is no longer in the vault; they are kept, never dropped.",
        "",
        "| Item ID | Status | Owner | Note | Updated |",
        "| --- | --- | --- | --- | --- |",
    ]
    for o in orphans:
        cells = [o["id"], status_label(str(o["status"])), o["owner"], o["note"], o["updated"]]
        out.append("| " + " | ".join(inline(c) for c in cells) + " |")
    out.append("")


from kb_tui.core.model.formats import REPORT_MARKER  # noqa: E402


def render_markdown(report: ReportRecord) -> str:
    """The whole report as GitHub-flavoured Markdown text."""
    docs, empty = documents(report)
    out = [
        REPORT_MARKER,  # invisible when rendered; a vault scan skips files that start with it
        f"# {inline(report_title(report))}",
        "",
        f"Generated {generated_text(report)} by {inline(report['generator'])} "
        f"from **{inline(report['name']) or 'an unnamed vault'}**.",
        "",
    ]
    _summary(report, out)
    _attention(report, out)
    _trend(report, out)
    _changes(report, out)
    _progress(docs, empty, bool(report.get("filter")), out)
    _checklist(docs, out)
    _orphans(report, out)
    return "\n".join(out).rstrip("\n") + "\n"
