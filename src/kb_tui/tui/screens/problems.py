"""The problems view: what ``kb-tui check`` reports, with a jump to each place, the diff of
each repair and a key to apply it (with a backup, like ``kb-tui fix --write``)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kb_tui.core.model import KnowledgeBase, Problem
from kb_tui.core.text import clean
from kb_tui.tui.commands import Reload

SEVERITY_STYLES = {"error": "bold #e5534b", "warning": "#d9a400", "info": "dim"}
DIFF_STYLES = {"+": "green", "-": "red", "@": "cyan"}
MAX_ROWS = 5000
Location = tuple[str, int]


def doctor_findings(kb: KnowledgeBase, known: list[Problem]) -> list[Problem]:
    """The doctor's findings for ``kb`` that ``known`` (the core's problems) lacks."""
    # imported on first use: start-up stays fast
    from kb_tui.core.doctor.detect import diagnose

    seen = {(p.path, p.line, p.code) for p in known}
    return [p for p in diagnose(kb) if (p.path, p.line, p.code) not in seen]


class ProblemsScreen(ModalScreen[Location | None]):
    """Lists problems; ``enter`` returns the (path, line) to jump to, ``a`` repairs one."""

    DEFAULT_CSS = """
    #problem-diff { height: auto; max-height: 14; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "close", "Close"),
        Binding("a", "apply", "Apply this repair"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(
        self,
        problems: list[Problem],
        findings: list[Problem] | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        super().__init__()
        self.kb = kb  # the knowledge base the problems are about (repairs need it)
        self.problems = problems
        self.findings = findings  # the doctor's extra findings; None: work them out on mount
        self.rows: list[Problem] = list(problems)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="problems"):
            yield Static(Text("Problems", style="bold"), id="dialog-title")
            yield DataTable(id="problems-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text(""), id="problem-diff")
            yield Static(
                Text("enter: go to the place · a: apply this repair · escape: close", style="dim")
            )

    def on_mount(self) -> None:
        kb = self.kb
        if self.findings is None:
            self.findings = doctor_findings(kb, self.problems) if kb is not None else []
        self.rows = self.problems + self.findings
        errors = sum(1 for p in self.rows if p.severity == "error")
        warnings = sum(1 for p in self.rows if p.severity == "warning")
        title = Text(f"Problems: {errors} error(s), {warnings} warning(s)", style="bold")
        self.query_one("#dialog-title", Static).update(title)
        table = self.query_one(DataTable)
        table.add_columns("Severity", "Where", "Code", "Message")
        for index, problem in enumerate(self.rows[:MAX_ROWS]):
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            table.add_row(
                Text(problem.severity, style=SEVERITY_STYLES.get(problem.severity, "")),
                Text(clean(where)),
                Text(problem.code),
                Text(clean(problem.message)),
                key=str(index),
            )
        if not self.rows:
            table.add_row(Text("—"), Text("No problems found."), Text(""), Text(""))
        table.focus()

    def selected(self) -> Problem | None:
        table = self.query_one(DataTable)
        if not self.rows or not 0 <= table.cursor_row < min(len(self.rows), MAX_ROWS):
            return None
        return self.rows[table.cursor_row]

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
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
            style = "bold" if line.startswith(("+++", "---")) else DIFF_STYLES.get(line[:1], "")
            text.append(line + "\n", style=style)
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
        self.dismiss(None)
