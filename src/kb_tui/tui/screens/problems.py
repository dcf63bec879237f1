"""The problems view: what ``kb-tui check`` reports, with a jump to each place, the diff of
each repair and a key to apply it (with a backup, like ``kb-tui fix --write``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.events import Resize
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, Static

from kb_tui.core.doctor.check_report import location
from kb_tui.core.doctor.totals import Diagnosis, by_severity, diagnosis
from kb_tui.core.model import KnowledgeBase, Problem
from kb_tui.core.text import clean
from kb_tui.tui.commands import Reload
from kb_tui.tui.read_only import app_refuses, refuse
from kb_tui.tui.state.problem_filter import ProblemFilter, fit_columns, shorten_middle

if TYPE_CHECKING:
    from textual.timer import Timer

    from kb_tui.tui.state.problem_filter import Columns

SEVERITY_STYLES = {"error": "bold #e5534b", "warning": "#d9a400", "info": "dim"}
DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}
# Rows listed at once: a DataTable takes about a tenth of a second per thousand rows (more
# under load), and the filter narrows the rest.
MAX_ROWS = 1000
TYPING_PAUSE = 0.15  # seconds of no typing before the filter applies what was typed
HINT = "/ filter · e w i: severity · enter: go to · a: repair · esc: close"
Location = tuple[str, int]


class ProblemsScreen(ModalScreen[Location | None]):
    """Lists what ``kb-tui check`` reports, errors first; ``enter`` returns the (path, line)
    to jump to, ``a`` repairs one; ``/`` and ``e`` ``w`` ``i`` narrow the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "close", "Close"),
        Binding("a", "apply", "Apply this repair"),
        Binding("slash", "find", "Filter"),
        Binding("e", "severity('error')", "Errors", show=False),
        Binding("w", "severity('warning')", "Warnings", show=False),
        Binding("i", "severity('info')", "Info", show=False),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, kb: KnowledgeBase | None, found: Diagnosis | None = None) -> None:
        super().__init__()
        self.kb = kb  # the knowledge base the problems are about (repairs need it)
        self.found = found  # check's findings and totals; None: worked out on mount
        self.problems: list[Problem] = []  # every finding, errors first
        self.filter = ProblemFilter()
        self.matched: list[Problem] = []  # the findings the filter lets through
        self.rows: list[Problem] = []  # those listed (up to MAX_ROWS)
        self.columns: Columns | None = None
        self.typing: Timer | None = None  # the filter applied once typing pauses

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="problems"):
            yield Static(Text("Problems", style="bold"), id="dialog-title")
            with Horizontal(id="problems-bar"):
                yield Input(placeholder="/ filter: code, severity or path", id="problems-filter")
                yield Static(Text(""), id="problems-shown")
            yield DataTable(id="problems-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(""), id="problem-diff")
            yield Static(Text(HINT, style="dim"), id="problems-hint")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        if self.found is None and self.kb is not None:
            # Opened before the header's count was done: count off the UI thread (a second
            # on a large vault), the view says so meanwhile.
            title = Text("Problems: counting…", style="bold")
            self.query_one("#dialog-title", Static).update(title)
            kb = self.kb
            self.run_worker(
                lambda: self.app.call_from_thread(self.counted, diagnosis(kb)),
                thread=True,
                exclusive=True,
                group="problems-count",
                description="count the problems",
            )
            return
        self.counted(self.found)

    def counted(self, found: Diagnosis | None) -> None:
        """Show the findings, errors first, under the totals ``check`` reports."""
        self.found = found
        if found is not None:
            self.problems = by_severity(found.problems)
            title = f"Problems: {found.totals.text(zeros=True)}"
            self.query_one("#dialog-title", Static).update(Text(title, style="bold"))
        self.matched = self.problems
        self.rows = self.matched[:MAX_ROWS]
        self.call_after_refresh(self.fill)

    def on_resize(self, event: Resize) -> None:
        self.call_after_refresh(self.fill)

    def fill(self, kept: Problem | None = None) -> None:
        """(Re)build the table: the rows the filter lets through, in columns fitted to the
        table's width (nothing to scroll sideways: the message starts on screen); the
        cursor stays on ``kept`` (else on the row it is on) if it is still listed."""
        table = self.query_one(DataTable)
        width = table.size.width - table.styles.scrollbar_size_vertical
        if width <= 0:
            return
        columns = fit_columns(width, self.problems, table.cell_padding)
        kept = kept or self.selected()
        table.clear(columns=columns != self.columns)
        if columns != self.columns:
            self.columns = columns
            table.add_column("Severity", width=columns.severity)
            table.add_column("Where", width=columns.where)
            table.add_column("Code", width=columns.code)
            table.add_column("Message", width=columns.message)
        for index, problem in enumerate(self.rows):
            table.add_row(
                Text(problem.severity, style=SEVERITY_STYLES.get(problem.severity, "")),
                Text(shorten_middle(clean(location(problem)), columns.where)),
                Text(problem.code),
                Text(clean(problem.message), no_wrap=True, overflow="ellipsis"),
                key=str(index),
            )
        if not self.rows:
            empty = "No problems found." if not self.problems else "None matches the filter."
            table.add_row(Text("—"), Text(empty), Text(""), Text(""))
        elif kept is not None and kept in self.rows:
            table.move_cursor(row=self.rows.index(kept))
        shown = self.filter.shown_text(len(self.matched), len(self.problems), MAX_ROWS)
        self.query_one("#problems-shown", Static).update(Text(shown, style="dim"))
        self.show_diff()

    def refilter(self) -> None:
        self.typing = None
        kept = self.selected()
        self.matched = self.filter.apply(self.problems)
        self.rows = self.matched[:MAX_ROWS]
        self.fill(kept)

    @on(Input.Changed, "#problems-filter")
    def typed(self, event: Input.Changed) -> None:
        """Narrow the list once typing pauses (a rebuild per keystroke would queue up)."""
        self.filter.text = event.value
        if self.typing is not None:
            self.typing.stop()
        self.typing = self.set_timer(TYPING_PAUSE, self.refilter)

    @on(Input.Submitted, "#problems-filter")
    def submitted(self) -> None:
        self.query_one(DataTable).focus()

    def action_find(self) -> None:
        self.query_one("#problems-filter", Input).focus()

    def action_severity(self, severity: str) -> None:
        self.filter.toggle(severity)
        self.refilter()

    def selected(self) -> Problem | None:
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_diff()

    def show_diff(self) -> None:
        self.query_one("#problem-diff", Static).update(self.diff_text(self.selected()))

    def diff_text(self, problem: Problem | None) -> Text:
        """The selected finding's explanation and the diff of its repair (never markup)."""
        if problem is None:
            return Text("")
        text = Text(clean(problem.message) + "\n", style="italic")
        try:
            plan = self.plan_for(problem)
        except ValueError as exc:
            return text.append(f"No repair: {clean(str(exc))}", style="dim")
        if plan is None:
            return text.append("No automatic repair for this problem.", style="dim")
        # imported on first use: start-up stays fast
        from kb_tui.core.doctor.diff import diff_lines

        for line in diff_lines(plan, context=1):
            if line.startswith(("+++", "---")):  # the file: the row above names it
                continue
            text.append(line + "\n", style=DIFF_STYLES.get(line[:1], ""))
        return text.append("a: apply this repair (the original is backed up)", style="dim")

    def plan_for(self, problem: Problem):  # type: ignore[no-untyped-def]
        # imported on first use: start-up stays fast
        from kb_tui.core.doctor.repair import plan_one

        kb = self.kb
        if kb is None or not problem.fix or not problem.line:
            return None
        return plan_one(Path(kb.root), problem.path, problem.code, problem.line)

    async def action_apply(self) -> None:
        # imported on first use: start-up stays fast
        from kb_tui.core.doctor.backup import DoctorError, apply_plan
        from kb_tui.core.doctor.repair import Plan
        from kb_tui.resources import is_bundled

        if app_refuses(self.app):  # --read-only: no note is repaired
            refuse(self)
            return
        problem, kb = self.selected(), self.kb
        try:
            plan = self.plan_for(problem) if problem is not None else None
        except ValueError as exc:
            self.notify(
                markup=False, message=f"Not repaired: {clean(str(exc))}", severity="warning"
            )
            return
        if plan is None or kb is None:
            self.notify(
                markup=False, message="No automatic repair for this problem.", severity="warning"
            )
            return
        if is_bundled(Path(kb.root)):
            self.notify(
                markup=False,
                message="The bundled sample is read-only: repair a copy.",
                severity="warning",
            )
            return
        if not Path(kb.root).is_dir():  # a backup would recreate .kb-tui/ in a deleted vault
            message = clean(f"{kb.root} is gone: nothing is written.")
            self.notify(markup=False, message=message, severity="error")
            return
        try:
            applied = apply_plan(Plan(Path(kb.root), [plan]))
        except DoctorError as exc:
            self.notify(markup=False, message=clean(str(exc)), severity="error")
            return
        if applied.refused:
            rel, reason = applied.refused[0]
            self.notify(
                markup=False, message=clean(f"Not repaired: {rel} {reason}"), severity="error"
            )
            return
        self.notify(
            markup=False,
            message=clean(
                f"Repaired {plan.rel_path}:{plan.changes[0].line} (undo: kb-tui fix --undo)"
            ),
        )
        self.dismiss(None)
        await self.app.run_action(Reload.action)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not self.rows or event.row_key.value is None:
            return
        problem = self.rows[int(event.row_key.value)]
        self.dismiss((problem.path, problem.line))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_close(self) -> None:
        if self.focused is self.query_one("#problems-filter"):  # leave the filter, keep it
            self.query_one(DataTable).focus()
            return
        self.dismiss(None)
