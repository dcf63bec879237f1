"""The tree filter (``/``): fuzzy as you type, ``enter`` jumps, ``escape`` clears.

The text is typed into the tree itself (see :mod:`kb_tui.tui.filter_mode`) and shown on a
line above it; the tree narrows to the matches and their ancestors as you type.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import Static

from kb_tui.tui.base import KbAppBase
from kb_tui.tui.filter_mode import FilterEdited, FilterEnded, FilterStarted
from kb_tui.tui.tree import KbTree
from kb_tui.tui.tree_filter import filter_kb

FILTER_DELAY = 0.12


class Filtering(KbAppBase):
    """Mixin for :class:`~kb_tui.tui.app.KbApp`."""

    def filter_line(self) -> Static | None:
        """The line above the tree that shows the filter, once ``/`` has created it."""
        found = self.query("#filter")
        return found.first(Static) if found else None

    def action_filter(self) -> None:
        """``/`` from another pane or the palette: move to the tree and start typing."""
        tree = self.query_one(KbTree)
        tree.typing.start("")
        self.screen.set_focus(tree)
        self.filter_started()

    @on(FilterStarted)
    def filter_started(self) -> None:
        tree = self.query_one(KbTree)
        line = self.filter_line()
        if line is None:  # created on first use: one widget less to style at start-up
            line = Static(Text(""), id="filter")
            self.query_one("#tree-pane").mount(line, before=tree)
        line.display = True  # a new "/" starts a new filter, like a pager's search
        self._show_filter_line("")

    def _show_filter_line(self, text: str, typing: bool = True) -> None:
        line = self.filter_line()
        if line is None:
            return
        shown = Text("/ ", style="bold")
        shown.append(text)
        if typing:
            shown.append("▏", style="blink")
            if not text:
                shown.append("type to filter · enter: jump · esc: clear", style="dim italic")
        result = self.filter_result
        if result is not None and text:
            count = len(result.matches)
            more = "+" if result.truncated else ""
            shown.append(f"  {count}{more} match{'es' if count != 1 else ''}", style="dim")
        line.update(shown)

    @on(FilterEdited)
    def filter_edited(self, event: FilterEdited) -> None:
        self._show_filter_line(event.text)
        if self.filter_timer is not None:
            self.filter_timer.stop()
        self.filter_timer = self.set_timer(FILTER_DELAY, lambda: self.run_filter(event.text))

    def run_filter(self, query: str) -> None:
        """Rebuild the tree with only the matches (and their ancestors)."""
        if self.workspace is None:
            return
        tree = self.query_one(KbTree)
        query = query.strip()
        if not query:
            self.clear_filter(keep_line=True)
            return
        result = filter_kb(self.workspace.kb, query)
        self.filter_result = result
        self.filter_text = query
        self.tree_filter_active = True
        tree.show_filtered(result)
        best = result.best
        if best is not None:
            tree.select_key(best)
        self._show_filter_line(query, typing=tree.typing.active)

    @on(FilterEnded)
    def filter_ended(self, event: FilterEnded) -> None:
        """``enter``: jump to the best match (the tree keeps the focus); ``escape``: clear."""
        if self.filter_timer is not None:
            self.filter_timer.stop()
        if not event.accepted:
            self.clear_filter()
            return
        if event.text.strip() != self.filter_text or not self.tree_filter_active:
            self.run_filter(event.text)
        tree = self.query_one(KbTree)
        best = self.filter_result.best if self.filter_result else None
        if best is not None and tree.select_key(best):
            before = self.current_key()
            ref = tree.current
            if ref is not None:
                self.remember(before, ref.key)
                self.show_ref(ref, immediate=True)
            self._show_filter_line(self.filter_text, typing=False)
        elif self.tree_filter_active:
            self.say("No match for the filter.", "warning")
        else:
            self.clear_filter()

    def clear_filter(self, keep_line: bool = False) -> None:
        """Restore the whole tree, keeping the cursor where it was."""
        tree = self.query_one(KbTree)
        line = self.filter_line()
        current = tree.current
        was_active = self.tree_filter_active
        self.tree_filter_active = False
        self.filter_text = ""
        self.filter_result = None
        if keep_line:
            self._show_filter_line("")
        else:
            tree.typing.active = False
            if line is not None:
                line.display = False
        if was_active and self.workspace is not None:
            tree.load(self.workspace.kb)
            if current is not None:
                tree.select_key(current.key)
