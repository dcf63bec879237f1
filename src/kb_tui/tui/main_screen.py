"""The main screen: the panes (tree, viewer, checklist, header, footer) and what acts on them.

The screen owns small controllers, each over one concern (:mod:`~kb_tui.tui.status_actions`,
:mod:`~kb_tui.tui.navigation`, :mod:`~kb_tui.tui.filtering`, …), wires the messages its
widgets and threads send to them, and maps every command to the call that carries it out:
:attr:`MainScreen.commands`, the one dispatch table (the app hands each command here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Tree
from textual.worker import Worker

from kb_tui.core.model.progress import Summary
from kb_tui.core.workspace.preload import PreloadError
from kb_tui.tui import commands as cmd
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.clipboard_actions import ClipboardActions
from kb_tui.tui.editor_actions import EditorActions
from kb_tui.tui.filter_mode import FilterEdited, FilterEnded, FilterStarted
from kb_tui.tui.filtering import Filtering
from kb_tui.tui.footer import LateFooter
from kb_tui.tui.header import HeaderBanner
from kb_tui.tui.live_reload import DiskChanged, LiveReload, WatchFailed
from kb_tui.tui.loading import Loader
from kb_tui.tui.navigation import Navigation
from kb_tui.tui.notify import say
from kb_tui.tui.orphan_actions import OrphanActions
from kb_tui.tui.panes import Panes
from kb_tui.tui.presence import VaultPresence
from kb_tui.tui.read_only import guard
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.search_actions import SearchActions, SearchIndexBuilt
from kb_tui.tui.selection import Selection
from kb_tui.tui.session import Session
from kb_tui.tui.state.panes import PaneVisibility
from kb_tui.tui.status_actions import StatusActions, StatusesChanged, StatusWritten
from kb_tui.tui.status_reload import StatusReload
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from kb_tui.core.workspace.preload import Pending
    from kb_tui.tui.screens.dashboard import DashboardScreen

NARROW_WIDTH = 120  # below it the viewer and the checklist stack (styles/app.tcss)
PANES = {"tree": "#tree-pane", "viewer": "#viewer", "checklist": "#checklist"}


class MainScreen(Screen[None]):
    """Tree, viewer and checklist over one knowledge base."""

    # Textual sets ``-narrow`` or ``-wide`` from the size each resize brings, before the
    # layout: a handler reading the size itself would see the previous one (issue 15 #6).
    # (Textual declares it a list, without ClassVar that mypy accepts: hence the noqa.)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]  # noqa: RUF012

    def __init__(
        self, session: Session, preload: Pending | None, settle: Callable[[], None]
    ) -> None:
        super().__init__()
        self.session = session
        self.preload = preload
        self.panes = panes = Panes(self)
        self.pane_state = PaneVisibility()
        self.header = header = HeaderBanner(self, session)
        self.selection = selection = Selection(self, session, panes)
        self.filtering = filtering = Filtering(self, session, panes, selection)
        self.navigation = navigation = Navigation(self, session, panes, selection, filtering)
        self.search = SearchActions(self, session, panes, navigation)
        self.status = status = StatusActions(self, session, panes, header, self.writes_drained)
        self.orphans = OrphanActions(self, session, panes, header, status.undo_stack)
        self.presence = presence = VaultPresence(self, session, header)
        self.loader = loader = Loader(
            self, session, panes, header, selection, filtering, presence, settle
        )
        self.statuses = statuses = StatusReload(
            self, session, panes, header, status, filtering, selection
        )
        self.live = LiveReload(
            self, session, panes, header, presence, statuses, filtering, loader.load_workspace
        )
        self.commands: dict[type[cmd.Command], Callable[[], object]] = {
            cmd.CycleStatus: status.cycle_status,
            **{
                command: partial(status.set_status, command.status)
                for command in cmd.ITEM_COMMANDS
                if issubclass(command, cmd.SetStatus)
            },
            cmd.EditNote: status.edit_target_note,
            cmd.MarkAllDone: status.mark_all_done,
            cmd.Undo: status.undo,
            cmd.Filter: self.start_filter,
            cmd.MyItems: self.my_items,
            cmd.Search: self.search.search,
            cmd.Export: self.export,
            cmd.Reload: loader.reload,
            cmd.Problems: navigation.problems,
            cmd.ShowDashboard: self.show_dashboard,
            cmd.Links: navigation.links,
            cmd.ToggleDiagramSource: self.toggle_mermaid,
            cmd.ToggleCallouts: self.toggle_callouts,
            cmd.Back: navigation.back,
            cmd.Forward: navigation.forward,
            **{
                command: partial(self.toggle_pane, command.pane)
                for command in cmd.APP_COMMANDS
                if issubclass(command, cmd.TogglePane)
            },
            cmd.Help: self.show_help,
            cmd.ShowHistory: self.orphans.show_history,
            cmd.ReattachOrphan: self.orphans.reattach_orphan,
            cmd.OpenInEditor: EditorActions(self, session, panes, loader.reload).open_in_editor,
            cmd.CopyLink: (clipboard := ClipboardActions(self, session, panes)).copy_link,
            cmd.CopyId: clipboard.copy_id,
        }
        self.dashboard: DashboardScreen | None = None  # while it is open
        self.kept_dashboard: DashboardScreen | None = None  # composed once, shown again
        self.dashboard_now: dt.datetime | None = None  # a fixed time (tests); None: the clock

    def dispatch(self, command: type[cmd.Command]) -> None:
        """Carry out ``command`` (a key, or the palette), unless the session refuses it."""
        if not guard(self, self.session, command):
            self.commands[command]()

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="main"):
            with Vertical(id="tree-pane"):
                yield KbTree(id="tree")
            yield Viewer(id="viewer")
            yield ChecklistPane(id="checklist")
        yield LateFooter()

    def on_mount(self) -> None:
        self.panes.viewer.link_index = self.session.links_index
        self.panes.tree.focus()
        self.live.start_watching()
        preload, self.preload = self.preload, None
        loader = self.loader
        if preload is not None and preload.finished():
            # Read while Textual was starting: the first frame shows the tree and section.
            try:
                workspace = preload.workspace()
            except PreloadError:
                loader.load_workspace()  # read here, and report the cause
            else:
                loader.loaded(workspace, None, [])
        elif preload is not None:
            loader.stream_workspace(preload)
        else:
            loader.load_workspace()

    def writes_drained(self) -> None:
        self.live.writes_drained()

    # -- messages ------------------------------------------------------------------------------
    @on(Tree.NodeHighlighted, "#tree")
    def node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        trees = self.query(KbTree)  # empty while the app shuts down
        if not trees or event.node is not trees.first().cursor_node:
            return  # stale: the cursor moved on (e.g. a jump) before this arrived
        if event.node.data is not None:
            self.selection.show_ref(event.node.data, typing=trees.first().typing.active)

    @on(Tree.NodeSelected, "#tree")
    def node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        ref = event.node.data
        if ref is not None:
            self.selection.remember(self.panes.current_key(), ref.key)
            self.selection.show_ref(ref, immediate=True)

    @on(ChecklistPane.ItemHighlighted)
    def checklist_item(self, event: ChecklistPane.ItemHighlighted) -> None:
        self.panes.item_pane_used(self.query_one(ChecklistList))

    @on(ChecklistPane.EditRequested)
    def checklist_edit(self, event: ChecklistPane.EditRequested) -> None:
        if not guard(self, self.session, cmd.EditNote):
            self.status.edit_note(event.item)

    # By name, not @on(Markdown.LinkClicked): that would import Textual's Markdown widget
    # (and markdown-it) before the first frame; the viewer imports it in a thread after.
    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.navigation.follow_href(event.href)

    @on(events.DescendantFocus)
    def descendant_focus(self, event: events.DescendantFocus) -> None:
        if isinstance(self.focused, KbTree | ChecklistList):
            self.panes.item_pane_used(self.focused)

    @on(StatusWritten)
    def status_written(self, event: StatusWritten) -> None:
        self.status.written(event.write)

    @on(StatusesChanged)
    def statuses_changed(self) -> None:
        if self.dashboard is not None:
            self.dashboard.statuses_changed()

    @on(FilterStarted)
    def filter_started(self) -> None:
        self.filtering.started()

    @on(FilterEdited)
    def filter_edited(self, event: FilterEdited) -> None:
        self.filtering.edited(event.text)

    @on(FilterEnded)
    def filter_ended(self, event: FilterEnded) -> None:
        self.filtering.ended(event.text, event.accepted)

    @on(SearchIndexBuilt)
    def search_index_built(self, event: SearchIndexBuilt) -> None:
        self.search.index_built(event)

    @on(DiskChanged)
    def disk_changed(self, event: DiskChanged) -> None:
        self.live.disk_changed(event)

    @on(WatchFailed)
    def watch_failed(self, event: WatchFailed) -> None:
        say(self, f"Live reload is off: {event.reason}", "warning")

    @on(Worker.StateChanged)
    def worker_changed(self, event: Worker.StateChanged) -> None:
        self.loader.worker_failed(event)
        self.live.worker_changed(event)

    @on(Viewer.Rendered)
    def viewer_rendered(self) -> None:
        self.live.restore_viewer_scroll()

    # -- layout and panes ----------------------------------------------------------------------
    def toggle_pane(self, pane: str) -> None:
        """Hide or show ``pane``; the others take its space (the last one stays)."""
        toggle = self.pane_state.toggle(pane)
        if toggle.refused:
            say(self, toggle.refused, "warning")
            return
        widget = self.query_one(PANES[pane])
        widget.display = toggle.shown
        self.update_classes(self.pane_state.classes())
        focused = self.focused
        hidden_focus = focused is not None and (focused is widget or widget in focused.ancestors)
        if not widget.display and hidden_focus:
            self.focus_next()

    def start_filter(self) -> None:
        """``/``: the filter is typed in the tree, so a hidden tree is shown first."""
        if not self.pane_state.shown("tree"):
            self.toggle_pane("tree")
        self.filtering.start()

    def my_items(self) -> None:
        """``M``: the filter, typed as ``owner:"NAME"`` for the current identity."""
        from kb_tui.core.team.identity import who  # may ask git: only when asked for

        kb = self.session.kb
        name = who(kb.root if kb is not None else None)
        self.start_filter()
        self.filtering.type_text(f'owner:"{name}"')

    def toggle_mermaid(self) -> None:
        viewer = self.panes.viewer
        viewer.mermaid_source = not viewer.mermaid_source
        workspace = self.session.workspace
        if viewer.ref is not None and workspace is not None:
            self.run_worker(viewer.show(viewer.ref, workspace.kb, self.session.is_resolved))
        say(self, "Mermaid: " + ("source" if viewer.mermaid_source else "diagram"))

    def toggle_callouts(self) -> None:
        opened = self.panes.viewer.toggle_callouts()
        if opened is None:
            say(self, "No foldable callouts in this section")
        else:
            say(self, "Callouts: " + ("unfolded" if opened else "folded"))

    def escape(self) -> None:
        """``escape`` outside the tree's typing: clear the filter shown."""
        line = self.panes.filter_line()
        if line is not None and line.display:
            self.filtering.clear()
            self.panes.tree.focus()

    # -- dialogs -------------------------------------------------------------------------------
    def show_help(self) -> None:
        from kb_tui.tui.screens.help import HelpScreen  # first use: start-up stays fast

        self.app.push_screen(HelpScreen())

    def show_dashboard(self) -> None:
        """``s``: the dashboard; ``enter`` on an item there comes back to it in the tree.

        The screen is composed once and kept (installed) while the app runs: composing a
        screen takes longer than computing its figures (about 0.15 s against 0.05 s on
        ops-kb), so each later opening shows it again, computing afresh."""
        if self.session.workspace is None:
            say(self, "The knowledge base is still loading.")
            return
        if self.dashboard is not None:
            return
        from kb_tui.tui.screens.dashboard import DashboardScreen  # first use: start-up stays fast

        def closed(item_id: str | None) -> None:
            self.dashboard = None
            if item_id is not None:
                self.navigation.jump_to(item_id)

        screen = self.kept_dashboard
        if screen is None:
            screen = self.kept_dashboard = DashboardScreen(self.session, self.dashboard_now)
            self.app.install_screen(screen, "dashboard")
        else:
            screen.reopen(self.dashboard_now)
        self.dashboard = screen
        self.app.push_screen(screen, closed)

    def export(self) -> None:
        workspace = self.session.workspace
        if workspace is None:
            return
        if self.session.read_only:  # the report is offered as a download instead
            from kb_tui.tui.screens.export_download import offer_download  # first use only

            offer_download(self, workspace.kb, self.filtering.state)
            return
        from kb_tui.tui.screens.export_dialog import ExportDialog  # start-up stays fast

        def done(result: object) -> None:
            from kb_tui.core.report.export import ExportResult  # start-up stays fast

            if isinstance(result, ExportResult):
                summary = Summary.of_record(result.summary)
                say(
                    self,
                    f"Report written to {result.path}: "  # absolute: the dialog resolved it
                    f"{summary.done}/{summary.applicable} done ({summary.percent_text}).",
                )

        state = self.filtering.state
        self.app.push_screen(ExportDialog(workspace.kb, state.text, filter_items=state.items), done)
