"""The main screen's panes, found once each, and which of them the keys act on."""

from __future__ import annotations

from typing import Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widgets import Static

from kb_tui.core.model import Item
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

CONTAINERS = ("section", "group", "document", "folder")


class Panes:
    """Lookups on the main screen: the tree, the viewer, the checklist, the filter line."""

    def __init__(self, screen: Screen[Any]) -> None:
        self.screen = screen
        self.last_item_pane: KbTree | ChecklistList | None = None  # focused last, of those

    @property
    def tree(self) -> KbTree:
        return self.screen.query_one(KbTree)

    @property
    def viewer(self) -> Viewer:
        return self.screen.query_one(Viewer)

    @property
    def checklist(self) -> ChecklistPane:
        return self.screen.query_one(ChecklistPane)

    @property
    def closing(self) -> bool:
        """The app is shutting down (its widgets may be gone): one cheap lookup by ID."""
        stack = self.screen.app.screen_stack
        try:
            stack[0].get_widget_by_id("tree")
        except (IndexError, NoMatches):
            return True
        return False

    def filter_line(self) -> Static | None:
        """The line above the tree that shows the filter, once ``/`` has created it."""
        found = self.screen.query("#filter")
        return found.first(Static) if found else None

    def current_key(self) -> str | None:
        """The key of what the viewer shows."""
        ref = self.viewer.ref
        return ref.key if ref is not None else None

    # -- what the keys act on -------------------------------------------------------------
    def focused_item_pane(self) -> KbTree | ChecklistList | None:
        """The pane with items whose cursor the keys act on: the focused one, if it is the
        tree or the checklist, else the one of them focused last."""
        focused = self.screen.focused
        if isinstance(focused, KbTree | ChecklistList):
            return focused
        return self.last_item_pane

    def item_pane_used(self, pane: KbTree | ChecklistList) -> None:
        """``pane`` got the focus (or its cursor moved): keys act on it from now on."""
        self.last_item_pane = pane

    def target_item(self) -> Item | None:
        """The item under the cursor of the item pane (tree or checklist)."""
        if isinstance(self.focused_item_pane(), ChecklistList):
            return self.checklist.current
        ref = self.tree.current
        return ref.item if ref is not None and ref.kind == "item" else None

    def target_container(self) -> NodeRef | None:
        """The section, group, document or folder under the cursor of the item pane."""
        if isinstance(self.focused_item_pane(), ChecklistList):
            ref = self.checklist.ref
        else:
            ref = self.tree.current
        return ref if ref is not None and ref.kind in CONTAINERS else None
