"""The kb-tui application: tree, viewer and checklist over one knowledge base."""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Header, Tree
from textual.worker import Worker, WorkerState

from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Item, KnowledgeBase
from kb_tui.core.model.progress import Summary
from kb_tui.core.status.store import Entry
from kb_tui.core.status.tallies import Tallies
from kb_tui.core.workspace.preload import PreloadError
from kb_tui.resources import styles_dir
from kb_tui.tui.base import UndoBatch
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.commands import APP_COMMANDS
from kb_tui.tui.filtering import Filtering
from kb_tui.tui.footer import LateFooter
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.heap import HeapKeeping
from kb_tui.tui.lifecycle import Lifecycle
from kb_tui.tui.navigation import Navigation
from kb_tui.tui.orphan_actions import OrphanActions
from kb_tui.tui.presence import VaultPresence
from kb_tui.tui.providers import CommandsProvider, JumpProvider
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.search_actions import SearchActions
from kb_tui.tui.status_actions import StatusActions
from kb_tui.tui.status_writer import StatusWriter, Write
from kb_tui.tui.streaming import Streaming
from kb_tui.tui.tree import KbTree
from kb_tui.tui.tree_filter import FilterResult
from kb_tui.tui.viewer import Viewer

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from kb_tui.core.workspace.open import Workspace
    from kb_tui.core.workspace.preload import Pending

NARROW_WIDTH = 120
GC_RESUME = 0.5  # seconds after mount: the first frame is out (see cli.run_explorer)
SHOW_DELAY = 0.08
PANES = {"tree": "#tree-pane", "viewer": "#viewer", "checklist": "#checklist"}


