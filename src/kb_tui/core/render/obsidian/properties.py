"""A note's frontmatter as Obsidian's properties block: one compact block (a quote, one line
per property), shown on the document's node and at the top of its first section (values as
the display transform rendered them, Templater placeholders included)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from kb_tui.core.model import Document, Section
from kb_tui.core.model.layout import document_content


def properties_block(frontmatter: Mapping[str, object]) -> list[str]:
    """The properties as Markdown lines (``> **key**: value``, hard line breaks between), a
    blank line after; none without any."""
    if not frontmatter:
        return []
    out = ["> **Properties**"]
    for key, value in frontmatter.items():
        shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        out.append(f"> **{_escape(str(key))}**: {_escape(shown)}")
    return [line + "\\" for line in out[:-1]] + [out[-1], ""]


def with_properties(doc: Document, section: Section, text: str) -> str:
    """``text`` (``section``'s source) with the properties under its heading when it is the
    document's first section below the title."""
    sections = document_content(doc)[1]
    if not doc.frontmatter or not sections or sections[0] is not section:
        return text
    heading, _, rest = text.partition("\n")
    return "\n".join([heading, "", *properties_block(doc.frontmatter), rest])


def _escape(text: str) -> str:
    """One line, its backslashes, emphasis and entities (``&#x202e;`` would become the
    character it names) kept literal; links still render."""
    return " ".join(re.sub(r"([\\*_`<>&])", r"\\\1", text).split())
