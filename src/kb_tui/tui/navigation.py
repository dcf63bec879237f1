"""Moving around: following links, history, jumps, problems and the tree filter."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rich.text import Text

from kb_tui.core.links.anchors import DocAnchors
from kb_tui.core.links.backlinks import Backlink, BacklinkIndex
from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Document, LinkRef, Section
from kb_tui.core.model.layout import title_section
from kb_tui.core.render.viewtext import KB_SCHEME, MISSING_SCHEME
from kb_tui.core.text import clean
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

if TYPE_CHECKING:
    from kb_tui.tui.screens.links import BacklinkPart

MAX_HISTORY = 100


class Navigation(KbAppBase):
    """Mixin for :class:`~kb_tui.tui.app.KbApp`."""

    _backlinks: tuple[weakref.ref[LinkIndex], tuple[int, int], BacklinkIndex] | None = None

    # -- locations -------------------------------------------------------------------------
    def current_key(self) -> str | None:
        ref = self.query_one(Viewer).ref
        return ref.key if ref is not None else None

    def key_for(self, doc: Document, heading: str = "", line: int = 0) -> str:
        """The tree key of a ``#fragment`` (heading, heading path or ``^block``) or of the
        deepest section holding ``line`` in ``doc``; the doc itself otherwise."""
        tables = self._anchor_tables(doc)
        target: Section | None = None
        if heading.strip():
            target = tables.resolve(heading).section
        elif line:
            target = tables.section_at(line)
        if target is None or target is title_section(doc):
            return doc.path
        return target.id

    def _anchor_tables(self, doc: Document) -> DocAnchors:
        index = self.link_index
        if index is not None and index.documents.get(doc.path) is doc:
            return index.anchors(doc.path)
        return DocAnchors(doc)

    def go_to(self, key: str, remember: bool = True) -> bool:
        """Put the tree cursor on ``key`` and show it; record it in the history."""
        tree = self.query_one(KbTree)
        if self.tree_filter_active:
            self.clear_filter()
        before = self.current_key()
        if not tree.select_key(key):
            self.say(f"Not found in the tree: {key}", "warning")
            return False
        if remember:
            self.remember(before, key)
        ref = tree.current
        if ref is not None:
            self.show_ref(ref, immediate=True)
        return True

    def remember(self, before: str | None, key: str) -> None:
        del self.history[self.history_pos + 1 :]
        if before and (not self.history or self.history[-1] != before):
            self.history.append(before)
        if not self.history or self.history[-1] != key:
            self.history.append(key)
        del self.history[:-MAX_HISTORY]
        self.history_pos = len(self.history) - 1

    def jump_to(self, key: str) -> None:
        """Palette jump: go there and give the tree the focus."""
        if self.go_to(key):
            self.query_one(KbTree).focus()

    def action_history_back(self) -> None:
        if self.history_pos <= 0:
            self.say("No earlier location.")
            return
        self.history_pos -= 1
        self.go_to(self.history[self.history_pos], remember=False)

    def action_history_forward(self) -> None:
        if self.history_pos >= len(self.history) - 1:
            self.say("No later location.")
            return
        self.history_pos += 1
        self.go_to(self.history[self.history_pos], remember=False)

    # -- links -----------------------------------------------------------------------------
    def links_index(self) -> LinkIndex | None:
        """The app's link index, able to find attachments in the vault too."""
        index = self.link_index
        if index is not None and index.root is None and self.workspace is not None:
            index.root = self.workspace.kb.root
        return index

    def is_resolved(self, source: str, target: str) -> bool:
        index = self.links_index()
        if index is None:
            return False
        link = LinkRef(source=source, target=target, line=0, kind="wikilink")
        return index.resolve(link)[0] is not None

    def follow_href(self, href: str) -> None:
        """Follow a link from the viewer: navigate in the vault, or offer to open a web page."""
        ref = self.query_one(Viewer).ref
        doc = ref.document if ref is not None else None
        if href.startswith(("http://", "https://")):
            self.offer_url(href)
        elif href.startswith(MISSING_SCHEME):
            target = unquote(href[len(MISSING_SCHEME) :])
            self.say(
                f"Unresolved link [[{target}]]: no document of that name in the vault.", "warning"
            )
        elif doc is None or self.link_index is None:
            return
        elif href.startswith(KB_SCHEME):
            self._follow(LinkRef(doc.path, unquote(href[len(KB_SCHEME) :]), 0, "wikilink"))
        elif href.startswith("#"):
            self.go_to(self.key_for(doc, unquote(href[1:])))
        elif ":" in href.split("/", 1)[0]:
            self.say(
                f"Not opened: only http(s) links open, on request ({href.split(':')[0]}:).",
                "warning",
            )
        else:
            self._follow(LinkRef(doc.path, href, 0, "markdown"))

    def _follow(self, link: LinkRef) -> None:
        index = self.links_index()
        assert index is not None
        found = index.locate(link)
        if found.path is None:
            self.say(f"Link target {link.target!r} is not a document inside the vault.", "warning")
            return
        doc = index.documents.get(found.path)
        if doc is None:
            self.say(f"{clean(found.path)} is an attachment, not a Markdown note: not opened.")
            return
        if found.anchor is not None and not found.anchor.found:
            what = "block" if found.anchor.kind == "block" else "heading"
            self.say(
                f"{clean(doc.path)} has no {what} {clean(found.fragment.strip())!r}: "
                "showing the document.",
                "warning",
            )
        self.go_to(self.key_for(doc, found.fragment))

    def offer_url(self, url: str) -> None:
        from kb_tui.tui.screens.confirm import ConfirmScreen

        question = Text("Open this web page in your browser?\n\n")
        question.append(url, style="underline")

        def answered(yes: bool | None) -> None:
            if yes:
                self.open_url(url)

        self.push_screen(ConfirmScreen(question, "Open", yes_key="o"), answered)

    def action_links(self) -> None:
        from kb_tui.tui.screens.links import LinksScreen, find_links

        viewer = self.query_one(Viewer)
        links = find_links(viewer.source_text)
        ref = viewer.ref
        parts: list[BacklinkPart] = []
        if ref is not None:
            shown = ref.section if ref.kind != "document" else None  # as the viewer shows it
            parts = self.backlink_parts(ref.document, shown)

        def chosen(choice: str | Backlink | None) -> None:
            if isinstance(choice, Backlink):
                self.go_to_backlink(choice)
            elif choice:
                self.follow_href(choice)

        self.push_screen(LinksScreen(links, parts, self.describe_backlink), chosen)

    # -- backlinks -------------------------------------------------------------------------
    def backlinks(self) -> BacklinkIndex | None:
        """The reverse link index of the loaded knowledge base, built on first use."""
        if self.workspace is None or self.link_index is None:
            return None
        kb, index = self.workspace.kb, self.link_index
        cached = self._backlinks
        # a reload brings a new knowledge base and link index; a vault still streaming in
        # grows its list of documents: either way the index is built again
        # (the app makes a new link index for each load; nothing old is kept alive here)
        if cached is None or cached[0]() is not index or cached[1] != (id(kb), len(kb.documents)):
            built = BacklinkIndex(kb.documents, index)
            cached = (weakref.ref(index), (id(kb), len(kb.documents)), built)
            self._backlinks = cached
        return cached[2]

    def backlink_parts(self, doc: Document | None, section: Section | None) -> list[BacklinkPart]:
        """The backlinks parts of the links screen for the shown document and section."""
        from kb_tui.tui.screens.links import BacklinkPart

        index = self.backlinks()
        if doc is None or index is None:
            return []
        every = index.to_document(doc.path)
        if section is None or section is title_section(doc):
            return [BacklinkPart(f"Backlinks to this document, {clean(doc.title)}", every)]
        here = index.to_section(doc.path, section)
        landed = set(here)
        rest = [link for link in every if link not in landed]
        return [
            BacklinkPart(f"Backlinks to this section, {clean(section.title)}", here),
            BacklinkPart(f"Other backlinks to this document, {clean(doc.title)}", rest),
        ]

    def describe_backlink(self, link: Backlink) -> tuple[str, str]:
        """(title of the linking document, text of the linking line)."""
        doc = self.link_index.documents.get(link.source) if self.link_index else None
        if doc is None:
            return link.source, ""
        lines = doc.text.split("\n", link.line)
        return doc.title, lines[link.line - 1] if 0 < link.line <= len(lines) else ""

    def go_to_backlink(self, link: Backlink) -> None:
        """Show the section holding the linking line."""
        doc = self.link_index.documents.get(link.source) if self.link_index else None
        if doc is None:
            self.say(f"{clean(link.source)} is no longer in the vault.", "warning")
            return
        self.go_to(self.key_for(doc, line=link.line))

    # -- problems --------------------------------------------------------------------------
    def action_problems(self) -> None:
        from kb_tui.tui.screens.problems import ProblemsScreen

        if self.workspace is None:
            return

        def chosen(location: tuple[str, int] | None) -> None:
            if location is None or self.workspace is None:
                return
            path, line = location
            doc = next((d for d in self.workspace.kb.documents if d.path == path), None)
            if doc is not None:
                self.go_to(self.key_for(doc, line=line))
                self.query_one(KbTree).focus()

        self.push_screen(ProblemsScreen(self.workspace.kb.problems), chosen)
