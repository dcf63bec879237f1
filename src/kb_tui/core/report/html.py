"""The HTML report: one self-contained file, readable on screen and on paper.

No scripts and nothing fetched: CSS is inline, charts are inline SVG, and a
Content-Security-Policy forbids everything else, so even a mistake in escaping could not run
code. Every piece of document and store text still goes through :func:`text`
(``html.escape``). Sections are ``<details open>``: collapsible on screen, open in print.
"""

from __future__ import annotations

import hashlib
from html import escape

from kb_tui.core.model import STATUSES
from kb_tui.core.model.due import OVERDUE_GLYPH
from kb_tui.core.model.progress import Summary
from kb_tui.core.model.records import ItemRecord, ReportRecord, SummaryRecord, count_of
from kb_tui.core.report.htmlstyle import stylesheet
from kb_tui.core.report.svgchart import bar_chart, burnup_chart, stacked_bar
from kb_tui.core.report.view import (
    NO_CHANGES,
    NO_HISTORY,
    NOTHING_NEEDS_ATTENTION,
    Attention,
    DocView,
    attention,
    change_count,
    counts_text,
    days_text,
    documents,
    fences_repaired_text,
    generated_text,
    item_anchor_ids,
    nothing_text,
    one_line,
    pace_text,
    percent_text,
    point_percent,
    reason_hint,
    report_title,
    since_text,
    status_label,
    trail,
    trend,
)
from kb_tui.core.stats.model import DEFAULT_STALE_DAYS
from kb_tui.core.status.history_text import short_time
from kb_tui.core.text import clean

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'"


def text(value: object) -> str:
    """Untrusted text, cleaned and HTML-escaped (quotes too, so it is safe in attributes)."""
    return escape(one_line(value), quote=True)


def note(value: object) -> str:
    """A note keeps its line breaks (shown by CSS ``white-space: pre-line``)."""
    lines = (one_line(line) for line in clean(str(value or "")).split("\n"))
    return escape("\n".join(line for line in lines if line), quote=True)


def badge(status: str) -> str:
    return f'<span class="badge s-{escape(status)}">{escape(status_label(status))}</span>'


def _stats(summary: SummaryRecord) -> str:
    return f"{counts_text(summary)} ({percent_text(summary)})"


def anchor(item_id: str) -> str:
    """A short, stable fragment for an item (IDs are long and may hold any character)."""
    return "i-" + hashlib.sha1(item_id.encode("utf-8"), usedforsecurity=False).hexdigest()[:12]


def due(item: ItemRecord) -> str:
    """The due date, and ``overdue`` beside it (in words, not colour alone) when it is."""
    if not item["due"]:
        return ""
    if item["overdue"]:
        return (
            f'<span class="due overdue">due {text(item["due"])} '
            f"<strong>{OVERDUE_GLYPH} overdue</strong></span>"
        )
    return f'<span class="due">due {text(item["due"])}</span>'


def _item(item: ItemRecord) -> str:
    status = item["status"]
    if status == "todo":  # the bulk of a young checklist: a quiet mark, not a badge
        mark = '<span class="mark" title="To do" aria-label="To do">○</span>'
    else:
        mark = badge(status)
    late = " overdue" if item["overdue"] else ""
    parts = [
        f'<li class="item st-{escape(status)}{late}" id="{anchor(item["id"])}">',
        mark,
        f'<span class="item-text">{text(item["text"])}</span>',
    ]
    owner = text(item["owner"])
    owner_cell = f'<span class="owner">owner: {owner}</span>' if owner else ""
    if item["due"]:  # the third column holds both
        parts.append(f'<span class="meta">{owner_cell}{due(item)}</span>')
    else:
        parts.append(owner_cell or "<span></span>")
    if item["note"]:
        parts.append(f'<span class="note">{note(item["note"])}</span>')
    parts.append("</li>")
    return "".join(parts)


def _summary(report: ReportRecord) -> list[str]:
    summary = report["summary"]
    out = []
    if report.get("filter"):
        out.append(
            f'<p class="filter"><strong>Filtered:</strong> {text(report["filter"])}. '
            "Counts cover matching items only.</p>"
        )
    if repaired := fences_repaired_text(report):
        out.append(f'<p class="filter">{text(repaired)}</p>')
    legend = "".join(f"<li>{badge(s)} {count_of(summary, s)}</li>" for s in STATUSES)
    out += [
        '<section class="summary" aria-label="Summary">',
        f'<div class="big">{escape(percent_text(summary))}<small>done</small></div>',
        '<div class="headline">',
        stacked_bar(summary),
        f'<p class="stats">{escape(counts_text(summary))} · {summary["items"]} items in all '
        "(n/a items do not count towards percent done)</p>",
        f'<ul class="legend" aria-label="Legend">{legend}</ul>',
        "</div>",
        "</section>",
    ]
    return out


