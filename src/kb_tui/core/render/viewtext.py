"""The Markdown a viewer shows for one section or document, made safe and readable.

Only the selected section is rendered (a Markdown widget is slow on long text). The text is
cleaned of control characters, mojibake is repaired, Templater placeholders are rendered,
wikilinks become ordinary links with a ``kb:`` scheme (unresolved ones are marked), and
mermaid flowcharts are replaced by a text drawing unless the source is asked for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kb_tui.core.model import Document, Section
from kb_tui.core.parse.display import NoteInfo, make_display
from kb_tui.core.render.embeds import Embeds
from kb_tui.core.render.linktext import KB_SCHEME as KB_SCHEME
from kb_tui.core.render.linktext import MISSING_SCHEME as MISSING_SCHEME
from kb_tui.core.render.linktext import convert_links
from kb_tui.core.render.linktext import escape_inline as escape_inline
from kb_tui.core.render.obsidian import obsidian_markdown
from kb_tui.core.render.obsidian.properties import properties_block, with_properties
from kb_tui.core.text import clean

MAX_VIEW_CHARS = 200_000
_FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")


def section_source(doc: Document, section: Section) -> str:
    """The lines of ``section`` (as the note was read): its heading down to the next
    same-or-higher heading; the document's first section has its properties under the heading."""
    lines = doc.read_text().split("\n")
    return with_properties(doc, section, "\n".join(lines[section.line - 1 : section.end_line]))


def document_source(doc: Document) -> str:
    """A document node's view: its properties as a table, then any text before the first heading."""
    shown_path = clean(doc.path).replace("`", "'")
    parts = [f"# {escape_inline(doc.title)}", "", f"`{shown_path}`", ""]
    parts += properties_block(doc.frontmatter)
    lines = doc.read_text().split("\n")
    first = doc.sections[0].line if doc.sections else len(lines) + 1
    preamble = "\n".join(lines[doc.body_line - 1 : first - 1]).strip()
    if preamble:
        parts += [preamble, ""]
    return "\n".join(parts)


def display_for(doc: Document) -> Callable[[str], str]:
    """The document's display transform (repair, strip controls, render Templater)."""
    folder = doc.path.rsplit("/", 1)[0] if "/" in doc.path else ""
    stem = doc.path.rsplit("/", 1)[-1].removesuffix(".md")
    info = NoteInfo(
        title=stem,
        folder=folder,
        created=doc.created,
        modified=doc.modified,
        frontmatter=doc.frontmatter,
    )
    return make_display(info)


def prepare_markdown(
    text: str,
    doc: Document,
    *,
    is_resolved: Callable[[str], bool],
    width: int = 80,
    mermaid_source: bool = False,
    embeds: Embeds | None = None,
) -> str:
    """Turn raw section text into the Markdown the viewer renders; with ``embeds``, embeds
    are expanded (:mod:`kb_tui.core.render.embeds`), else shown as links."""
    if embeds is not None:  # embedded text is shown as the section's own: Obsidian forms too
        embeds.display = lambda target: lambda raw: obsidian_markdown(display_for(target)(raw))
    truncated = len(text) > MAX_VIEW_CHARS
    if truncated:
        text = text[:MAX_VIEW_CHARS]
    text = obsidian_markdown(display_for(doc)(text))  # comments, footnotes, task boxes
    out: list[str] = []
    fence: str | None = None
    fence_lang = ""
    block: list[str] = []
    for line in text.split("\n"):
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                fence, fence_lang, block = match.group(1), match.group(2).lower(), []
                out.append(line)
            elif embeds is not None and "![[" in line:
                out.extend(embeds.lines(line, is_resolved))
            else:
                out.append(convert_links(line, is_resolved))
            continue
        if (
            match
            and match.group(1)[0] == fence[0]
            and len(match.group(1)) >= len(fence)
            and (not match.group(2))
        ):
            out.extend(_finish_fence(fence_lang, block, out, width, mermaid_source))
            out.append(line)
            fence = None
        else:
            block.append(line)
    if fence is not None:
        out.extend(block)
    if truncated:
        out += ["", f"*… section truncated at {MAX_VIEW_CHARS:,} characters*"]
    return "\n".join(out)


def _finish_fence(
    lang: str, block: list[str], out: list[str], width: int, mermaid_source: bool
) -> list[str]:
    if lang != "mermaid" or mermaid_source:
        return block
    # Only sections with diagrams pay for the mermaid parser and the diagram renderer.
    from kb_tui.core.parse.mermaid import parse_flowchart
    from kb_tui.core.render.diagram import render_flowchart  # only sections with diagrams pay

    chart = parse_flowchart("\n".join(block))
    if chart is None:
        return block
    drawing = render_flowchart(chart, max(20, width))
    opener = out.pop()
    out.append(opener.replace("mermaid", "text", 1))
    return drawing
