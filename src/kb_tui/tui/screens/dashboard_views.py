"""What the dashboard draws: its figures as rich ``Text`` and small widgets that fit them to
their width. Every figure comes from a :class:`~kb_tui.core.stats.model.Dashboard` record
and every rule from the core (percent, bar cells, the chart's cells): nothing here counts.

Document and store text (titles, owners, item texts) is cleaned and set as plain ``Text``,
never read as markup.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.table import Table
from rich.text import Text
from textual.content import Content
from textual.widget import Widget

from kb_tui.core.model.due import OVERDUE_GLYPH
from kb_tui.core.model.progress import GLYPHS, Summary, percent_text, stacked_cells
from kb_tui.core.stats.chart import BurnUp, Kind, Period, burn_up, points_of, y_labels
from kb_tui.core.stats.model import REASONS, AttentionRow, Dashboard, OwnerRow, Trend
from kb_tui.core.stats.text import pace_sentence
from kb_tui.core.text import clean
from kb_tui.tui.labels import STATUS_STYLES

# The parts of a layer's bar, in order: done first (its cells as every other bar's).
BAR_PARTS = ("done", "in_progress", "blocked", "todo")
BAR_GLYPHS = {"done": "█", "in_progress": "▓", "blocked": "▒", "todo": "░"}
BAR_STYLES = {
    "done": "#2ea44f",
    "in_progress": "#d9a400",
    "blocked": "#e5534b",
    "todo": "dim",
}
OVERDUE_STYLE = "bold #e5534b"
CHART_STYLES: dict[Kind, str] = {
    "done": "#2ea44f",
    "edge": "#2ea44f on #3a3f4b",
    "open": "#6e7681",
    "blank": "",
}
MIN_BAR = 8  # cells of bar kept before the per-status counts give way
MAX_TITLE = 28  # cells of a layer title at most (the bar gets the rest)
UNASSIGNED = "(unassigned)"


def bar_text(summary: Summary, cells: int) -> Text:
    """A layer's stacked bar: done / in progress / blocked / todo (n/a left out), the
    cells of :func:`~kb_tui.core.model.progress.stacked_cells`."""
    counts = [getattr(summary, part) for part in BAR_PARTS]
    text = Text(no_wrap=True)
    if sum(counts) <= 0:
        return text.append("·" * cells, style="dim")
    for part, filled in zip(BAR_PARTS, stacked_cells(counts, cells), strict=True):
        text.append(BAR_GLYPHS[part] * filled, style=BAR_STYLES[part])
    return text


def legend() -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    for part in BAR_PARTS:
        text.append(BAR_GLYPHS[part], style=BAR_STYLES[part])
        text.append(f" {'in progress' if part == 'in_progress' else part}  ", style="dim")
    return text.append("(n/a left out)", style="dim")


def _counts(summary: Summary, overdue: int) -> list[tuple[str, str]]:
    """The per-status counts beside a bar: (text, style), none for a zero."""
    parts = [
        (f"{GLYPHS[status]}{getattr(summary, status)}", STATUS_STYLES[status])
        for status in ("in_progress", "blocked", "todo")
        if getattr(summary, status)
    ]
    if overdue:
        parts.append((f"{OVERDUE_GLYPH}{overdue}", OVERDUE_STYLE))
    return parts


def layer_lines(rows: list[tuple[str, Summary, int]], width: int) -> Text:
    """One line a layer (the first row may be the total), fitted to ``width`` cells:
    title, stacked bar, ``done/applicable``, percent, then the other statuses' counts."""
    if not rows:
        return Text("No items.", style="dim")
    figures = [f"{s.done}/{s.applicable}" for _, s, _ in rows]
    figure_cells = max(len(f) for f in figures)
    counts = [_counts(summary, overdue) for _, summary, overdue in rows]
    count_cells = max(sum(len(c) + 1 for c, _ in line) for line in counts)
    title_cells = min(MAX_TITLE, max(cell_len(title) for title, _, _ in rows), max(8, width // 4))
    fixed = title_cells + 1 + 1 + figure_cells + 5  # title, spaces, figures, " 100%"
    with_counts = width - fixed - count_cells - 1 >= MIN_BAR
    bar_cells = max(3, width - fixed - (count_cells + 1 if with_counts else 0))
    text = Text(no_wrap=True, overflow="ellipsis")
    for number, ((title, summary, _overdue), figure, line) in enumerate(
        zip(rows, figures, counts, strict=True)
    ):
        if number:
            text.append("\n")
        shown = Text(title, style="bold" if number == 0 and title == ALL else "")
        shown.truncate(title_cells, overflow="ellipsis", pad=True)
        text.append_text(shown)
        text.append(" ")
        text.append_text(bar_text(summary, bar_cells))
        text.append(f" {figure.rjust(figure_cells)} ")
        text.append(percent_text(summary.done, summary.applicable).rjust(4), style="bold")
        if with_counts:
            text.append(" ")
            for part, style in line:
                text.append(" " + part, style=style)
    return text


ALL = "All"


def layer_rows(dashboard: Dashboard) -> list[tuple[str, Summary, int]]:
    """The whole as :data:`ALL` when there are several layers (first: in sight however
    many follow), then each layer (title cleaned), in the core's order."""
    rows = [
        (clean(row.title) or "(untitled)", row.summary, row.overdue) for row in dashboard.layers
    ]
    if len(rows) > 1:
        rows.insert(0, (ALL, dashboard.summary, dashboard.overdue))
    return rows


class Drawn:
    """What a widget drew last, for the size it drew it at: Textual renders a widget to
    measure its height and again to draw it (three times when the dashboard's figures
    come), and the layers' bars or the chart take a good part of that frame to build."""

    def __init__(self) -> None:
        self.key: tuple[int, ...] | None = None
        self.content = Content()

    def get(self, key: tuple[int, ...], draw: Callable[[], Text]) -> Content:
        if key != self.key:
            self.key, self.content = key, Content.from_rich_text(draw())
        return self.content


class LayerBars(Widget):
    """The layers' stacked bars, fitted to the widget's width on every resize."""

    DEFAULT_CSS = "LayerBars { height: auto; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows: list[tuple[str, Summary, int]] = []
        self.drawn = Drawn()

    def show(self, dashboard: Dashboard) -> None:
        self.rows = layer_rows(dashboard)
        self.drawn = Drawn()
        self.refresh(layout=True)

    def render(self) -> Content:
        width = self.size.width or 76
        return self.drawn.get((width,), lambda: layer_lines(self.rows, width))


def owner_table(owners: list[OwnerRow]) -> RenderableType:
    """Per owner: assigned, done, in progress, blocked, overdue; unassigned items last."""
    if not owners:
        return Text("No items.", style="dim")
    return OwnerTable(owners)


OWNER_HEADINGS = ("Assigned", "Done", "In progress", "Blocked", "Overdue")
# Narrower than this, the last three columns are headed by the glyphs the layer bars use
# (a legend under them), rather than by words cut to "In progre…".
OWNER_WIDE = 64


class OwnerTable:
    """The owners' table, its headings fitted to the width it is drawn at."""

    def __init__(self, owners: list[OwnerRow]) -> None:
        self.owners = [row for row in owners if row.owner] + [
            row for row in owners if not row.owner
        ]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        wide = options.max_width >= OWNER_WIDE
        headings = (
            OWNER_HEADINGS
            if wide
            else ("Items", "Done", GLYPHS["in_progress"], GLYPHS["blocked"], OVERDUE_GLYPH)
        )
        table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
        table.add_column("Owner", no_wrap=True, overflow="ellipsis", max_width=28)
        for heading in headings:
            table.add_column(heading, justify="right", no_wrap=True)
        for row in self.owners:
            name = Text(clean(row.owner)) if row.owner else Text(UNASSIGNED, style="dim italic")
            table.add_row(
                name,
                Text(str(row.assigned)),
                Text(str(row.done), style=STATUS_STYLES["done"] if row.done else "dim"),
                Text(
                    str(row.in_progress),
                    style=STATUS_STYLES["in_progress"] if row.in_progress else "dim",
                ),
                Text(str(row.blocked), style=STATUS_STYLES["blocked"] if row.blocked else "dim"),
                Text(str(row.overdue), style=OVERDUE_STYLE if row.overdue else "dim"),
            )
        yield table
        if not wide:
            yield Text(
                f"{GLYPHS['in_progress']} in progress  {GLYPHS['blocked']} blocked  "
                f"{OVERDUE_GLYPH} overdue",
                style="dim",
            )


REASON_CELLS = 16  # "! 123 days late " and the like line up


def reason_text(row: AttentionRow) -> Text:
    """Why an item needs attention, in :data:`REASON_CELLS` cells."""
    if row.reason == "blocked":
        glyph, words, style = GLYPHS["blocked"], "blocked", STATUS_STYLES["blocked"]
    elif row.reason == "overdue":
        late = f"{row.days} day{'' if row.days == 1 else 's'} late"
        glyph, words, style = OVERDUE_GLYPH, late, OVERDUE_STYLE
    else:
        still = f"{row.days} day{'' if row.days == 1 else 's'} idle"
        glyph, words, style = GLYPHS["in_progress"], still, STATUS_STYLES["in_progress"]
    return Text(f"{glyph} {words}".ljust(REASON_CELLS), style=style)


def attention_prompt(row: AttentionRow) -> Text:
    """A line of the needs-attention list: the reason, the item, its owner and layer."""
    item = row.item
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append_text(reason_text(row))
    text.append(clean(item.text) or "(empty)")
    if item.owner:
        text.append(f"  @{clean(item.owner)}", style="italic #6f7fdd")
    if item.due and row.reason != "blocked":
        text.append(f"  due {clean(item.due)}", style="dim")
    if item.layer:
        text.append(f"  · {clean(item.layer)}", style="dim")
    return text


def attention_heading(rows: list[AttentionRow], stale_days: int) -> Text:
    """``Needs attention  2 blocked · 1 overdue · 3 idle ≥14 days`` (idle: in progress
    without a change for that long), on one line."""
    counts = {reason: sum(row.reason == reason for row in rows) for reason in REASONS}
    text = Text("Needs attention", style="bold", no_wrap=True, overflow="ellipsis")
    text.append(
        f"  {counts['blocked']} blocked · {counts['overdue']} overdue · "
        f"{counts['stale']} idle ≥{stale_days} days",
        style="dim",
    )
    return text


class BurnUpView(Widget):
    """The burn-up chart, drawn from the core's cells at the widget's size: a y axis with
    the top and middle values, the chart, and the first and last day under it."""

    DEFAULT_CSS = "BurnUpView { height: 10; text-wrap: nowrap; text-overflow: ellipsis; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.trend: Trend | None = None
        self.period: Period = "weekly"
        self.drawn = Drawn()

    def show(self, trend: Trend, period: Period) -> None:
        self.trend, self.period = trend, period
        self.drawn = Drawn()
        self.refresh()

    def render(self) -> Content:
        return self.drawn.get((self.size.width, self.size.height), self.chart)

    def chart(self) -> Text:
        trend = self.trend
        points = points_of(trend, self.period) if trend is not None else []
        if not points:
            return Text("No history yet: the chart starts with the first change.", style="dim")
        height = max(1, self.size.height - 2)  # the axis line and the days under it
        axis = len(str(max(p.applicable for p in points))) + 1
        width = max(1, self.size.width - axis - 1)
        chart = burn_up(points, width, height)
        return chart_text(chart, height, axis)


def chart_text(chart: BurnUp, height: int, axis: int) -> Text:
    text = Text(no_wrap=True)
    for label, runs in zip(y_labels(chart, height), chart.rows, strict=True):
        text.append(label.rjust(axis - 1) + " ", style="dim")
        text.append("│", style="dim")
        for run, kind in runs:
            text.append(run, style=CHART_STYLES[kind])
        text.append("\n")
    text.append(" " * axis + "└" + "─" * chart.width + "\n", style="dim")
    text.append(" " * (axis + 1) + chart.x_axis(), style="dim")
    return text


def chart_legend(period: Period) -> Text:
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append("█", style=CHART_STYLES["done"])
    text.append(" done  ", style="dim")
    text.append("░", style=CHART_STYLES["open"])
    text.append(" applicable  ", style="dim")
    text.append(f"({period}; w switches)", style="dim")
    return text


def pace_line(dashboard: Dashboard) -> Text:
    """The pace in the core's words (:func:`~kb_tui.core.stats.text.pace_sentence`, as
    ``kb-tui stats`` says it), its verdict coloured, and what the history held."""
    pace = dashboard.trend.pace
    text = Text(pace_sentence(pace))
    if pace.meets is not None:
        verdict = "meets them" if pace.meets else "does NOT meet them"
        style = STATUS_STYLES["done"] if pace.meets else OVERDUE_STYLE
        text.highlight_words([verdict], style=style)
    records = dashboard.history_records
    note = f"\nfrom {records} change{'' if records == 1 else 's'} in the history"
    if dashboard.history_skipped:
        note += f" ({dashboard.history_skipped} unreadable lines skipped)"
    return text.append(note, style="dim")
