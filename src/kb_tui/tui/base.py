"""The state the app's mixins share, declared once so each mixin can be type-checked.

:class:`~kb_tui.tui.app.KbApp` combines :class:`StatusActions`, :class:`Navigation` and
:class:`Filtering`; each derives from this base, which names what they use of one another.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import App
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget

from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Item, KnowledgeBase
from kb_tui.core.status.store import Entry
from kb_tui.core.status.tallies import Tallies
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.tree_filter import FilterResult

if TYPE_CHECKING:
    from collections.abc import Callable

    from kb_tui.core.workspace.open import Workspace
    from kb_tui.tui.status_writer import StatusWriter, Write

UndoBatch = dict[str, Entry | None]


class KbAppBase(App[None]):
    """Shared state and the cross-mixin interface of the kb-tui app."""

    workspace: Workspace | None
    link_index: LinkIndex | None
    undo_stack: list[UndoBatch]
    history: list[str]
    history_pos: int
    tree_filter_active: bool
    filter_text: str
    filter_result: FilterResult | None
    filter_timer: Timer | None
    last_item_pane: Widget | None
    items_by_id: dict[str, Item]
    tallies: Tallies
    partial_kb: KnowledgeBase | None
    path: Path | None
    store_path: Path | None
    # Status writes on their way (see kb_tui.tui.status_actions), and whether the app is
    # quitting (see kb_tui.tui.lifecycle): after ``q`` no key, action or dialog runs.
    writer: StatusWriter
    writes: list[Write]
    shown_pending: dict[str, tuple[Write, Entry | None]]
    quitting: bool
    vault_gone: Path | None  # the vault's missing folder (or file), see kb_tui.tui.presence

    @property
    def closing(self) -> bool:
        """The app is shutting down (its widgets may be gone): one cheap lookup by ID."""
        from textual.css.query import NoMatches

        try:
            self.screen_stack[0].get_widget_by_id("tree")
        except (IndexError, NoMatches):
            return True
        return False

    def use_tallies(self, tallies: Tallies) -> None:
        raise NotImplementedError

    def first_key(self) -> str | None:
        raise NotImplementedError

    def workspace_loaded(
        self,
        workspace: Workspace,
        restore: str | None,
        expanded: list[str],
        adopt: bool = False,
    ) -> None:
        raise NotImplementedError

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        raise NotImplementedError

    def show_ref(self, ref: NodeRef, immediate: bool = False) -> None:
        raise NotImplementedError

    def update_header(self) -> None:
        raise NotImplementedError

    def update_banner(self) -> None:
        raise NotImplementedError

    def current_key(self) -> str | None:
        raise NotImplementedError

    def remember(self, before: str | None, key: str) -> None:
        raise NotImplementedError

    def clear_filter(self, keep_line: bool = False) -> None:
        raise NotImplementedError

    def is_resolved(self, source: str, target: str) -> bool:
        raise NotImplementedError

    def edit_note(self, item: Item) -> None:
        raise NotImplementedError

    def write_refusal(self) -> Callable[[], str]:
        raise NotImplementedError

    def writes_drained(self) -> None:
        raise NotImplementedError

    def show_pending(self) -> None:
        raise NotImplementedError
