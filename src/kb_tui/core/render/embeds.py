"""Embeds in the viewer: ``![[file.pdf#page=3]]`` as an attachment line, ``![[note#Heading]]``
as the embedded text.

Resolution is the vault's (:class:`~kb_tui.core.links.resolve.LinkIndex`, Obsidian's rules:
the exact path, else the nearest file of that name; attachments inside the vault root only,
never through a symbolic link, only regular files are looked at).

- An **attachment** becomes one line: its name, type (by extension), size and the size or
  page the embed asks for; a missing one is marked unresolved, like a link.
- A **note embed** (a whole note, a heading, a ``^block``) becomes a quote under the line,
  headed by a link to its source, holding the embedded text rendered like the viewer's
  own. One level deep: an embed inside embedded text is shown as a link. An embed of the
  shown section itself, or one that would loop back to it, is refused and says so. Each
  embedded text is capped at :data:`MAX_EMBED_CHARS`, and at most :data:`MAX_NOTE_EMBEDS`
  are expanded in one view (the rest are links).

The cost of a view is bounded whatever the note holds: each note's lines are read once per
view, at most :data:`MAX_EMBED_LOOKUPS` note embeds are looked up (found or not; the rest are
links), and a ``^block`` is looked for at most :data:`MAX_BLOCK_LINES` lines back.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from kb_tui.core.links.attachments import attachment_size
from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Document
from kb_tui.core.parse.wikilink import WikiLink, file_kind, replace_wikilinks
from kb_tui.core.render.linktext import (
    KB_SCHEME,
    escape_inline,
    escape_link_text,
    link_markdown,
)
from kb_tui.core.text import clean

MAX_EMBED_CHARS = 10_000
MAX_NOTE_EMBEDS = 20
MAX_EMBED_LOOKUPS = 200
MAX_BLOCK_LINES = 500
Display = Callable[[Document], Callable[[str], str]]
_PREFIX_RE = re.compile(r"^((?:[ \t]*>)*)([ \t]*)(?:([-*+]|\d{1,9}[.)])([ \t]+))?")
_FENCE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_BLOCK_ID_RE = re.compile(r"\s\^[A-Za-z0-9-]+\s*$")
_LIST_RE = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")


def human_size(size: int) -> str:
    """``134 B``, ``2.1 kB``, ``3.4 MB`` (decimal units, as file managers show them)."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("kB", "MB", "GB", "TB"):
        value /= 1000
        if value < 999.95 or unit == "TB":
            return f"{value:.1f} {unit}"
    return f"{size} B"  # pragma: no cover (the loop returns)


def attachment_line(link: WikiLink, size: int | None) -> str:
    """The Markdown of an embedded attachment: name, type, size, then the size or page the
    embed asks for; ``size`` None: not found (marked unresolved)."""
    name = link.name.rsplit("/", 1)[-1]
    if size is None:
        return link_markdown(link, False)
    facts = [file_kind(link.name), human_size(size)]
    if link.width is not None:
        facts.append(f"{link.size} px" if link.height is not None else f"{link.size} px wide")
    if link.page is not None:
        facts.append(f"page {link.page}")
    elif link.fragment:
        facts.append(f"#{link.fragment}")
    return f"▣ **{escape_inline(name)}** ({escape_inline(', '.join(facts))})"


