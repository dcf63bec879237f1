"""The viewer pane: the selected section rendered as Markdown (never the whole document).

Textual's Markdown widget is slow on long text, so only the selected section is rendered.
Links are never followed by the widget itself: clicks arrive as messages and the app
decides (vault links navigate; web links open only on an explicit key). A search match is
highlighted in the rendered blocks and scrolled into view (:meth:`Viewer.mark_match`).
"""

from __future__ import annotations

import importlib
import re
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.layout import title_section
from kb_tui.core.model.progress import LABELS
from kb_tui.core.render.embeds import Embeds
from kb_tui.core.render.folder import folder_markdown
from kb_tui.core.render.viewtext import (
    document_source,
    escape_inline,
    prepare_markdown,
    section_source,
)
from kb_tui.core.status.tallies import Tallies
from kb_tui.core.text import clean
from kb_tui.tui.fence_banner import FenceBanner
from kb_tui.tui.preview import preview
from kb_tui.tui.refs import NodeRef

if TYPE_CHECKING:
    from textual.widget import AwaitMount, Widget

    from kb_tui.tui.obsidian_md import KbMarkdown


UPGRADE_DELAY = 0.15  # seconds the cursor rests on a node before Markdown renders it
IMPORT_POLL = 0.05
MARKDOWN_IMPORTED = threading.Event()
_import_started = threading.Lock()


def import_markdown_in_background() -> None:
    """Import Textual's Markdown widget (and markdown-it) in a thread, once.

    Its import takes about 0.4 s; run by the UI thread at the first rendering, it held every
    key for that long. In a thread it shares the interpreter with the UI, which keeps
    answering keys (and showing previews) meanwhile.
    """
    if not _import_started.acquire(blocking=False):
        return  # started before

    def run() -> None:
        try:
            importlib.import_module("textual.widgets._markdown")
            importlib.import_module("kb_tui.tui.obsidian_md")  # its callouts and highlights
        finally:
            MARKDOWN_IMPORTED.set()

    threading.Thread(target=run, name="kb-tui-markdown-import", daemon=True).start()


MATCH_STYLE = "bold reverse"


