"""Full-text search in the TUI (``ctrl+f``; also in the palette): the dialog and the jump.

The main screen's search. The index is built once per loaded knowledge base,
on the first search, in a thread worker; until it is there the dialog says "Indexing…".
Choosing a result goes to its section the way the palette's jump does and has the viewer
highlight the match.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.screen import Screen

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.layout import title_section
from kb_tui.tui.navigation import Navigation
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.session import Session

if TYPE_CHECKING:  # the search engine is imported on the first search
    from kb_tui.core.query.search import SearchHit, SearchIndex


class SearchIndexBuilt(Message):
    """Indexing ``kb`` is done: ``index`` is None when it failed (``error`` says why)."""

    def __init__(self, kb: KnowledgeBase, index: SearchIndex | None, error: str = "") -> None:
        super().__init__()
        self.kb = kb
        self.index = index
        self.error = error


def hit_key(hit: SearchHit) -> str:
    """The tree key of a hit: its section, or its document for text before any heading."""
    doc, section = hit.document, hit.section
    if section is None or section is title_section(doc):
        return doc.path
    return section.id


class SearchActions:
    """The search dialog and the index it searches."""

    def __init__(
        self, screen: Screen[Any], session: Session, panes: Panes, navigation: Navigation
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.navigation = navigation
        self.search_index: SearchIndex | None = None
        self.search_indexing: KnowledgeBase | None = None  # the knowledge base being indexed

    def search(self) -> None:
        from kb_tui.tui.screens.search import SearchScreen  # first use: start-up stays fast

        if self.session.workspace is None:
            say(self.screen, "The knowledge base is still loading.")
            return
        if isinstance(self.screen.app.screen, SearchScreen):
            return
        kb = self.session.workspace.kb
        index = self.search_index
        if index is None or not index.covers(kb):
            index = self.search_index = None
            if self.search_indexing is not kb:
                self.search_indexing = kb
                self.build_search_index(kb)
        self.screen.app.push_screen(SearchScreen(index, len(kb.documents)), self.search_chosen)

    def build_search_index(self, kb: KnowledgeBase) -> None:
        # A description, or Textual builds one from repr() of the arguments: a whole vault.
        self.screen.run_worker(
            partial(self._build, kb),
            thread=True,
            exclusive=True,
            group="search-index",
            description="index for search",
        )

    def _build(self, kb: KnowledgeBase) -> None:
        """Index ``kb`` off the UI thread (about half a second for 700 notes)."""
        try:
            from kb_tui.core.query.search import SearchIndex  # start-up stays fast

            index = SearchIndex.build(kb)
        except Exception as exc:  # reported in the dialog; the explorer goes on
            error = str(exc) or type(exc).__name__
            self.screen.post_message(SearchIndexBuilt(kb, None, error))
            return
        self.screen.post_message(SearchIndexBuilt(kb, index))

    def index_built(self, event: SearchIndexBuilt) -> None:
        from kb_tui.tui.screens.search import SearchScreen  # first use: start-up stays fast

        if event.kb is self.search_indexing:
            self.search_indexing = None
        index = event.index
        workspace = self.session.workspace
        if workspace is None or event.kb is not workspace.kb:
            return  # reloaded meanwhile: the next search indexes the new documents
        if index is not None:
            if not index.covers(event.kb):
                return  # the documents changed in place meanwhile
            self.search_index = index
        for screen in self.screen.app.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.post_message(SearchScreen.IndexReady(index, event.error))

    def search_chosen(self, hit: SearchHit | None) -> None:
        """Go to the hit's section (the tree gets the focus) and highlight the match."""
        if hit is None:
            return
        if self.navigation.go_to(hit_key(hit)):
            self.panes.tree.focus()
            self.panes.viewer.mark_match(hit.terms, hit.line)
