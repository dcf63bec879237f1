"""Full-text search in the TUI (``ctrl+f``; also in the palette): the dialog and the jump.

Mixin for :class:`~kb_tui.tui.app.KbApp`. The index is built once per loaded knowledge base,
on the first search, in a thread worker; until it is there the dialog says "Indexing…".
Choosing a result goes to its section the way the palette's jump does and has the viewer
highlight the match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.layout import title_section
from kb_tui.tui.navigation import Navigation
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

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


class SearchActions(Navigation):
    """Mixin: ``action_search`` and the index it searches."""

    search_index: SearchIndex | None = None
    search_indexing: KnowledgeBase | None = None  # the knowledge base being indexed

    def action_search(self) -> None:
        from kb_tui.tui.screens.search import SearchScreen

        if self.workspace is None:
            self.say("The knowledge base is still loading.")
            return
        if isinstance(self.screen, SearchScreen):
            return
        kb = self.workspace.kb
        index = self.search_index
        if index is None or not index.covers(kb):
            index = self.search_index = None
            if self.search_indexing is not kb:
                self.search_indexing = kb
                self.build_search_index(kb)
        self.push_screen(SearchScreen(index, len(kb.documents)), self.search_chosen)

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    @work(thread=True, exclusive=True, group="search-index", description="index for search")
    def build_search_index(self, kb: KnowledgeBase) -> None:
        """Index ``kb`` off the UI thread (about half a second for 700 notes)."""
        try:
            from kb_tui.core.query.search import SearchIndex

            index = SearchIndex.build(kb)
        except Exception as exc:  # reported in the dialog; the explorer goes on
            self.post_message(SearchIndexBuilt(kb, None, str(exc) or type(exc).__name__))
            return
        self.post_message(SearchIndexBuilt(kb, index))

    @on(SearchIndexBuilt)
    def search_index_built(self, event: SearchIndexBuilt) -> None:
        from kb_tui.tui.screens.search import SearchScreen

        if event.kb is self.search_indexing:
            self.search_indexing = None
        index = event.index
        if self.workspace is None or event.kb is not self.workspace.kb:
            return  # reloaded meanwhile: the next search indexes the new documents
        if index is not None:
            if not index.covers(event.kb):
                return  # the documents changed in place meanwhile
            self.search_index = index
        for screen in self.screen_stack:
            if isinstance(screen, SearchScreen):
                screen.post_message(SearchScreen.IndexReady(index, event.error))

    def search_chosen(self, hit: SearchHit | None) -> None:
        """Go to the hit's section (the tree gets the focus) and highlight the match."""
        if hit is None:
            return
        if self.go_to(hit_key(hit)):
            self.query_one(KbTree).focus()
            self.query_one(Viewer).mark_match(hit.terms, hit.line)