class KbApp(
    Lifecycle,
    HeaderBanner,
    Streaming,
    SearchActions,
    VaultPresence,
    OrphanActions,
    StatusActions,
    Navigation,
    Filtering,
    HeapKeeping,
    App[None],
):
    """Explore a knowledge base and record how far each component is implemented."""

    CSS_PATH = str(styles_dir() / "app.tcss")
    TITLE = "kb-tui"
    COMMANDS = App.COMMANDS | {CommandsProvider, JumpProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        *[command.binding() for command in APP_COMMANDS],
        Binding("escape", "escape", "Clear", show=False),
    ]

    def __init__(
        self,
        path: Path | None = None,
        store: Path | None = None,
        preload: Pending | None = None,
    ) -> None:
        super().__init__()
        self.preload = preload
        self.path = path
        self.store_path = store
        self.workspace: Workspace | None = None
        self.link_index: LinkIndex | None = None
        self.undo_stack: list[UndoBatch] = []
        self.history: list[str] = []
        self.history_pos = -1
        self.tree_filter_active = False
        self.filter_text = ""
        self.filter_result: FilterResult | None = None
        self.filter_timer: Timer | None = None
        self.show_timer: Timer | None = None
        self.last_item_pane: Widget | None = None
        self.items_by_id: dict[str, Item] = {}
        self.partial_kb: KnowledgeBase | None = None  # while a vault streams in
        self.tallies = Tallies()  # see use_tallies
        self.writer = StatusWriter(self.report_write)  # see kb_tui.tui.status_actions
        self.writes: list[Write] = []
        self.shown_pending: dict[str, tuple[Write, Entry | None]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="tree-pane"):
                yield KbTree(id="tree")
            yield Viewer(id="viewer")
            yield ChecklistPane(id="checklist")
        yield LateFooter()

    # -- loading ---------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.query_one(KbTree).focus()
        self.set_timer(GC_RESUME, gc.enable)
        self.keep_heap()
        self.start_watching()
        self.apply_layout(self.size.width)
        preload, self.preload = self.preload, None
        if preload is not None and preload.finished():
            # Read while Textual was starting: the first frame shows the tree and section.
            try:
                workspace = preload.workspace()
            except PreloadError:
                self.load_workspace()  # read here, and report the cause
            else:
                self.workspace_loaded(workspace, None, [])
        elif preload is not None:
            self.stream_workspace(preload)
        else:
            self.load_workspace()

    # A description, or Textual builds one from repr() of the arguments: a whole vault.
    # A failure is reported (worker_failed), never fatal: e.g. the vault deleted meanwhile.
    @work(
        thread=True, exclusive=True, group="load", description="read the vault", exit_on_error=False
    )
    def load_workspace(
        self,
        restore: str | None = None,
        expanded: list[str] | None = None,
        reuse_from: tuple[KnowledgeBase, frozenset[str]] | None = None,
    ) -> None:
        """Parse the vault off the UI thread; the first frame never waits for it.

        ``reuse_from``: the knowledge base shown and the paths the watcher saw change (a
        live reload); its other notes are taken without reading them again.
        """
        from kb_tui.core.workspace.open import open_workspace
        from kb_tui.tui.watcher import reusable_notes

        reuse = reusable_notes(*reuse_from) if reuse_from is not None else None
        workspace = open_workspace(self.path, self.store_path, reuse=reuse).index()
        self.call_from_thread(self.workspace_loaded, workspace, restore, expanded or [])

    def workspace_loaded(
        self,
        workspace: Workspace,
        restore: str | None,
        expanded: list[str],
        adopt: bool = False,
    ) -> None:
        """Show a freshly read workspace; ``adopt`` keeps a tree grown from the same notes."""
        self.workspace = workspace
        if workspace.items is None:  # read on this thread (a preload done before mount)
            workspace.index()
        assert workspace.items is not None
        self.items_by_id = workspace.items
        self.use_tallies(workspace.tallies)
        self.show_pending()  # status writes still on their way show on the new items
        self.link_index = LinkIndex(workspace.kb.documents)
        tree = self.query_one(KbTree)
        if not adopt:
            self.query_one(ChecklistPane).ref = None  # new items, maybe under the same key
        if not (adopt and tree.adopt(workspace.kb)):
            tree.load(workspace.kb)
            for key in expanded:
                node = tree.reveal(key)
                if node is not None:
                    node.expand()
        self.update_header()
        self.update_banner()
        # The node shown before (or its nearest surviving ancestor), else the first section.
        shown = restore is not None and tree.select_nearest(restore)
        if not shown:
            first = self.first_key()
            shown = first is not None and tree.select_key(first)
        if shown and tree.current is not None:
            self.show_ref(tree.current, immediate=True)
        self.call_after_refresh(self.heap.settle)  # see kb_tui.tui.heap

    def use_tallies(self, tallies: Tallies) -> None:
        """The progress counts every label and header reads (see kb_tui.core.status.tallies)."""
        self.tallies = tallies
        self.query_one(KbTree).tallies = tallies
        self.query_one(ChecklistPane).tallies = tallies
        self.query_one(Viewer).tallies = tallies

    def first_key(self) -> str | None:
        """The first H2-level node: what a reader wants to see first."""
        tree = self.query_one(KbTree)
        for node in tree.root.children:
            if node.children and node.is_expanded:
                return node.children[0].data.key if node.children[0].data else None
            if node.data is not None:
                return node.data.key
        return None

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.group == "load":
            error = event.worker.error
            if self.workspace is not None:  # a reload: what was read stays on screen
                if not self.vault_missing():  # (a vault gone is said by vault_went)
                    self.say(f"Could not read the knowledge base again: {error}", "error")
                return
            self.say(f"Could not open the knowledge base: {error}", "error")
            self.query_one(KbTree).root.set_label(Text(f"⚠ {error}", style="bold red"))

    def action_reload(self) -> None:
        if self.vault_missing():
            return
        tree = self.query_one(KbTree)
        expanded = [key for key, node in tree.nodes.items() if node.is_expanded]
        if self.tree_filter_active:
            self.clear_filter()
        self.say("Reloading…")
        self.load_workspace(self.current_key(), expanded)

    def shown_kb(self) -> KnowledgeBase | None:
        """The knowledge base loaded (none while it is read)."""
        return self.workspace.kb if self.workspace is not None else None

    def say(self, message: str, severity: SeverityLevel = "information") -> None:
        """A notification whose text is never read as markup."""
        self.notify(
            message, severity=severity, markup=False, timeout=8 if severity == "error" else 4
        )

    # -- selection -------------------------------------------------------------------------
    @on(Tree.NodeHighlighted, "#tree")
    def node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        trees = self.query(KbTree)  # empty while the app shuts down
        if not trees or event.node is not trees.first().cursor_node:
            return  # stale: the cursor moved on (e.g. a jump) before this arrived
        if event.node.data is not None:
            self.show_ref(event.node.data)

    @on(Tree.NodeSelected, "#tree")
    def node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is not None:
            self.remember(self.current_key(), ref.key)
            self.show_ref(ref, immediate=True)

    def show_ref(self, ref: NodeRef, immediate: bool = False) -> None:
        """Show ``ref`` in the viewer and checklist (debounced while the cursor moves)."""
        if self.show_timer is not None:
            self.show_timer.stop()
        if immediate:
            self._show(ref)
        else:
            self.show_timer = self.set_timer(SHOW_DELAY, lambda: self._show(ref))

    def _show(self, ref: NodeRef) -> None:
        kb = self.workspace.kb if self.workspace is not None else self.partial_kb
        # Looked up through the main pane, not the whole DOM (which holds every block of
        # the Markdown shown); gone when a debounced call lands while the app shuts down.
        main = self.screen_stack[0].query_children("#main") if self.screen_stack else None
        if kb is None or not main:
            return
        viewer = main.first().query_children(Viewer).first()
        checklist = main.first().query_children(ChecklistPane).first()
        item_id = ref.item.id if ref.item is not None else None
        container = self.container_of(ref)
        new_view = (
            viewer.ref is None
            or viewer.ref.section is not ref.section
            or (viewer.ref.document is not ref.document)
            or viewer.ref.kind != ref.kind
        )
        if checklist.ref is None or checklist.ref.key != container.key or item_id:
            if new_view and checklist.ref is not None:
                checklist.show_soon(container, focus_item=item_id)  # the section first
            else:
                checklist.show(container, focus_item=item_id)
        if new_view:
            viewer.prepare(ref, kb, self.is_resolved)

    def container_of(self, ref: NodeRef) -> NodeRef:
        """An item shows its parent's checklist; anything else its own."""
        if ref.kind != "item":
            return ref
        node = self.query_one(KbTree).nodes.get(ref.key)
        parent = node.parent if node is not None else None
        if parent is not None and parent.data is not None:
            return parent.data
        return ref

    @on(ChecklistPane.ItemHighlighted)
    def checklist_item(self, event: ChecklistPane.ItemHighlighted) -> None:
        self.last_item_pane = self.query_one(ChecklistList)

    @on(ChecklistPane.EditRequested)
    def checklist_edit(self, event: ChecklistPane.EditRequested) -> None:
        self.edit_note(event.item)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.follow_href(event.href)

    def on_descendant_focus(self, event: object) -> None:
        if isinstance(self.focused, KbTree | ChecklistList):
            self.last_item_pane = self.focused

    # -- layout ----------------------------------------------------------------------------
    def on_resize(self, event: object) -> None:
        self.apply_layout(self.size.width)

    def apply_layout(self, width: int) -> None:
        self.screen.set_class(width < NARROW_WIDTH, "narrow")

    def action_toggle_pane(self, pane: str) -> None:
        widget = self.query_one(PANES[pane])
        widget.display = not widget.display
        if (
            not widget.display
            and self.focused is not None
            and (self.focused is widget or widget in self.focused.ancestors)
        ):
            self.screen.focus_next()

    def action_toggle_mermaid(self) -> None:
        viewer = self.query_one(Viewer)
        viewer.mermaid_source = not viewer.mermaid_source
        if viewer.ref is not None and self.workspace is not None:
            self.run_worker(viewer.show(viewer.ref, self.workspace.kb, self.is_resolved))
        self.say("Mermaid: " + ("source" if viewer.mermaid_source else "diagram"))

    def action_escape(self) -> None:
        line = self.filter_line()
        if line is not None and line.display:
            self.clear_filter()
            self.query_one(KbTree).focus()

    # -- dialogs ---------------------------------------------------------------------------
    def action_help(self) -> None:
        from kb_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_export(self) -> None:
        if self.workspace is None:
            return
        from kb_tui.tui.screens.export_dialog import ExportDialog

        def done(result: object) -> None:
            from kb_tui.core.report.export import ExportResult

            if isinstance(result, ExportResult):
                summary = Summary.of_record(result.summary)
                self.say(
                    f"Report written to {Path(result.path).resolve()}: "
                    f"{summary.done}/{summary.applicable} done ({summary.percent_text})."
                )

        self.push_screen(ExportDialog(self.workspace.kb, self.filter_text), done)


def run(
    path: Path | None = None,
    store: Path | None = None,
    preload: Pending | None = None,
) -> int:
    """Run the app; returns the process exit status."""
    app = KbApp(path, store, preload)
    app.run()
    if app.writer.busy:  # exited without q (or q gave up waiting): never lose a change
        print("kb-tui: writing the last status changes…", file=sys.stderr)
        app.writer.wait(60)
    unreported = app.writer.unreported()
    for error in unreported:
        print(f"kb-tui: not saved: {error}", file=sys.stderr)
    return app.return_code or (1 if unreported else 0)
