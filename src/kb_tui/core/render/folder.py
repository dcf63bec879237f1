"""A folder as the viewer shows it: its notes, each with its progress, each a link to it.

The tree shows a folder's count; the viewer lists what makes it up (``Bases 0/395 done``
says which notes hold those items), in the tree's order, and a note is opened by following
its link (a ``kb-doc:`` address, handled by the explorer's navigation).
"""

from __future__ import annotations

from urllib.parse import quote

from kb_tui.core.model import Document
from kb_tui.core.model.layout import tree_order
from kb_tui.core.render.viewtext import escape_inline
from kb_tui.core.status.tallies import Tallies
from kb_tui.core.text import clean

DOC_SCHEME = "kb-doc:"  # a link to a note of the vault by its path (not a wikilink)


def folder_markdown(title: str, folder: str, documents: list[Document], tallies: Tallies) -> str:
    """The Markdown of folder ``folder`` (its path in the vault) holding ``documents``."""
    total = tallies.documents(documents)
    count = f"{len(documents):,} note{'s' if len(documents) != 1 else ''}"
    lines = [
        f"# 📁 {escape_inline(title)}",
        "",
        f"**{total.done:,}/{total.applicable:,} done · {total.percent_text}** in {count}."
        " Select a note to open it.",
        "",
        "| Note | Done | % |",
        "|---|---|---|",
    ]
    prefix = f"{folder}/" if folder else ""
    for doc in tree_order(documents):
        summary = tallies.document(doc)
        below = doc.path[len(prefix) :] if doc.path.startswith(prefix) else doc.path
        where = below.rsplit("/", 1)[0] + "/ " if "/" in below else ""
        name = escape_inline(clean(where) + doc.title)
        link = f"[{name}]({DOC_SCHEME}{quote(doc.path)})"
        lines.append(
            f"| {link} | {summary.done:,}/{summary.applicable:,} | {summary.percent_text} |"
        )
    return "\n".join(lines)
