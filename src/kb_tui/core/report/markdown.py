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
    DocView,
    SectionView,
    attention,
    bar_cells,
    counts_text,
    documents,
    fences_repaired_text,
    generated_text,
    one_line,
    percent_text,
    report_title,
    status_label,
    trail,
)

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


_NONE = {"blocked": "Nothing is blocked.", "in_progress": "Nothing is in progress."}


def _attention(report: ReportRecord, out: list[str]) -> None:
    """Blocked, then in progress, right after the summary: what a reader looks for first."""
    if not report["summary"]["items"]:
        return
    groups = attention(report)
    total = sum(len(items) for _s, items in groups)
    out += [f"## Needs attention ({total})", ""]
    if not total:
        out += ["Nothing is blocked or in progress.", ""]
        return
    many = len(report["documents"]) > 1
    for status, items in groups:
        out += [f"### {status_label(status).capitalize()} ({len(items)})", ""]
        if not items:
            out += [_NONE[status], ""]
            continue
        for _path, item in items:
            where = " › ".join(inline(t) for t in trail(item["path"][0 if many else 1 :]))
            out.append(" — ".join([f"- **{inline(item['text'])}**", where, *_details(item)]))
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
    _progress(docs, empty, bool(report.get("filter")), out)
    _checklist(docs, out)
    _orphans(report, out)
    return "\n".join(out).rstrip("\n") + "\n"