class Viewer(VerticalScroll):
    """Breadcrumb plus the Markdown of the selected node."""

    class Rendered(Message):
        """The Markdown widget replaced the first quick preview."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ref: NodeRef | None = None
        self.kb: KnowledgeBase | None = None
        self.tallies = Tallies()  # the app's, set when a vault is loaded
        self.is_resolved: Callable[[str, str], bool] = lambda source, target: False
        # The session's link index (with the vault root): embeds are expanded with it.
        self.link_index: Callable[[], LinkIndex | None] = lambda: None
        self.source_text = ""
        self.mermaid_source = False
        self.match: tuple[tuple[str, ...], int] | None = None  # search terms, document line
        self.marked: Widget | None = None  # the block showing the match
        self._unmarked: list[tuple[Widget, Content]] = []  # marked blocks' own content
        self._render_pending = False
        self._upgrade_timer: Timer | None = None
        # Held, not queried: a query walks every block of the Markdown shown (thousands for
        # a long section), several milliseconds on every selection.
        self._preview = Static(Text(""), id="viewer-preview")
        self._banner = FenceBanner(id="viewer-banner")  # a note read with fences repaired
        self._md: KbMarkdown | None = None
        self._md_mounted: AwaitMount | None = None  # its mount, awaited by every caller

    def compose(self) -> ComposeResult:
        yield self._banner
        yield self._preview

    @property
    def ready(self) -> bool:
        """True once the Markdown widget has replaced the first quick preview."""
        return self._md is not None and not self._preview.display

    async def _markdown(self) -> KbMarkdown | None:
        """The Markdown widget, mounted on first use (so the first frame never waits for it);
        ``None`` once the viewer is leaving the screen (the app exits), when it cannot be.

        Two renderings may ask at once (a selection and the upgrade timer): both wait for
        the one mount.
        """
        # imported on first use: start-up stays fast
        from kb_tui.tui.obsidian_md import KbMarkdown

        if self._md_mounted is None:
            if not self.is_attached:
                return None
            self._md = KbMarkdown(id="viewer-md")
            self._md_mounted = self.mount(self._md)
        await self._md_mounted
        return self._md if self._md is not None and self._md.is_attached else None

    def prepare(
        self, ref: NodeRef, kb: KnowledgeBase, is_resolved: Callable[[str, str], bool]
    ) -> bool:
        """Show ``ref`` at once as a quick preview; the Markdown rendering follows.

        Textual's Markdown widget takes a few hundred milliseconds on a long section, so
        every selection is drawn first as a light preview in the same frame, and the widget
        renders it once the cursor has rested for :data:`UPGRADE_DELAY` (moving on cancels
        it). Returns False: nothing is left for the caller to do.
        """
        self.ref = ref
        self.kb = kb
        self.is_resolved = is_resolved
        self.match, self.marked, self._unmarked = None, None, []
        self.border_title = self._breadcrumb(ref)  # drawn by the border: no extra widget
        self._banner.show_for(ref.document)
        self.source_text = self._prepared_text()
        shown = self._preview
        shown.update(preview(self.source_text))
        shown.display = True
        if self._md is not None:
            self._md.display = False
        self.scroll_home(animate=False)
        self._render_pending = True
        if self._upgrade_timer is not None:
            self._upgrade_timer.stop()
        if self._md is not None:
            self._upgrade_timer = self.set_timer(UPGRADE_DELAY, self._upgrade_when_ready)
        else:
            # After the first frame is composed, give Textual's writer thread time to put it
            # on the terminal before the Markdown import starts.
            self.call_after_refresh(self._schedule_upgrade)
        return False

    def show_message(self, message: Text) -> None:
        """Show ``message`` instead of a note (a vault without notes has none to show)."""
        self.ref = None
        self.border_title = ""
        self.source_text = message.plain
        if self._upgrade_timer is not None:
            self._upgrade_timer.stop()
            self._upgrade_timer = None
        self._preview.update(message)
        self._preview.display = True
        if self._md is not None:
            self._md.display = False

    def _schedule_upgrade(self) -> None:
        import_markdown_in_background()
        if self._upgrade_timer is not None:
            self._upgrade_timer.stop()
        self._upgrade_timer = self.set_timer(UPGRADE_DELAY, self._upgrade_when_ready)

    async def _upgrade_when_ready(self) -> None:
        """Render once the Markdown widget's module is imported; till then the preview stays
        (importing it here would hold the UI for its whole import)."""
        if not MARKDOWN_IMPORTED.is_set():
            self._upgrade_timer = self.set_timer(IMPORT_POLL, self._upgrade_when_ready)
            return
        await self._upgrade()

    async def show(
        self, ref: NodeRef, kb: KnowledgeBase, is_resolved: Callable[[str, str], bool]
    ) -> None:
        """Prepare and render ``ref`` (re-rendering after a mode change, for instance)."""
        self.prepare(ref, kb, is_resolved)
        await self._upgrade()

    def _prepared_text(self) -> str:
        ref, kb = self.ref, self.kb
        if ref is None or kb is None:
            return ""
        raw = self._raw_markdown(ref, kb)
        doc = ref.document
        if doc is None:
            return raw
        resolver = self.is_resolved
        index = self.link_index()
        section = ref.section if ref.kind != "document" else None
        shown = (section.line, section.end_line) if section is not None else (1, 1 << 30)
        return prepare_markdown(
            raw,
            doc,
            is_resolved=lambda target: resolver(doc.path, target),
            width=max(20, self.size.width - 5),
            mermaid_source=self.mermaid_source,
            embeds=Embeds(index, doc, shown) if index is not None else None,
        )

    async def _upgrade(self) -> None:
        """Swap the quick preview for the real Markdown rendering (at the real width)."""
        if self._upgrade_timer is not None:
            self._upgrade_timer.stop()
            self._upgrade_timer = None
        markdown = await self._markdown()
        if markdown is None:
            return
        self.source_text = text = self._prepared_text()
        await markdown.update(text)
        if self.source_text != text:  # another section was selected meanwhile
            return
        markdown.display = True
        self._preview.display = False
        self.scroll_home(animate=False)
        self._render_pending = False
        self.post_message(self.Rendered())
        if self.match is not None:
            self.call_after_refresh(self._apply_match)

    # -- search matches --------------------------------------------------------------------
    def mark_match(self, terms: tuple[str, ...], line: int) -> None:
        """Highlight ``terms`` (folded search terms) in the shown node once it is rendered and
        scroll to them; ``line`` (the match's document line) picks among repeated matches."""
        self.match = (terms, line)
        if self.ready and not self._render_pending:
            self.call_after_refresh(self._apply_match)

    def _apply_match(self) -> None:
        """Mark the block that best shows the match: the most terms, text before containers
        (tables, lists), the nearest to the match's line; then scroll it to the middle."""
        # imported on first use: start-up stays fast
        from textual.widgets.markdown import MarkdownBlock

        from kb_tui.tui.obsidian_md import unfold_around

        found = self._md
        if self.match is None or found is None:
            return
        terms, line = self.match
        for widget, own in self._unmarked:
            _set_shown(widget, own)
        self._unmarked, self.marked = [], None
        patterns = [_term_pattern(term) for term in terms]
        ref = self.ref
        hint = line - ref.section.line if ref and ref.kind == "section" and ref.section else 0
        best: tuple[int, int, int] | None = None
        lines = self.source_text.split("\n")
        for block in found.query(MarkdownBlock):
            shown = _shown(block)
            start, end = block.source_range
            plain = shown.plain if shown is not None else "\n".join(lines[start:end])
            score = sum(1 for pattern in patterns if pattern.search(plain))
            key = (-score, int(shown is None), abs(start - hint))
            if score and (best is None or key < best):
                best, self.marked = key, block
        if self.marked is None:
            return
        unfold_around(self.marked)  # a match inside a folded callout opens it
        content = _shown(self.marked)
        if content is not None:
            marked = content
            for pattern in patterns:
                for hit in pattern.finditer(content.plain):
                    marked = marked.stylize(MATCH_STYLE, hit.start(), hit.end())
            _set_shown(self.marked, marked)
            self._unmarked.append((self.marked, content))
        self.scroll_to_center(self.marked, animate=False)

    def toggle_callouts(self) -> bool | None:
        """Unfold the shown section's folded callouts, or fold them all again (see
        :meth:`KbMarkdown.toggle_callouts`); None when it has none (or is not rendered)."""
        return self._md.toggle_callouts() if self.ready and self._md is not None else None

    def _breadcrumb(self, ref: NodeRef) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        doc = ref.document
        if doc is not None:
            text.append(clean(doc.path), style="dim")
            if ref.section is not None:
                text.append(f"  line {ref.section.line}", style="dim")
        return text

    def _raw_markdown(self, ref: NodeRef, kb: KnowledgeBase) -> str:
        doc = ref.document
        if doc is None:
            return self._other_markdown(ref, kb)
        section = ref.section
        if ref.kind == "document" or section is None or section is title_section(doc):
            overview = document_source(doc)
            h1 = title_section(doc)
            if h1 is not None:
                lines = doc.read_text().split("\n")
                end = h1.sections[0].line - 1 if h1.sections else h1.end_line
                body = "\n".join(lines[h1.line : end]).strip()
                if body:
                    overview += "\n" + body + "\n"
            return overview
        return section_source(doc, section)

    def _other_markdown(self, ref: NodeRef, kb: KnowledgeBase) -> str:
        if ref.kind == "folder":
            return folder_markdown(
                ref.title, ref.key.removeprefix("folder:"), ref.documents, self.tallies
            )
        if ref.kind == "orphan" and ref.orphan is not None:
            orphan = ref.orphan
            return "\n".join(
                [
                    "# Orphaned status",
                    "",
                    "This status belongs to an item that no longer exists in the documents "
                    "(renamed, moved or removed). It is kept, never dropped.",
                    "",
                    f"- **ID:** `{clean(orphan.id).replace('`', '')}`",
                    f"- **Status:** {LABELS.get(orphan.status, orphan.status)}",
                    f"- **Owner:** {escape_inline(clean(orphan.owner)) or '—'}",
                    f"- **Note:** {escape_inline(clean(orphan.note)) or '—'}",
                    f"- **Updated:** {escape_inline(orphan.updated) or '—'}",
                ]
            )
        return (
            f"# Orphaned statuses\n\n{len(kb.orphans)} stored statuses belong to items that no "
            "longer exist in the documents. They are kept, and listed in every report."
        )


def _term_pattern(term: str) -> re.Pattern[str]:
    """A folded search term as a case-insensitive pattern, any whitespace between its words."""
    return re.compile(r"\s+".join(map(re.escape, term.split())), re.IGNORECASE)


def _shown(block: Widget) -> Content | None:
    """The text a Markdown block shows itself (a fence shows it in its label); None for
    containers (lists, quotes, tables), whose text is in their children."""
    # imported on first use: start-up stays fast
    from textual.widgets import Label
    from textual.widgets.markdown import MarkdownFence

    holder = block.query_one(Label) if isinstance(block, MarkdownFence) else block
    content = holder.content if isinstance(holder, Static) else None
    return content if isinstance(content, Content) and content.plain else None


def _set_shown(block: Widget, content: Content) -> None:
    # imported on first use: start-up stays fast
    from textual.widgets.markdown import MarkdownBlock

    if isinstance(block, MarkdownBlock) and block.is_attached:
        block.set_content(content)
