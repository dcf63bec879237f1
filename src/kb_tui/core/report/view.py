"""A report seen as documents, layers, sections and runs of items.

The ``kb-tui/report@1`` data nests sections the way the headings do. The human-readable
formats (Markdown, HTML) all want the same reading of it: a document's *layers* are its
top-level sections, except that the title heading (see :mod:`kb_tui.core.model.layout`) is
the document itself and its H2s are the layers; inside a section, items are shown in runs that share
one group path. Computing that once here keeps the formats in agreement.

So is the wording of what the stats stage added to the data (:mod:`~kb_tui.core.report.insights`):
the reasons an item needs attention and how long, the trend's weeks and pace, the period of
the changes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from kb_tui.core.model.layout import is_title_heading
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.model.progress import LABELS, Summary, bar
from kb_tui.core.model.progress import percent_text as progress_percent
from kb_tui.core.model.records import (
    DocumentRecord,
    ItemRecord,
    PaceRecord,
    ReportRecord,
    SectionRecord,
    SummaryRecord,
    TrendPointRecord,
    TrendRecord,
)
from kb_tui.core.query.filter import summary_of
from kb_tui.core.stats.model import Pace
from kb_tui.core.stats.text import pace_sentence
from kb_tui.core.status.history_text import short_time
from kb_tui.core.text import clean

_SPACE_RE = re.compile(r"\s+")


@dataclass
class Run:
    """Consecutive items of one section under the same groups (titles, outermost first)."""

    groups: tuple[str, ...]
    items: list[ItemRecord] = field(default_factory=list)


@dataclass
class SectionView:
    """A section with items; ``trail`` is its titles below the layer (empty: the layer)."""

    trail: tuple[str, ...]
    summary: SummaryRecord
    runs: list[Run]


@dataclass
class LayerView:
    title: str
    summary: SummaryRecord
    sections: list[SectionView]


@dataclass
class DocView:
    path: str
    title: str
    summary: SummaryRecord
    layers: list[LayerView]


def one_line(text: object) -> str:
    """Display text on one line: controls stripped, mojibake repaired, whitespace collapsed.

    Notes and owners come from the store, which is as untrusted as the documents.
    """
    return _SPACE_RE.sub(" ", clean(str(text or ""))).strip()


def _title(text: object) -> str:
    return one_line(text) or "(untitled)"


def percent_text(summary: SummaryRecord) -> str:
    """A summary record's percent done, as every view shows it (see model.progress)."""
    return Summary.of_record(summary).percent_text


def fraction(summary: SummaryRecord) -> float:
    """Done over applicable items, 0 when nothing applies."""
    return Summary.of_record(summary).fraction


def counts_text(summary: SummaryRecord) -> str:
    """``1 of 134 done``, n/a items not counted (and said so when there are any), and the
    overdue ones when there are any (``1 of 134 done, 2 n/a, 3 overdue``)."""
    text = f"{summary['done']} of {summary['items'] - summary['na']} done"
    text += f", {summary['na']} n/a" if summary["na"] else ""
    return text + (f", {summary['overdue']} overdue" if summary.get("overdue") else "")


def status_label(status: str) -> str:
    return LABELS.get(status, status)


def report_title(report: ReportRecord) -> str:
    return one_line(report.get("title")) or f"Checklist report: {one_line(report['name'])}"


def generated_text(report: ReportRecord) -> str:
    """The generation time as ``2026-11-26 07:30 UTC``."""
    raw = str(report.get("generated_at", ""))
    try:
        when = dt.datetime.fromisoformat(raw)
    except ValueError:
        return one_line(raw)
    if when.utcoffset() == dt.timedelta(0):
        return when.strftime("%Y-%m-%d %H:%M UTC")
    return when.strftime("%Y-%m-%d %H:%M %z").strip()


