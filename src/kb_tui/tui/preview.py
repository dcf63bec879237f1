"""Light previews: of Markdown, drawn while the Markdown widget is still loading, and of an
item's owner and note, shown outside the note editor.

The first frame must not wait for Textual's Markdown widget (and markdown-it behind it),
so the first section is shown at once in this light form and replaced moments later.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from kb_tui.core.model import Item
from kb_tui.core.model.due import due_text, is_overdue
from kb_tui.core.parse.obsidian_marks import strip_highlights
from kb_tui.core.render.obsidian.callouts import parse_callout
from kb_tui.core.text import clean
from kb_tui.tui.labels import OVERDUE_STYLE


def preview(markdown: str, max_lines: int = 200) -> Text:
    """Headings bold, code dim, callouts titled in their colour, quotes barred, everything
    else as written without ``**`` and ``==`` (built as ``Text``, never markup)."""
    out = Text()
    in_code = False
    folded = 0  # the depth of the folded callout whose body is being skipped (0: none)
    for number, line in enumerate(markdown.split("\n")):
        if number >= max_lines:
            out.append("…\n", style="dim")
            break
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line + "\n", style="dim")
        elif stripped.startswith("#"):
            out.append(stripped.lstrip("#").strip() + "\n\n", style="bold")
        elif stripped.startswith(">"):
            folded = _quote_line(out, stripped, folded)
        else:
            folded = 0
            out.append(strip_highlights(line.replace("**", "")) + "\n")
    return out


def _quote_line(out: Text, line: str, folded: int) -> int:
    """A quote's line: one bar per level; a callout's first line as its icon and title, a
    folded callout's body left out. Returns the folded depth for the next line."""
    depth = 0
    while line.startswith(">"):
        depth += 1
        line = line[1:].lstrip(" ")
    if folded and depth >= folded:
        return folded
    callout = parse_callout(line)
    out.append("▌ " * depth, style="dim")
    if callout is None:
        out.append(strip_highlights(line.replace("**", "")) + "\n")
        return 0
    fold = " ▸" if callout.folded else ""
    out.append(f"{callout.kind.icon} {callout.title}{fold}\n", style=f"bold {callout.kind.colour}")
    return depth if callout.folded else 0


def _one_line(text: str) -> str:
    return " ".join(clean(text).split())


def item_detail(item: Item) -> Text | None:
    """An item's owner, note and due date on one logical line (``@ana  ✎ sized for 2027
    due 2027-01-31``), cleaned of
    control characters and never read as markup; ``None`` when it has neither.

    The one form of a note outside its editor: the checklist's detail strip and the tree's
    tooltip both show it.
    """
    if not item.owner and not item.note and not item.due:
        return None
    text = Text()
    if item.owner:
        text.append(f"@{_one_line(item.owner)}", style="italic #6f7fdd")
    if item.note:
        if item.owner:
            text.append("  ")
        text.append("✎ ", style="#b07cd8")
        text.append(_one_line(item.note))
    if item.due:
        late = is_overdue(item.status, item.due)
        if text:
            text.append("  ")
        text.append(due_text(item.due, item.status), style=OVERDUE_STYLE if late else "#6f7fdd")
    return text


def clip_lines(text: Text, width: int, lines: int) -> Text:
    """``text`` (one line) broken into at most ``lines`` rows of ``width`` cells, at spaces
    where it can; the last row cut with ``…`` when the rest does not fit."""
    width = max(2, width)
    plain = text.plain
    rows: list[Text] = []
    start = used = index = 0
    while index < len(plain):
        cells = cell_len(plain[index])
        if used + cells > width:
            space = plain.rfind(" ", start, index + 1)
            if space > start:  # break at the last space, which is dropped
                rows.append(text[start:space])
                start = space + 1
            else:  # a word longer than the row: cut it
                rows.append(text[start:index])
                start = index
            if len(rows) == lines:
                break
            index = max(index, start)
            used = cell_len(plain[start:index])
            continue
        used += cells
        index += 1
    else:
        rows.append(text[start:])
        return Text("\n").join(rows)
    last = rows[-1]
    while last.cell_len > width - 1:
        last = last[:-1]
    last.append("…", style="dim")
    rows[-1] = last
    return Text("\n").join(rows)
