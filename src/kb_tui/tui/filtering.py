"""The tree filter (``/``): fuzzy as you type, ``enter`` jumps, ``escape`` clears.

The text is typed into the tree itself (see :mod:`kb_tui.tui.filter_mode`) and shown on a
line above it; the tree narrows to the matches and their ancestors as you type.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static
from textual.worker import get_current_worker

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_filter import KbFilter, preview, run_filter
from kb_tui.core.query.kb_index import KbIndex
from kb_tui.core.query.match import Query
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.selection import Selection
from kb_tui.tui.session import Session
from kb_tui.tui.state.filter import FilterState
from kb_tui.tui.tree_filter import FilterResult, as_tree, filter_index

FILTER_DELAY = 0.005  # coalesces a burst of keys (a paste) into one filtering
COUNT_DELAY = 0.25  # a large query is counted once typing pauses (never beside a keystroke)


class Filtering:
    """The main screen's tree filter: the typed query, the narrowed tree, the line above."""

    def __init__(
        self, screen: Screen[Any], session: Session, panes: Panes, selection: Selection
    ) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes
        self.selection = selection
        self.state = FilterState()
        self.timer: Timer | None = None

    def index(self, kb: KnowledgeBase) -> KbIndex:
        """The filter's index of ``kb``, built once per knowledge base (a reload: again)."""
        return self.session.search_index.get(kb)

    def prepare(self) -> None:
        """Build the index off the event loop, now that a vault is shown (a large vault's
        takes seconds): the first key typed into the filter finds it ready."""
        workspace = self.session.workspace
        if workspace is not None and not self.session.search_index.ready(workspace.kb):
            kb = workspace.kb
            self.screen.run_worker(
                lambda: self.index(kb), thread=True, group="filter-index", description="index"
            )

    def start(self) -> None:
        """``/`` from another pane or the palette: move to the tree and start typing."""
        tree = self.panes.tree
        tree.typing.start("")
        self.screen.set_focus(tree)
        self.started()

    def type_text(self, text: str) -> None:
        """Put ``text`` in the filter being typed, as if typed (the palette's "My items")."""
        self.panes.tree.typing.start(text)
        self.edited(text)

    def started(self) -> None:
        """``/`` in the tree: show the line above it."""
        tree = self.panes.tree
        line = self.panes.filter_line()
        if line is None:  # created on first use: one widget less to style at start-up
            line = Static(Text(""), id="filter")
            self.screen.query_one("#tree-pane").mount(line, before=tree)
        line.display = True  # a new "/" starts a new filter, like a pager's search
        self._show_line("")
        self.prepare()  # in case the vault shown changed since

    def _show_line(self, text: str, typing: bool = True) -> None:
        line = self.panes.filter_line()
        if line is None:
            return
        shown = Text("/ ", style="bold")
        shown.append(text)
        if typing:
            shown.append("▏", style="blink")
            if not text:
                shown.append("type to filter · enter: jump · esc: clear", style="dim italic")
        count = self.state.count_text(text)
        if count:
            shown.append(count, style="dim")
        workspace = self.session.workspace
        if typing and workspace is not None and not self.session.search_index.ready(workspace.kb):
            shown.append("  indexing the notes…", style="dim italic")
        line.update(shown)

    def edited(self, text: str) -> None:
        self._show_line(text)
        self.selection.postpone()
        if self.timer is not None:
            self.timer.stop()
        generation = self.state.generations.next()
        self.timer = self.screen.set_timer(FILTER_DELAY, lambda: self._start(generation, text))

    def _start(self, generation: int, query: str) -> None:
        """Filter off the event loop; a newer keystroke makes this run stale (dropped)."""
        workspace = self.session.workspace
        if workspace is None or not self.state.generations.is_current(generation):
            return
        if Query.parse(query).too_short:
            self.clear(keep_line=True, typed=query)
            return
        self._off_loop(generation, query, preview, self._apply, "filter")

    def _off_loop(
        self,
        generation: int,
        query: str,
        work: Callable[..., KbFilter | None],
        then: Callable[[int, str, KbFilter], None],
        description: str,
    ) -> None:
        """``work(index, query, stop=…)`` in a thread, its outcome to ``then`` on the event
        loop; one filter worker at a time (a new keystroke's cancels the one before), and
        a run typed over gives up (its outcome is dropped, never queued)."""
        workspace = self.session.workspace
        if workspace is None or not self.state.generations.is_current(generation):
            return
        kb = workspace.kb
        generations = self.state.generations

        def run() -> None:
            worker = get_current_worker()

            def stale() -> bool:
                return worker.is_cancelled or not generations.is_current(generation)

            outcome = work(self.index(kb), query, stop=stale)
            if outcome is not None and not stale():
                self.screen.app.call_from_thread(then, generation, query, outcome)

        self.screen.run_worker(
            run, thread=True, exclusive=True, group="tree-filter", description=description
        )

    def _apply(self, generation: int, query: str, outcome: KbFilter) -> None:
        if not self.state.generations.is_current(generation):
            return
        self._show(query.strip(), as_tree(outcome))
        if not outcome.counted:  # drawn first; counted when typing pauses
            self.screen.set_timer(
                COUNT_DELAY,
                lambda: self._off_loop(generation, query, run_filter, self._counted, "count"),
            )

    def _counted(self, generation: int, query: str, outcome: KbFilter) -> None:
        """The counts of the query drawn before counting: the line says them; the tree
        keeps what it drew (the same nodes)."""
        if self.state.generations.is_current(generation):
            self.state.counted(outcome)
            self._show_line(query.strip(), typing=self.panes.tree.typing.active)

    def run(self, query: str) -> None:
        """Rebuild the tree with only the matches (and their ancestors), right now."""
        if self.session.workspace is None:
            return
        query = query.strip()
        self.state.generations.next()  # anything still computing is stale
        if Query.parse(query).too_short:
            self.clear(keep_line=True, typed=query)
            return
        self._show(query, filter_index(self.index(self.session.workspace.kb), query))

    def _show(self, query: str, result: FilterResult) -> None:
        tree = self.panes.tree
        self.state.applied(query, result)
        tree.show_filtered(result)
        best = result.best
        if best is not None:
            tree.select_key(best)
        self._show_line(query, typing=tree.typing.active)

    def ended(self, text: str, accepted: bool) -> None:
        """``enter``: jump to the best match (the tree keeps the focus); ``escape``: clear."""
        if self.timer is not None:
            self.timer.stop()
        self.state.generations.next()  # a result still being computed is stale now
        if not accepted:
            self.clear()
            return
        state = self.state
        if text.strip() != state.text or not state.active:
            self.run(text)
        tree = self.panes.tree
        best = state.best
        if best is not None and tree.select_key(best):
            before = self.panes.current_key()
            ref = tree.current
            if ref is not None:
                self.selection.remember(before, ref.key)
                self.selection.show_ref(ref, immediate=True)
            self._show_line(state.text, typing=False)
        elif state.active:
            say(self.screen, "No match for the filter.", "warning")
        else:
            self.clear()

    def clear(self, keep_line: bool = False, typed: str = "") -> None:
        """Restore the whole tree, keeping the cursor where it was (``keep_line``: still
        typing ``typed``, too short to filter)."""
        tree = self.panes.tree
        line = self.panes.filter_line()
        current = tree.current
        was_active = self.state.clear()
        if keep_line:
            self._show_line(typed)
        else:
            tree.typing.active = False
            if line is not None:
                line.display = False
        if was_active and self.session.workspace is not None:
            tree.load(self.session.workspace.kb)
            if current is not None:
                tree.select_key(current.key)
