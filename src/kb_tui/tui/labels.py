"""Rich ``Text`` labels for tree nodes and checklist rows.

Labels are always built from ``Text`` objects, never from markup strings, so a document's
``[bold]`` or ``[@click=...]`` is shown as typed and can never style or act.
"""

from __future__ import annotations

from rich.text import Text

from kb_tui.core.model import Item, Orphan
from kb_tui.core.model.progress import GLYPHS, Summary
from kb_tui.core.text import clean

STATUS_STYLES = {
    "todo": "dim",
    "in_progress": "bold #d9a400",
    "done": "bold #2ea44f",
    "blocked": "bold #e5534b",
    "na": "dim italic",
}
BAR_CELLS = 5


def mini_bar(summary: Summary, cells: int = BAR_CELLS) -> Text:
    """``▰▰▱▱▱`` in the status colours: done green, in progress amber, blocked red."""
    text = Text()
    applicable = summary.applicable
    if applicable <= 0:
        return text.append("▱" * cells, style="dim")
    done = round(summary.done / applicable * cells)
    if done == cells and summary.done < applicable:  # never full before all is done
        done -= 1
    busy = min(cells - done, round(summary.in_progress / applicable * cells))
    blocked = min(cells - done - busy, round(summary.blocked / applicable * cells))
    text.append("▰" * done, style=STATUS_STYLES["done"])
    text.append("▰" * busy, style=STATUS_STYLES["in_progress"])
    text.append("▰" * blocked, style=STATUS_STYLES["blocked"])
    text.append("▱" * (cells - done - busy - blocked), style="dim")
    return text


def container_label(title: str, summary: Summary, icon: str = "", *, bar: bool = True) -> Text:
    """A section, group or document: mini bar first (always visible), title, ``done/total %``.

    The bar leads so that progress stays visible when a narrow pane cuts the line; the
    tree scrolls sideways to reach the rest.
    """
    text = Text(no_wrap=True)
    if summary.items and bar:
        text.append_text(mini_bar(summary))
        text.append(" ")
    if icon:
        text.append(icon + " ")
    text.append(title or "(untitled)", style="bold" if icon else "")
    if summary.items:
        text.append(f" {summary.label()}", style="dim")
    return text


def item_label(item: Item, with_meta: bool = False) -> Text:
    """An item: status glyph and text, optionally owner and a note marker."""
    text = Text(no_wrap=True)
    text.append(GLYPHS[item.status], style=STATUS_STYLES[item.status])
    text.append(" ")
    style = "strike dim" if item.status == "na" else ""
    text.append(item.text or "(empty)", style=style)
    if with_meta:
        if item.owner:
            text.append(f"  @{item.owner}", style="italic #6f7fdd")
        if item.note:
            text.append("  ✎", style="#b07cd8")
    return text


def orphan_label(orphan: Orphan) -> Text:
    """A stored status whose item is gone: its glyph and its ID."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(GLYPHS.get(orphan.status, "?"), style=STATUS_STYLES.get(orphan.status, ""))
    text.append(" " + clean(orphan.id), style="italic")
    return text
