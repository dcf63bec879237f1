"""Rich ``Text`` labels for tree nodes and checklist rows.

Labels are always built from ``Text`` objects, never from markup strings, so a document's
``[bold]`` or ``[@click=...]`` is shown as typed and can never style or act.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from kb_tui.core.model import Item, Orphan
from kb_tui.core.model.due import OVERDUE_GLYPH, due_text, is_overdue
from kb_tui.core.model.progress import GLYPHS, Summary
from kb_tui.core.status.orphans import OrphanText
from kb_tui.core.text import clean

STATUS_STYLES = {
    "todo": "dim",
    "in_progress": "bold #d9a400",
    "done": "bold #2ea44f",
    "blocked": "bold #e5534b",
    "na": "dim italic",
}
OVERDUE_STYLE = "bold #e5534b"
BAR_CELLS = 5


def mini_bar(summary: Summary, cells: int = BAR_CELLS) -> Text:
    """``▰▰▱▱▱``: progress, done over applicable items (the same figure as the percent).

    Filled cells are green; the empty ones are red while anything is blocked and amber
    while anything is in progress, so trouble shows without claiming progress.
    """
    text = Text()
    if summary.applicable <= 0:
        return text.append("▱" * cells, style="dim")
    filled = summary.filled_cells(cells)
    rest = "dim"
    if summary.blocked:
        rest = "#e5534b"
    elif summary.in_progress:
        rest = "#d9a400"
    text.append("▰" * filled, style=STATUS_STYLES["done"])
    text.append("▱" * (cells - filled), style=rest)
    return text


def _count(summary: Summary) -> str:
    return f" {summary.label()}" if summary.items else ""


def container_label(title: str, summary: Summary, icon: str = "", *, bar: bool = True) -> Text:
    """A section, group or document: mini bar first, title, ``done/applicable %`` last.

    The last :func:`count_cells` cells are the count: :func:`fit_label` shortens the title
    before it, so progress stays readable in a narrow pane.
    """
    text = Text(no_wrap=True)
    if summary.items and bar:
        text.append_text(mini_bar(summary))
        text.append(" ")
    if icon:
        text.append(icon + " ")
    text.append(title or "(untitled)", style="bold" if icon else "")
    text.append(_count(summary), style="dim")
    return text


def label_ends(summary: Summary, *, bar: bool = True) -> tuple[int, int]:
    """The cells of :func:`container_label` that :func:`fit_label` treats apart: the bar
    at the start (dropped first when room is short) and the count at the end (kept)."""
    lead = BAR_CELLS + 1 if summary.items and bar else 0
    return lead, cell_len(_count(summary))


MIN_TITLE = 16  # cells of title kept before a label's bar is given up


def fit_label(label: Text, width: int, ends: tuple[int, int]) -> Text:
    """``label`` in ``width`` cells, its count (the last cells, ``ends[1]``) kept whole.

    The title before the count is cut with ``…`` (``🔒 Security Arc… 0/12 0%``); when that
    would leave it less than :data:`MIN_TITLE` cells (or cut a shorter one at all), the bar
    goes first (the count says the same).
    """
    lead, tail = ends
    if label.cell_len <= width or tail <= 0:
        return label
    title = label.cell_len - lead - tail
    if lead and width - lead - tail < min(title, MIN_TITLE):
        label = label[lead:]  # the bar is ASCII-width: one character a cell
        if label.cell_len <= width:
            return label
    plain = label.plain
    split = len(plain)
    cells = 0
    while split > 0 and cells < tail:
        split -= 1
        cells += cell_len(plain[split])
    head, end = label[:split], label[split:]
    room = width - cells
    if room <= 1:
        return end
    head.truncate(room, overflow="ellipsis")
    if head.plain.endswith(" …"):  # "Infrastructure…", not "Infrastructure …"
        head = head[:-2] + head[-1:]
    head.append_text(end)
    return head


def item_label(item: Item, with_meta: bool = False) -> Text:
    """An item: status glyph (and ``!`` when overdue) and text, optionally owner, a note
    marker and its due date."""
    text = Text(no_wrap=True)
    text.append(GLYPHS[item.status], style=STATUS_STYLES[item.status])
    text.append(" ")
    late = bool(item.due) and is_overdue(item.status, item.due)
    if late:
        text.append(OVERDUE_GLYPH, style=OVERDUE_STYLE)
        text.append(" ")
    style = "strike dim" if item.status == "na" else ""
    text.append(item.text or "(empty)", style=style)
    if with_meta:
        if item.owner:
            text.append(f"  @{clean(item.owner)}", style="italic #6f7fdd")
        if item.note:
            text.append("  ✎", style="#b07cd8")
        if item.due:
            when = due_text(item.due, item.status)
            text.append(f"  {when}", style=OVERDUE_STYLE if late else "dim #6f7fdd")
    return text


def orphan_label(orphan: Orphan, known: OrphanText) -> Text:
    """A stored status whose item is gone: its glyph, its last known text, where it was."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(GLYPHS.get(orphan.status, "?"), style=STATUS_STYLES.get(orphan.status, ""))
    text.append(" " + known.text, style="italic")
    place = " › ".join(known.where)
    text.append(f"  {place} · {known.document}" if place else f"  {known.document}", style="dim")
    return text
