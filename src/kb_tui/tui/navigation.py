"""Moving around: following links, history, jumps, backlinks and problems."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from rich.text import Text
from textual.notifications import SeverityLevel
from textual.screen import Screen

from kb_tui.core.links.anchors import DocAnchors
from kb_tui.core.links.backlinks import Backlink, BacklinkIndex
from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Document, LinkRef, Section
from kb_tui.core.model.layout import title_section
from kb_tui.core.render.folder import DOC_SCHEME
from kb_tui.core.render.viewtext import KB_SCHEME, MISSING_SCHEME
from kb_tui.core.text import clean
from kb_tui.tui.filtering import Filtering
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.selection import Selection
from kb_tui.tui.session import Session

if TYPE_CHECKING:
    from kb_tui.tui.screens.links import BacklinkPart


class Navigation:
    """Going to a tree key, back and forward, along links and backlinks, to a problem."""

    def __init__(
        self,
        screen: Screen[Any],
        session: Session,
        panes: Panes,
        selection: Selection,
        filtering: Filtering,
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.selection = selection
        self.filtering = filtering
        self._backlinks: tuple[weakref.ref[LinkIndex], tuple[int, int], BacklinkIndex] | None = None

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        say(self.screen, message, severity)

    # -- locations -------------------------------------------------------------------------
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
        index = self.session.link_index
        if index is not None and index.documents.get(doc.path) is doc:
            return index.anchors(doc.path)
        return DocAnchors(doc)

    def go_to(self, key: str, remember: bool = True) -> bool:
        """Put the tree cursor on ``key`` and show it; record it in the history."""
        tree = self.panes.tree
        if self.filtering.state.active:
            self.filtering.clear()
        before = self.panes.current_key()
        if not tree.select_key(key):
            self.say(f"Not found in the tree: {key}", "warning")
            return False
        if remember:
            self.selection.remember(before, key)
        ref = tree.current
        if ref is not None:
            self.selection.show_ref(ref, immediate=True)
        return True

    def jump_to(self, key: str) -> None:
        """Palette jump: go there and give the tree the focus."""
        if self.go_to(key):
            self.panes.tree.focus()

    def back(self) -> None:
        key = self.selection.history.back()
        if key is None:
            self.say("No earlier location.")
            return
        self.go_to(key, remember=False)

    def forward(self) -> None:
        key = self.selection.history.forward()
        if key is None:
            self.say("No later location.")
            return
        self.go_to(key, remember=False)

    # -- links -----------------------------------------------------------------------------
    def follow_href(self, href: str) -> None:
        """Follow a link from the viewer: navigate in the vault, or offer to open a web page."""
        ref = self.panes.viewer.ref
        doc = ref.document if ref is not None else None
        if href.startswith(("http://", "https://")):
            self.offer_url(href)
        elif href.startswith(DOC_SCHEME):  # a note listed by a folder
            self.go_to(unquote(href[len(DOC_SCHEME) :]))
        elif href.startswith(MISSING_SCHEME):
            target = unquote(href[len(MISSING_SCHEME) :])
            self.say(
                f"Unresolved link [[{target}]]: no document of that name in the vault.", "warning"
            )
        elif doc is None or self.session.link_index is None:
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
        index = self.session.links_index()
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
        from kb_tui.tui.screens.confirm import ConfirmScreen  # first use: start-up stays fast

        question = Text("Open this web page in your browser?\n\n")
        question.append(url, style="underline")

        def answered(yes: bool | None) -> None:
            if yes:
                self.screen.app.open_url(url)

        self.screen.app.push_screen(ConfirmScreen(question, "Open", yes_key="o"), answered)

    def links(self) -> None:
        from kb_tui.tui.screens.links import LinksScreen, find_links  # start-up stays fast

        viewer = self.panes.viewer
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

        self.screen.app.push_screen(LinksScreen(links, parts, self.describe_backlink), chosen)

    # -- backlinks -------------------------------------------------------------------------
    def backlinks(self) -> BacklinkIndex | None:
        """The reverse link index of the loaded knowledge base, built on first use."""
        workspace, index = self.session.workspace, self.session.link_index
        if workspace is None or index is None:
            return None
        kb = workspace.kb
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
        from kb_tui.tui.screens.links import BacklinkPart  # first use: start-up stays fast

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

    def _document(self, path: str) -> Document | None:
        index = self.session.link_index
        return index.documents.get(path) if index is not None else None

    def describe_backlink(self, link: Backlink) -> tuple[str, str]:
        """(title of the linking document, text of the linking line)."""
        doc = self._document(link.source)
        if doc is None:
            return link.source, ""
        lines = doc.text.split("\n", link.line)
        return doc.title, lines[link.line - 1] if 0 < link.line <= len(lines) else ""

    def go_to_backlink(self, link: Backlink) -> None:
        """Show the section holding the linking line."""
        doc = self._document(link.source)
        if doc is None:
            self.say(f"{clean(link.source)} is no longer in the vault.", "warning")
            return
        self.go_to(self.key_for(doc, line=link.line))

    # -- problems --------------------------------------------------------------------------
    def problems(self) -> None:
        from kb_tui.tui.screens.problems import ProblemsScreen  # start-up stays fast

        workspace = self.session.workspace
        if workspace is None:
            return

        def chosen(location: tuple[str, int] | None) -> None:
            if location is None or self.session.workspace is None:
                return
            path, line = location
            kb = self.session.workspace.kb
            doc = next((d for d in kb.documents if d.path == path), None)
            if doc is not None:
                self.go_to(self.key_for(doc, line=line))
                self.panes.tree.focus()

        self.screen.app.push_screen(ProblemsScreen(workspace.kb, self.session.diagnosis), chosen)