def _overview(docs: list[DocView], empty: int, filtered: bool) -> list[str]:
    if len(docs) < 2 and not empty:
        return []
    out = ["<h2>Documents</h2>"]
    if docs:
        out.append(
            '<table><thead><tr><th>Document</th><th>File</th><th class="num">Done</th>'
            '<th class="num">%</th><th class="num">In progress</th><th class="num">Blocked</th>'
            "</tr></thead><tbody>"
        )
        for doc in docs:
            s = doc.summary
            out.append(
                f'<tr><td>{text(doc.title)}</td><td class="path">{text(doc.path)}</td>'
                f'<td class="num">{s["done"]}/{Summary.of_record(s).applicable}</td>'
                f'<td class="num">{escape(percent_text(s))}</td>'
                f'<td class="num">{s["in_progress"]}</td><td class="num">{s["blocked"]}</td></tr>'
            )
        out.append("</tbody></table>")
    if empty:
        what = "matching" if filtered else "checklist"
        out.append(f'<p class="empty">{empty} document(s) without {what} items not listed.</p>')
    return out


def _document(doc: DocView) -> list[str]:
    out = [
        '<article class="doc">',
        f"<h2>{text(doc.title)}</h2>",
        f'<p class="stats"><span class="path">{text(doc.path)}</span> · {_stats(doc.summary)}</p>',
    ]
    if doc.layers:
        caption = f"Progress per layer of {doc.title}"
        rows = [(layer.title, layer.summary) for layer in doc.layers]
        out += [
            "<figure>",
            bar_chart(rows, caption),
            "<figcaption>Progress per layer: done (green), in progress (amber), blocked (red), "
            "to do (grey), n/a (light).</figcaption>",
            "</figure>",
        ]
    for layer in doc.layers:
        out += [
            '<details class="layer" open>',
            f"<summary><span>{text(layer.title)}</span>"
            f'<span class="stats">{_stats(layer.summary)}</span></summary>',
        ]
        for section in layer.sections:
            if section.trail:
                out.append(f"<h3>{' › '.join(text(t) for t in section.trail)}</h3>")
            for run in section.runs:
                if run.groups:
                    out.append(f'<p class="group">{" › ".join(text(g) for g in run.groups)}</p>')
                out.append('<ul class="items">' + "".join(_item(i) for i in run.items) + "</ul>")
        out.append("</details>")
    out.append("</article>")
    return out


def _reason_badge(reason: str) -> str:
    """A reason as a badge: a status's colours for blocked, its own for overdue and stale."""
    label = {"blocked": "blocked", "overdue": "overdue", "stale": "stale"}.get(reason, reason)
    return f'<span class="badge r-{escape(reason)}">{escape(label)}</span>'


# Rows of each reason shown in needs attention; the rest are folded (``<details>``), so a
# vault with thousands of blocked items still shows the trend on the first screens.
ATTENTION_SHOWN = 10


def _attention(report: ReportRecord) -> list[str]:
    """Blocked, overdue, then stale (in progress without a change for a while), right after
    the summary: each item with where it is (a link to it in the checklist below), how long,
    its owner, due date and note. The rule is the stats stage's (:mod:`kb_tui.core.stats`)."""
    groups = attention(report)
    stale_days = report.get("stale_days", DEFAULT_STALE_DAYS)
    total = sum(len(rows) for _reason, rows in groups)
    out = [
        '<section class="attention" aria-label="Needs attention">',
        f"<h2>Needs attention ({total})</h2>",
    ]
    if not total:
        return [*out, f'<p class="empty">{escape(NOTHING_NEEDS_ATTENTION)}</p>', "</section>"]
    for reason, rows in groups:
        hint = reason_hint(reason, stale_days)
        hint_html = f' <span class="hint">{escape(hint)}</span>' if hint else ""
        out.append(f"<h3>{_reason_badge(reason)} {len(rows)}{hint_html}</h3>")
        if not rows:
            out.append(f'<p class="empty">{escape(nothing_text(reason))}</p>')
            continue
        out += _attention_table(rows[:ATTENTION_SHOWN])
        if len(rows) > ATTENTION_SHOWN:  # the rest folded: the trend stays in sight
            rest = len(rows) - ATTENTION_SHOWN
            label = f"{rest:,} more {reason} item{'s' if rest != 1 else ''}"
            out.append(f'<details class="more"><summary>{escape(label)}</summary>')
            out += _attention_table(rows[ATTENTION_SHOWN:])
            out.append("</details>")
    out.append("</section>")
    return out


