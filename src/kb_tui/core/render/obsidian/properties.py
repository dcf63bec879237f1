"""A note's frontmatter as Obsidian's properties block: one table, shown on the document's
node and at the top of its first section (values as the display transform rendered them,
Templater placeholders included)."""

from __future__ import annotations

from collections.abc import Mapping

from kb_tui.core.model import Document, Section
from kb_tui.core.model.layout import document_content


def properties_table(frontmatter: Mapping[str, object]) -> list[str]:
    """The properties as Markdown table lines, a blank line after (none without any)."""
    if not frontmatter:
        return []
    out = ["| Property | Value |", "|---|---|"]
    for key, value in frontmatter.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        out.append(f"| {_escape_cell(str(key))} | {_escape_cell(shown)} |")
    return [*out, ""]


def with_properties(doc: Document, section: Section, text: str) -> str:
    """``text`` (``section``'s source) with the properties under its heading when it is the
    document's first section below the title."""
    sections = document_content(doc)[1]
    if not doc.frontmatter or not sections or sections[0] is not section:
        return text
    heading, _, rest = text.partition("\n")
    return "\n".join([heading, "", *properties_table(doc.frontmatter), rest])


def _escape_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