@dataclass
class Embeds:
    """Expands the embeds of the text of ``source`` shown between lines ``shown`` (first,
    last) of it."""

    index: LinkIndex
    source: Document
    shown: tuple[int, int] = (1, 1 << 30)
    display: Display | None = None
    expanded: int = field(default=0, init=False)
    looked_up: int = field(default=0, init=False)
    _lines: dict[str, list[str]] = field(default_factory=dict, init=False, repr=False)
    _sizes: dict[str, int | None] = field(default_factory=dict, init=False, repr=False)

    def size_of(self, path: str) -> int | None:
        """The size of the attachment at vault path ``path`` (looked at once per view)."""
        if path not in self._sizes:
            root = self.index.root
            self._sizes[path] = attachment_size(root, path) if root is not None else None
        return self._sizes[path]

    def lines_of(self, doc: Document) -> list[str]:
        """``doc``'s lines as read, split once per view (a note embedded many times, or a
        long one, is not split again for each embed)."""
        found = self._lines.get(doc.path)
        if found is None:
            found = self._lines[doc.path] = doc.read_text().split("\n")
        return found

    def lines(self, line: str, is_resolved: Callable[[str], bool]) -> list[str]:
        """``line`` with its links and embeds converted, then the text of its note embeds."""
        blocks: list[list[str]] = []

        def replace(link: WikiLink) -> str:
            if not link.embed:
                return link_markdown(link, is_resolved(link.target))
            return self._embed(link, blocks)

        converted = replace_wikilinks(line, replace)
        out = [converted.rstrip() if blocks else converted]
        if blocks:
            prefix = _quote_prefix(line)
            for block in blocks:
                out += [prefix + ("> " + text if text else ">") for text in block]
                out.append(prefix.rstrip(" >") if prefix.strip() else "")
        return out

    # -- one embed --------------------------------------------------------------------------
    def _embed(self, link: WikiLink, blocks: list[list[str]]) -> str:
        source = self.source.path
        path = self.index.resolve_name(link.name, source) if link.name else source
        if path is None:
            return attachment_line(link, None)
        if path not in self.index.documents:
            return attachment_line(link, self.size_of(path))
        target = self.index.documents[path]
        if self.looked_up >= MAX_EMBED_LOOKUPS or self.expanded >= MAX_NOTE_EMBEDS:
            return link_markdown(link, True, _absolute(path, link.fragment))
        self.looked_up += 1
        span = self._span(target, link.fragment)
        if span is None:  # Obsidian says it cannot find it; the link opens the note
            title = escape_link_text(_embed_title(link, target))
            href = quote(_absolute(path, ""), safe="")
            return f"[⚠ {title} (not found in the note)]({KB_SCHEME}{href})"
        if path == source and span[0] <= self.shown[1] and self.shown[0] <= span[1]:
            shown = escape_inline(_embed_title(link, target))
            return f"⊘ {shown} (not embedded: it is the text shown here)"
        self.expanded += 1
        blocks.append(self._text(link, target, span))
        return ""  # the quote below the line, headed by its source, takes its place

    def _span(self, target: Document, fragment: str) -> tuple[int, int] | None:
        """The lines (first, last) an embed of ``fragment`` of ``target`` shows; None when
        the fragment names nothing there."""
        lines = len(self.lines_of(target))
        if not fragment:
            return target.body_line, lines
        anchor = self.index.anchor(target.path, fragment)
        if not anchor.found:
            return None
        if anchor.kind == "block":
            return _block_span(self.lines_of(target), anchor.line)
        if anchor.section is None:
            return target.body_line, lines
        return anchor.section.line, max(anchor.section.line, anchor.section.end_line)

    def _text(self, link: WikiLink, target: Document, span: tuple[int, int]) -> list[str]:
        raw = "\n".join(self.lines_of(target)[span[0] - 1 : span[1]])
        if link.fragment.startswith("^"):
            raw = _BLOCK_ID_RE.sub("", raw)
        cut = len(raw) > MAX_EMBED_CHARS
        raw = raw[:MAX_EMBED_CHARS] if cut else raw
        raw = self.display(target)(raw) if self.display is not None else clean(raw)
        href = quote(_absolute(target.path, link.fragment), safe="")
        title = escape_link_text(_embed_title(link, target))
        out = [f"⧉ embedded from [{title}]({KB_SCHEME}{href})", ""]
        fence = False
        for text in raw.strip("\n").split("\n"):
            if _FENCE_RE.match(text):
                fence = not fence
                out.append(text)
            else:
                out.append(text if fence else self._nested(text, target))
        if cut:
            out += ["", f"*… embed truncated at {MAX_EMBED_CHARS:,} characters*"]
        return out

    def _nested(self, text: str, target: Document) -> str:
        """A line of embedded text: links resolved from ``target``; an embed is a link
        (one level deep), or says it loops back to the text shown."""

        def replace(link: WikiLink) -> str:
            found = self.index.resolve_name(link.name, target.path) if link.name else target.path
            if found is None:
                return link_markdown(link, False)
            if link.embed and found not in self.index.documents:
                return attachment_line(link, self.size_of(found))
            absolute = _absolute(found, link.fragment)
            if link.embed and found == self.source.path and self.looked_up < MAX_EMBED_LOOKUPS:
                self.looked_up += 1
                loop = self._span(self.source, link.fragment)
                if loop is not None and loop[0] <= self.shown[1] and self.shown[0] <= loop[1]:
                    return f"↻ {escape_inline(link.target)} (embed loop: not expanded)"
            return link_markdown(link, True, absolute)

        return replace_wikilinks(text, replace)


def _embed_title(link: WikiLink, target: Document) -> str:
    """``Internal links › Link to a heading`` (cleaned, not escaped)."""
    name = target.path.rsplit("/", 1)[-1].removesuffix(".md")
    return clean(f"{name} › {link.fragment}" if link.fragment else name)


def _absolute(path: str, fragment: str) -> str:
    """A target that resolves from any note: the vault path (``/a/b``) and the fragment."""
    stem = "/" + path.removesuffix(".md")
    return f"{stem}#{fragment}" if fragment else stem


def _quote_prefix(line: str) -> str:
    """What puts a block inside the container ``line`` is in: its quote markers, and the
    indentation of a list item's text."""
    match = _PREFIX_RE.match(line)
    assert match is not None  # every group is optional
    quotes, spaces, marker, gap = match.groups()
    indent = len(spaces) + (len(marker) + len(gap) if marker else 0)
    return (quotes + " " if quotes else "") + " " * indent


def _block_span(lines: list[str], line: int) -> tuple[int, int]:
    """The lines of the block ending at ``line`` (its ``^id`` line): a list item alone, a
    paragraph back to the blank line before it, or :data:`MAX_BLOCK_LINES` back at most."""
    first = line
    if not _LIST_RE.match(lines[line - 1] if 0 < line <= len(lines) else ""):
        while (
            first > 1
            and line - first < MAX_BLOCK_LINES
            and lines[first - 2].strip()
            and not _LIST_RE.match(lines[first - 2])
        ):
            if lines[first - 2].lstrip().startswith("#"):
                break
            first -= 1
    return first, line