def fences_repaired_text(report: ReportRecord) -> str:
    """The line every format writes under its summary when notes were read with broken
    fences repaired in memory (their items are the repaired files'); ``""`` when none were.
    Counted from the report's own problems, one ``fence-repaired-in-memory`` per note."""
    code = ProblemCode.FENCE_REPAIRED_IN_MEMORY
    count = sum(1 for problem in report.get("problems", []) if problem["code"] == code)
    if not count:
        return ""
    notes = "1 note" if count == 1 else f"{count:,} notes"
    return (
        f"{notes} read with broken fences repaired in memory, as kb-tui fix would write "
        "them (kb-tui check lists them; --strict-commonmark reads the files as written)."
    )


def bar_cells(summary: SummaryRecord, width: int = 20) -> str:
    """A text bar in whole cells: the core's one bar rule (:func:`progress.bar`)."""
    counts = Summary.of_record(summary)
    return bar(counts.done, counts.applicable, width)


def _runs(items: list[ItemRecord], base: int) -> list[Run]:
    runs: list[Run] = []
    for item in items:
        groups = tuple(t for t in map(one_line, item["path"][base:]) if t)
        if not runs or runs[-1].groups != groups:
            runs.append(Run(groups))
        runs[-1].items.append(item)
    return runs


def _walk(section: SectionRecord, path_len: int, trail: tuple[str, ...]) -> list[SectionView]:
    """This section (if it has items) and its sub-sections (that have), depth first."""
    out: list[SectionView] = []
    stack = [(section, path_len, trail)]
    while stack:
        node, length, node_trail = stack.pop()
        if node["items"]:
            out.append(SectionView(node_trail, node["summary"], _runs(node["items"], length)))
        for sub in reversed(node["sections"]):
            if sub["summary"]["items"]:
                stack.append((sub, length + 1, (*node_trail, _title(sub["title"]))))
    return out


def _is_wrapper(doc: DocumentRecord, section: SectionRecord) -> bool:
    count = len(doc["sections"])
    return is_title_heading(section["level"], section["title"], doc["title"], count)


def document_view(doc: DocumentRecord) -> DocView:
    """Layers of one document record (only those that have items)."""
    intro: list[ItemRecord] = list(doc["items"])
    intro_runs = _runs(intro, 1)
    layers: list[LayerView] = []
    for top in doc["sections"]:
        # item paths leave the title heading out (model.layout.section_titles)
        wrapper = _is_wrapper(doc, top)
        top_len = 1 if wrapper else 2
        if not wrapper:
            if top["summary"]["items"]:
                layers.append(_layer(top, top_len))
            continue
        intro += top["items"]
        intro_runs += _runs(top["items"], top_len)
        for sub in top["sections"]:
            if sub["summary"]["items"]:
                layers.append(_layer(sub, top_len + 1))
    if intro:
        summary = summary_of(intro)
        own = LayerView(one_line(doc["title"]), summary, [SectionView((), summary, intro_runs)])
        layers.insert(0, own)
    return DocView(one_line(doc["path"]), one_line(doc["title"]), doc["summary"], layers)


def _layer(section: SectionRecord, path_len: int) -> LayerView:
    return LayerView(_title(section["title"]), section["summary"], _walk(section, path_len, ()))


def documents(report: ReportRecord) -> tuple[list[DocView], int]:
    """Views of the documents that have items, and how many documents had none."""
    views = [document_view(doc) for doc in report["documents"] if doc["summary"]["items"]]
    return views, len(report["documents"]) - len(views)


# Needs attention, by reason, in the stats stage's order (:mod:`kb_tui.core.stats.attention`,
# the one rule: every report, the dashboard and ``kb-tui stats`` list the same items).
REASONS = ("blocked", "overdue", "stale")
NOTHING_NEEDS_ATTENTION = "Nothing is blocked, overdue or stale."


def reason_hint(reason: str, stale_days: int) -> str:
    """What a reason means, beside its heading ("" for blocked, which says it all)."""
    if reason == "stale":
        return f"in progress, no change for {stale_days}+ days"
    return "due date past, not done" if reason == "overdue" else ""


