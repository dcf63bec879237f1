"""Inline SVG charts for the HTML report: no scripts, no external assets, prints as vectors.

The bar charts show each layer's statuses; the burn-up chart (:func:`burnup_chart`) the trend.

Bars are stacked by status so that blocked and in-progress work shows beside what is done;
the percentage printed beside a bar is done over applicable (non-n/a) items. SVG fills print
even when the browser drops CSS backgrounds, which badges and CSS bars would not survive.
"""

from __future__ import annotations

from html import escape

from kb_tui.core.model.progress import Summary
from kb_tui.core.model.records import SummaryRecord, TrendPointRecord, count_of
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


# The burn-up chart: done (a filled area) rising towards applicable (a line) week by week.
PLOT_LEFT = 56
PLOT_RIGHT = WIDTH - 44  # room for the last week's date, centred on it
PLOT_TOP = 16
PLOT_BOTTOM = 214
BURNUP_HEIGHT = 266
MAX_X_LABELS = 7
APPLICABLE_COLOUR = "#2b6cb0"


def _scale(points: list[TrendPointRecord]) -> tuple[float, int]:
    """Pixels per week along x, and the y axis's top value (at least 1)."""
    step = (PLOT_RIGHT - PLOT_LEFT) / max(1, len(points) - 1)
    return step, max(1, *(p["applicable"] for p in points), *(p["done"] for p in points))


def _xy(index: int, value: int, step: float, top: int, single: bool) -> tuple[float, float]:
    x = (PLOT_LEFT + PLOT_RIGHT) / 2 if single else PLOT_LEFT + index * step
    y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * value / top
    return x, y


def _axes(points: list[TrendPointRecord], step: float, top: int) -> list[str]:
    """Grid lines with the y values (0, half, top) and at most :data:`MAX_X_LABELS` dates."""
    out = []
    for value in sorted({0, top // 2, top}):
        _, y = _xy(0, value, step, top, False)
        out.append(
            f'<line x1="{PLOT_LEFT}" y1="{y:.1f}" x2="{PLOT_RIGHT}" y2="{y:.1f}" '
            'stroke="#e2e8f0" stroke-width="1"/>'
            f'<text x="{PLOT_LEFT - 8}" y="{y + 4:.1f}" text-anchor="end" class="value">'
            f"{value}</text>"
        )
    every = max(1, -(-len(points) // MAX_X_LABELS))  # ceiling division
    shown = set(range(len(points) - 1, -1, -every))  # the latest week always labelled
    for index in sorted(shown):
        x, _ = _xy(index, 0, step, top, len(points) == 1)
        out.append(
            f'<text x="{x:.1f}" y="{PLOT_BOTTOM + 18}" text-anchor="middle" class="value">'
            f"{escape(points[index]['day'])}</text>"
        )
    out.append(
        f'<line x1="{PLOT_LEFT}" y1="{PLOT_BOTTOM}" x2="{PLOT_RIGHT}" y2="{PLOT_BOTTOM}" '
        'stroke="#a0aec0" stroke-width="1"/>'
    )
    return out


def _series(values: list[int], step: float, top: int) -> list[tuple[float, float]]:
    single = len(values) == 1
    return [_xy(i, value, step, top, single) for i, value in enumerate(values)]


def _path(coords: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)


def burnup_chart(points: list[TrendPointRecord], caption: str, description: str) -> str:
    """Done and applicable items week by week as an ``<svg>``: applicable a blue line over a
    light area, done a green area and line, a dot and a tooltip per week; ``caption`` and
    ``description`` are its accessible ``<title>`` and ``<desc>`` (a screen reader reads
    those, the table beside it holds the figures)."""
    step, top = _scale(points)
    done = _series([p["done"] for p in points], step, top)
    applicable = _series([p["applicable"] for p in points], step, top)
    base = [(done[-1][0], float(PLOT_BOTTOM)), (done[0][0], float(PLOT_BOTTOM))]
    parts = [
        f'<svg class="chart burnup" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {BURNUP_HEIGHT}" width="{WIDTH}" height="{BURNUP_HEIGHT}" '
        'role="img" aria-labelledby="burnup-title burnup-desc">',
        f'<title id="burnup-title">{escape(caption)}</title>',
        f'<desc id="burnup-desc">{escape(description)}</desc>',
        *_axes(points, step, top),
        f'<polygon points="{_path(applicable + base)}" fill="#ebf4ff"/>',
        f'<polygon points="{_path(done + base)}" fill="{COLOURS["done"]}" fill-opacity="0.35"/>',
        f'<polyline points="{_path(applicable)}" fill="none" stroke="{APPLICABLE_COLOUR}" '
        'stroke-width="2" class="applicable"/>',
        f'<polyline points="{_path(done)}" fill="none" stroke="{COLOURS["done"]}" '
        'stroke-width="2.5" class="done"/>',
    ]
    for point, (x, y) in zip(points, done, strict=True):
        tip = escape(f"{point['day']}: {point['done']} of {point['applicable']} done")
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{COLOURS["done"]}">'
            f"<title>{tip}</title></circle>"
        )
    legend_y = BURNUP_HEIGHT - 6
    parts += [
        f'<rect x="{PLOT_LEFT}" y="{legend_y - 9}" width="14" height="10" '
        f'fill="{COLOURS["done"]}"/>',
        f'<text x="{PLOT_LEFT + 20}" y="{legend_y}" class="label">done</text>',
        f'<rect x="{PLOT_LEFT + 80}" y="{legend_y - 5}" width="14" height="3" '
        f'fill="{APPLICABLE_COLOUR}"/>',
        f'<text x="{PLOT_LEFT + 100}" y="{legend_y}" class="label">applicable (not n/a)</text>',
        "</svg>",
    ]
    return "".join(parts)