def _attention_table(rows: list[Attention]) -> list[str]:
    out = [
        "<table><thead><tr><th>Item</th><th>Where</th><th>How long</th><th>Owner</th>"
        "<th>Due</th><th>Note</th></tr></thead><tbody>"
    ]
    for row in rows:
        item = row.item
        where = " › ".join(text(t) for t in trail(item["path"][1:]))
        link = f'<a href="#{anchor(item["id"])}">{text(item["text"])}</a>'
        out.append(
            f'<tr><td class="name">{link}</td>'
            f'<td>{where}<br><span class="path">{text(row.path)}</span></td>'
            f'<td class="when">{escape(days_text(row.reason, row.days))}</td>'
            f'<td>{text(item["owner"])}</td><td class="when">{text(item["due"])}</td>'
            f'<td class="note">{note(item["note"])}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def _trend(report: ReportRecord) -> list[str]:
    """The burn-up chart (inline SVG) and the pace; one line when there is no history."""
    found = trend(report)
    out = ['<section class="trend" aria-label="Trend">', "<h2>Trend</h2>"]
    if found is None:
        return [*out, f'<p class="empty">{escape(NO_HISTORY)}</p>', "</section>"]
    weekly = found["weekly"]
    first, last = weekly[0], weekly[-1]
    caption = "Burn-up: done and applicable items week by week"
    description = (
        f"From the week ending {first['day']} to {last['day']}: {first['done']} of "
        f"{first['applicable']} applicable items done ({point_percent(first)}), then "
        f"{last['done']} of {last['applicable']} ({point_percent(last)})."
    )
    return [
        *out,
        "<figure>",
        burnup_chart(weekly, caption, description),
        f"<figcaption>{escape(caption)} (the current week: today): done (green area) "
        "and applicable, not n/a (blue line).</figcaption>",
        "</figure>",
        f'<p class="pace">{escape(pace_text(found["pace"]))}</p>',
        "</section>",
    ]


def _changes(report: ReportRecord) -> list[str]:
    """``--since``: every change of the report's items in the period, by layer, with who
    and when; each item links to its place in the checklist."""
    if "since" not in report:
        return []
    out = [
        '<section class="changes" aria-label="Changes">',
        f"<h2>Changes since {escape(since_text(report))} ({change_count(report)})</h2>",
    ]
    groups = report.get("changes", [])
    if not groups:
        return [*out, f'<p class="empty">{escape(NO_CHANGES)}</p>', "</section>"]
    listed = item_anchor_ids(report)
    for group in groups:
        out += [
            f"<h3>{text(group['layer']) or '(untitled)'} ({len(group['changes'])})</h3>",
            "<table><thead><tr><th>When (UTC)</th><th>Who</th><th>Item</th><th>Change</th>"
            "</tr></thead><tbody>",
        ]
        for change in group["changes"]:
            name = text(change["text"] or change["item"])
            if change["item"] in listed:
                name = f'<a href="#{anchor(change["item"])}">{name}</a>'
            out.append(
                f'<tr><td class="when">{text(short_time(change["time"]))}</td>'
                f'<td class="who">{text(change["user"])}</td><td class="name">{name}</td>'
                f'<td class="note">{text(change["what"])}</td></tr>'
            )
        out.append("</tbody></table>")
    out.append("</section>")
    return out


def _orphans(report: ReportRecord) -> list[str]:
    orphans = report.get("orphans", [])
    if not orphans:
        return []
    out = [
        f"<h2>Orphaned statuses ({len(orphans)})</h2>",
        '<p class="empty">Stored statuses whose item is no longer in the vault; '
        "they are kept, never dropped.</p>",
        "<table><thead><tr><th>Item ID</th><th>Status</th><th>Owner</th><th>Note</th>"
        "<th>Updated</th></tr></thead><tbody>",
    ]
    for o in orphans:
        status = str(o["status"])
        out.append(
            f'<tr><td class="path">{text(o["id"])}</td><td>{badge(status)}</td>'
            f'<td>{text(o["owner"])}</td><td class="note">{note(o["note"])}</td>'
            f'<td class="when">{text(o["updated"])}</td></tr>'
        )
    out.append("</tbody></table>")
    return out


def render_html(report: ReportRecord) -> str:
    """The whole report as one HTML document."""
    title = text(report_title(report))
    docs, empty = documents(report)
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        f'<meta name="generator" content="{text(report["generator"])}">',
        f"<title>{title}</title>",
        f"<style>\n{stylesheet()}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{title}</h1>",
        f'<p class="meta">Generated {escape(generated_text(report))} by '
        f"{text(report['generator'])} from <strong>{text(report['name'])}</strong></p>",
        "</header>",
    ]
    body = [*_summary(report)]
    if report["summary"]["items"]:
        body += _attention(report)
        body += _trend(report)
    body += _changes(report)
    body += _overview(docs, empty, bool(report.get("filter")))
    if not docs:
        body.append('<p class="empty">No checklist items.</p>')
    for doc in docs:
        body += _document(doc)
    body += _orphans(report)
    foot = [
        f"<footer>{text(report['schema'])} · {text(report['generator'])}</footer>",
        "</body>",
        "</html>",
    ]
    return "\n".join(head + body + foot) + "\n"
