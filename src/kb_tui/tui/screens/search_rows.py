"""The search dialog's result rows, fitted to the list's width.

A row's first line says where the hit is: ``document › sections › section  path:line``. Cut
at the end, as a plain truncation would, a narrow terminal loses the section and its place
first: the two things needed to pick a result. So the line gives way in this order: the
sections between the document and the hit's own collapse to ``…``, the document's title
shrinks, then the path shrinks in the middle (its file name and line stay), and only then
is the section itself cut.
"""

from __future__ import annotations

from rich.cells import cell_len, get_character_cell_size
from rich.text import Text

from kb_tui.core.query.search import SearchHit, fold
from kb_tui.core.text import clean

MATCH_STYLE = "bold reverse"
SEPARATOR = " › "
MIN_TITLE = 10  # cells the document's title keeps before the path gives way
MIN_WHERE = 16  # cells the path keeps before the title goes further
MIN_LINE = 10  # cells the path keeps at the last: ``ab…md:123``


def ellipsize(text: str, cells: int, *, middle: bool = False) -> str:
    """``text`` in at most ``cells`` terminal cells, ``…`` where it was cut (the end, or the
    middle when ``middle``: a path keeps its start and its file name)."""
    if cell_len(text) <= cells:
        return text
    if cells <= 1:
        return "…" if cells == 1 else ""
    room = cells - 1
    head_cells = room - room // 2 if middle else room
    head = _take(text, head_cells)
    tail = _take(text[::-1], room - cell_len(head))[::-1] if middle else ""
    return f"{head.rstrip()}…{tail.lstrip()}"


def _take(text: str, cells: int) -> str:
    """The longest start of ``text`` that fits ``cells`` (a wide character never halved)."""
    used = 0
    for index, char in enumerate(text):
        used += get_character_cell_size(char)
        if used > cells:
            return text[:index]
    return text


def hit_prompt(hit: SearchHit, width: int = 0) -> Text:
    """Two lines, fitted to ``width`` (0: as long as they are): where the hit is (matches in
    headings marked), then the snippet with the matches marked."""
    snippet = Text("    " + hit.snippet, style="" if hit.spans else "dim")
    for start, end in hit.spans:
        snippet.stylize(MATCH_STYLE, start + 4, end + 4)
    if hit.tags:  # a ``tag:`` search: the tags the section carries
        snippet.append("  " + " ".join("#" + clean(tag) for tag in hit.tags), style="dim italic")
    head = _head(hit, width)
    if width > 0:
        snippet.truncate(width, overflow="ellipsis")
    return Text("\n").join([head, snippet])


def _head(hit: SearchHit, width: int) -> Text:
    title = clean(hit.document.title)
    sections = [clean(name) for name in hit.path]
    where = f"{clean(hit.document.path)}:{hit.line}"
    head = _head_text(title, sections, where, hit.terms)
    if width <= 0 or head.cell_len <= width:
        return head
    if len(sections) > 2:  # the hit's own section, and the top one
        sections = [sections[0], "…", sections[-1]]
    if len(sections) > 1 and _over(title, sections, where, width) > 0:
        sections = ["…", sections[-1]]
    over = _over(title, sections, where, width)
    if over > 0:
        title = ellipsize(title, max(MIN_TITLE, cell_len(title) - over))
        over = _over(title, sections, where, width)
    if over > 0:
        where = ellipsize(where, max(MIN_WHERE, cell_len(where) - over), middle=True)
        over = _over(title, sections, where, width)
    if over > 0:
        title = ellipsize(title, max(1, cell_len(title) - over))
        over = _over(title, sections, where, width)
    if over > 0:  # the line number and a little of the path, before the section gives way
        where = ellipsize(where, max(MIN_LINE, cell_len(where) - over), middle=True)
    head = _head_text(title, sections, where, hit.terms)
    head.truncate(width, overflow="ellipsis")  # a section too long for any width
    return head


def _over(title: str, sections: list[str], where: str, width: int) -> int:
    """How many cells the line of these parts is wider than ``width``."""
    cells = cell_len(title) + sum(cell_len(SEPARATOR + name) for name in sections)
    return cells + 2 + cell_len(where) - width


def _head_text(title: str, sections: list[str], where: str, terms: tuple[str, ...]) -> Text:
    head = Text()
    head.append(title, style="bold")
    for name in sections:
        head.append(SEPARATOR, style="dim")
        head.append_text(_marked(name, terms))
    head.append(f"  {where}", style="dim")
    return head


def _marked(title: str, terms: tuple[str, ...]) -> Text:
    text = Text(title)
    folded = fold(title)
    for term in terms:
        pos = folded.find(term)
        while pos >= 0:
            text.stylize("bold underline", pos, pos + len(term))
            pos = folded.find(term, pos + len(term))
    return text
