"""The search dialog (``ctrl+f``): full-text search over every note, results as you type.

Each edit waits :data:`SEARCH_DELAY` for the next, then runs the query on the index in a
thread worker; results come back as a message tagged with the edit they answer, and any that
a later edit made stale are dropped. ``enter`` returns the chosen hit to the app, which goes
to its section and highlights the match in the viewer.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from kb_tui.core.query.search import SearchHit, SearchIndex, SearchResult
from kb_tui.core.text import clean
from kb_tui.tui.screens.search_rows import hit_prompt

SEARCH_DELAY = 0.15
HINT = "↑ ↓ choose · enter: go there · esc: close"


class SearchScreen(ModalScreen[SearchHit | None]):
    """Returns the chosen :class:`SearchHit` (``enter`` or a click), or ``None`` (``escape``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        Binding("down", "move('cursor_down')", "Down", show=False),
        Binding("up", "move('cursor_up')", "Up", show=False),
        Binding("pagedown", "move('page_down')", "Page down", show=False),
        Binding("pageup", "move('page_up')", "Page up", show=False),
    ]

    class IndexReady(Message):
        """The app finished indexing (``index`` is None when indexing failed)."""

        def __init__(self, index: SearchIndex | None, error: str = "") -> None:
            super().__init__()
            self.index = index
            self.error = error

    class Results(Message):
        """A query's results, tagged with the edit (``generation``) they answer."""

        def __init__(self, generation: int, result: SearchResult) -> None:
            super().__init__()
            self.generation = generation
            self.result = result

    def __init__(self, index: SearchIndex | None, documents: int, query: str = "") -> None:
        super().__init__()
        self.index = index
        self.documents = documents
        self.query_text = query
        self.generation = 0  # counts edits; results of an earlier edit are stale
        self.shown = -1  # the edit whose results are listed
        self.timer: Timer | None = None
        self.pending_query = ""
        self.submit_pending = False  # enter came before the results: choose the first
        self.result: SearchResult | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="search"):
            yield Static(Text("Search", style="bold"), id="dialog-title")
            yield Input(
                self.query_text,
                placeholder="a phrase or some words: headings, text, lists and code of every note",
                id="search-input",
            )
            yield Static(Text(""), id="search-status")
            yield OptionList(id="search-results")
            yield Static(Text(HINT, style="dim"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._idle_status()
        if self.query_text.strip():
            self._schedule(self.query_text)

    # -- status line -------------------------------------------------------------------------
    def _status(self, text: str, style: str = "dim") -> None:
        self.query_one("#search-status", Static).update(Text(text, style=style))

    def _idle_status(self) -> None:
        documents = f"{self.documents:,} document{'s' if self.documents != 1 else ''}"
        if self.index is None:
            self._status(f"Indexing {documents}…", "italic")
        else:
            self._status(f"Type to search {documents}.")

    # -- querying ----------------------------------------------------------------------------
    @on(Input.Changed, "#search-input")
    def query_changed(self, event: Input.Changed) -> None:
        self._schedule(event.value)

    def _schedule(self, query: str) -> None:
        """Run ``query`` once typing pauses; anything still running is stale from now on."""
        if self.timer is not None:
            self.timer.stop()
        self.generation += 1
        self.submit_pending = False
        self.pending_query = query
        if not query.strip():
            self.result, self.shown = None, self.generation
            self.query_one(OptionList).clear_options()
            self._idle_status()
            return
        self.timer = self.set_timer(SEARCH_DELAY, self._start)

    def _start(self) -> None:
        """Query the index for the latest edit (once the index is there: see IndexReady)."""
        if self.timer is not None:
            self.timer.stop()
            self.timer = None
        if self.index is not None and self.pending_query.strip():
            self.run_query(self.index, self.pending_query, self.generation)

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    @work(thread=True, exclusive=True, group="search", description="search")
    def run_query(self, index: SearchIndex, query: str, generation: int) -> None:
        result = index.search(query)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Results(generation, result))

    @on(Results)
    def show_results(self, message: Results) -> None:
        if message.generation != self.generation:
            return  # the query changed since this one started
        result = self.result = message.result
        self.shown = message.generation
        self._list(result.hits)
        if result.hits:
            self.query_one(OptionList).highlighted = 0
            self._status(result.summary(), "bold")
        else:
            self._status(f"No results for “{clean(result.query)}”.")
        if self.submit_pending:
            self.submitted()

    def _list(self, hits: list[SearchHit]) -> None:
        """List ``hits``, each row fitted to the list's width (see :mod:`.search_rows`)."""
        results = self.query_one(OptionList)
        results.clear_options()
        width = results.scrollable_content_region.width - 1
        results.add_options(
            Option(hit_prompt(hit, width), id=str(number)) for number, hit in enumerate(hits)
        )

    def on_resize(self, event: events.Resize) -> None:
        """The terminal changed size: fit the rows again, once the new layout is done."""
        if self.result is not None and self.result.hits:
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        if self.result is None:
            return
        results = self.query_one(OptionList)
        highlighted = results.highlighted
        self._list(self.result.hits)
        results.highlighted = highlighted

    @on(IndexReady)
    def index_ready(self, message: IndexReady) -> None:
        self.index = message.index
        if message.index is None:
            self._status(f"Could not index the documents: {clean(message.error)}", "bold red")
            return
        if self.pending_query.strip() and self.shown != self.generation:
            self._start()
        else:
            self._idle_status()

    # -- choosing ----------------------------------------------------------------------------
    def action_move(self, action: str) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            getattr(results, f"action_{action}")()

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        """``enter``: the highlighted result; typed ahead of the results, the first one."""
        self.submit_pending = False
        if self.shown != self.generation:
            self.submit_pending = True
            if self.timer is not None:
                self._start()  # no need to wait for the pause any longer
            return
        results = self.query_one(OptionList)
        if results.highlighted is not None:
            self._choose(results.highlighted)

    @on(OptionList.OptionSelected, "#search-results")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option_index)

    def _choose(self, number: int) -> None:
        if self.result is not None and 0 <= number < len(self.result.hits):
            self.dismiss(self.result.hits[number])

    def action_close(self) -> None:
        self.dismiss(None)
