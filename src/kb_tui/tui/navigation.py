"""Moving around: following links, history, jumps, problems and the tree filter."""

from __future__ import annotations

from urllib.parse import unquote

from rich.text import Text

from kb_tui.core.model import Document, LinkRef
from kb_tui.core.text import slugify
from kb_tui.core.viewtext import KB_SCHEME, MISSING_SCHEME
from kb_tui.tui.base import KbAppBase
from kb_tui.tui.refs import merged_h1
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

MAX_HISTORY = 100


class Navigation(KbAppBase):
    """Mixin for :class:`~kb_tui.tui.app.KbApp`."""

    # -- locations -------------------------------------------------------------------------
    def current_key(self) -> str | None:
        ref = self.query_one(Viewer).ref
        return ref.key if ref is not None else None

    def key_for(self, doc: Document, heading: str = "", line: int = 0) -> str:
        """The tree key of a heading (by slug) or line in ``doc``; the doc itself otherwise."""
        heading = heading.split("#")[-1].strip()
        target = None
        if heading and not heading.startswith("^"):
            wanted = slugify(heading)
            target = next((s for s in doc.iter_sections() if slugify(s.title) == wanted), None)
        elif line:
            for section in doc.iter_sections():
                if section.line <= line <= section.end_line:
                    target = section  # deepest containing section wins (depth-first order)
        if target is None or target is merged_h1(doc):
            return doc.path
        return target.id

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
    def is_resolved(self, source: str, target: str) -> bool:
        if self.link_index is None:
            return False
        link = LinkRef(source=source, target=target, line=0, kind="wikilink")
        return self.link_index.resolve(link)[0] is not None

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
        assert self.link_index is not None and self.workspace is not None
        path, heading = self.link_index.resolve(link)
        if path is None:
            self.say(f"Link target {link.target!r} is not a document inside the vault.", "warning")
            return
        doc = next((d for d in self.workspace.kb.documents if d.path == path), None)
        if doc is not None:
            self.go_to(self.key_for(doc, heading))

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

        links = find_links(self.query_one(Viewer).source_text)

        def chosen(href: str | None) -> None:
            if href:
                self.follow_href(href)

        self.push_screen(LinksScreen(links), chosen)

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
