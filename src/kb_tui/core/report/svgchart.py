"""Inline SVG charts for the HTML report: no scripts, no external assets, prints as vectors.

Bars are stacked by status so that blocked and in-progress work shows beside what is done;
the percentage printed beside a bar is done over applicable (non-n/a) items. SVG fills print
even when the browser drops CSS backgrounds, which badges and CSS bars would not survive.
"""

from __future__ import annotations

from html import escape

from kb_tui.core.model.progress import Summary
from kb_tui.core.model.records import SummaryRecord, count_of
from kb_tui.core.report.view import percent_text, status_label

# Status colours, shared with the HTML badges; distinct in greyscale print too.
COLOURS = {
    "done": "#2f855a",
    "in_progress": "#d69e2e",
    "blocked": "#c53030",
    "todo": "#cbd5e0",
    "na": "#edf2f7",
}
STACK_ORDER = ("done", "in_progress", "blocked", "todo", "na")
WIDTH = 760
LABEL_WIDTH = 250
BAR_X = 262
BAR_WIDTH = 360
ROW = 26
BAR_HEIGHT = 14
MAX_LABEL = 34
_OUTLINE = 'fill="#ffffff" stroke="#a0aec0" stroke-width="1"'


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"


def _stack(summary: SummaryRecord, x: float, y: int, width: int, height: int) -> list[str]:
    """An outlined bar with one ``<rect>`` per status, each with a count tooltip."""
    out = [f'<rect x="{x:g}" y="{y}" width="{width}" height="{height}" {_OUTLINE}/>']
    total = summary["items"]
    for status in STACK_ORDER:
        count = count_of(summary, status)
        if not count or not total:
            continue
        part = width * count / total
        tip = escape(f"{count} {status_label(status)}")
        out.append(
            f'<rect x="{x:.1f}" y="{y}" width="{part:.1f}" height="{height}" '
            f'fill="{COLOURS[status]}"><title>{tip}</title></rect>'
        )
        x += part
    return out


def _open(css_class: str, width: int, height: int, label: str) -> str:
    return (
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="{escape(label)}">'
    )


def bar_chart(rows: list[tuple[str, SummaryRecord]], caption: str) -> str:
    """A horizontal stacked bar per ``(title, summary)`` row, as an ``<svg>`` element."""
    height = ROW * len(rows) + 8
    parts = [_open("chart", WIDTH, height, caption), f"<title>{escape(caption)}</title>"]
    for index, (title, summary) in enumerate(rows):
        top = 4 + index * ROW
        text_y = top + ROW // 2 + 4
        applicable = Summary.of_record(summary).applicable
        parts.append(
            f'<text x="{LABEL_WIDTH}" y="{text_y}" text-anchor="end" class="label">'
            f"<title>{escape(title)}</title>{escape(_label(title))}</text>"
        )
        parts += _stack(summary, BAR_X, top + (ROW - BAR_HEIGHT) // 2, BAR_WIDTH, BAR_HEIGHT)
        value = escape(f"{percent_text(summary)}  ({summary['done']}/{applicable})")
        parts.append(
            f'<text x="{BAR_X + BAR_WIDTH + 10}" y="{text_y}" class="value">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar(summary: SummaryRecord, width: int = 600, height: int = 18) -> str:
    """One stacked bar for a whole summary: the report's headline."""
    label = f"{percent_text(summary)} done"
    parts = [_open("bar", width, height, label), *_stack(summary, 0, 0, width, height), "</svg>"]
    return "".join(parts)