def reason_title(reason: str, stale_days: int) -> str:
    """A reason as a heading: ``Blocked``, ``Overdue: due date past, not done``, ``Stale:
    in progress, no change for 14+ days``."""
    hint = reason_hint(reason, stale_days)
    return reason.capitalize() + (f": {hint}" if hint else "")


def nothing_text(reason: str) -> str:
    return {
        "blocked": "Nothing is blocked.",
        "overdue": "Nothing is overdue.",
        "stale": "Nothing in progress has gone that long without a change.",
    }.get(reason, "Nothing.")


def days_text(reason: str, days: int) -> str:
    """How long, in words: ``blocked 3 days``, ``5 days overdue``, ``no change for 20 days``."""
    count = "1 day" if days == 1 else f"{days} days"
    if reason == "blocked":
        return f"blocked {count}" if days else "blocked"
    return f"{count} overdue" if reason == "overdue" else f"no change for {count}"


@dataclass
class Attention:
    """One item that needs attention: why, for how long, and its record in the report."""

    reason: str
    days: int
    path: str  # its document's path
    item: ItemRecord


def attention(report: ReportRecord) -> list[tuple[str, list[Attention]]]:
    """The report's items that need attention (``attention``, see
    :mod:`kb_tui.core.report.insights`) by reason in :data:`REASONS` order, each with its
    item record: what a reader of a report looks for first, so the formats put it right
    after the summary."""
    wanted = {row["id"] for row in report.get("attention", [])}
    records: dict[str, tuple[str, ItemRecord]] = {}
    for doc in report["documents"]:
        stack: list[DocumentRecord | SectionRecord] = [doc]
        while stack:
            node = stack.pop()
            records.update((i["id"], (doc["path"], i)) for i in node["items"] if i["id"] in wanted)
            stack.extend(reversed(node["sections"]))
    groups: dict[str, list[Attention]] = {reason: [] for reason in REASONS}
    for row in report.get("attention", []):
        found = records.get(row["id"])
        if found is not None:
            groups.setdefault(row["reason"], []).append(
                Attention(row["reason"], row["days"], found[0], found[1])
            )
    return list(groups.items())


# The trend: the weeks a table lists (the chart draws them all), as ``kb-tui stats`` does.
WEEKS_SHOWN = 12
NO_HISTORY = "No history of status changes yet: the trend starts with the first change."
NO_CHANGES = "No changes to the report's items in this period."


def trend(report: ReportRecord) -> TrendRecord | None:
    """The report's trend, ``None`` when there is no history to draw it from."""
    found = report.get("trend")
    return found if found is not None and found["history"] else None


def pace_text(pace: PaceRecord) -> str:
    """The pace in words, as the dashboard and ``kb-tui stats`` say it (one wording)."""
    finish = dt.date.fromisoformat(pace["finish"]) if pace["finish"] else None
    return pace_sentence(
        Pace(
            pace["per_week"],
            pace["weeks"],
            pace["remaining"],
            finish,
            pace["due_items"],
            pace["needed_per_week"],
            pace["meets"],
        )
    )


def point_percent(point: TrendPointRecord) -> str:
    """A week's percent done (the one rule: :func:`kb_tui.core.model.progress.percent_text`)."""
    return progress_percent(point["done"], point["applicable"])


def since_text(report: ReportRecord) -> str:
    """The start of the report's period as ``2026-11-26 07:30 UTC``."""
    return short_time(str(report.get("since", ""))) + " UTC"


def change_count(report: ReportRecord) -> int:
    return sum(len(group["changes"]) for group in report.get("changes", []))


def item_anchor_ids(report: ReportRecord) -> set[str]:
    """The IDs of the items the report lists (a change links to its item when listed)."""
    ids: set[str] = set()
    for doc in report["documents"]:
        stack: list[DocumentRecord | SectionRecord] = [doc]
        while stack:
            node = stack.pop()
            ids.update(item["id"] for item in node["items"])
            stack.extend(node["sections"])
    return ids


def trail(titles: list[str]) -> list[str]:
    """Titles for display, the empty ones (an untitled group) left out."""
    return [t for t in map(one_line, titles) if t]
