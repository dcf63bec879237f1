"""The problems view: what ``kb-tui check`` reports, with a jump to each place."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from kb_tui.core.model import Problem
from kb_tui.core.text import clean

SEVERITY_STYLES = {"error": "bold #e5534b", "warning": "#d9a400", "info": "dim"}
Location = tuple[str, int]


class ProblemsScreen(ModalScreen[Location | None]):
    """Lists problems; ``enter`` returns the (path, line) to jump to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,p", "close", "Close"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__()
        self.problems = problems

    def compose(self) -> ComposeResult:
        errors = sum(1 for p in self.problems if p.severity == "error")
        warnings = sum(1 for p in self.problems if p.severity == "warning")
        with Vertical(id="dialog", classes="problems"):
            title = Text(f"Problems: {errors} error(s), {warnings} warning(s)", style="bold")
            yield Static(title, id="dialog-title")
            yield DataTable(id="problems-table", cursor_type="row", zebra_stripes=True)
            yield Static(Text("enter: go to the place · escape: close", style="dim"))

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Severity", "Where", "Code", "Message")
        for index, problem in enumerate(self.problems[:5000]):
            where = f"{problem.path}:{problem.line}" if problem.line else problem.path
            table.add_row(
                Text(problem.severity, style=SEVERITY_STYLES.get(problem.severity, "")),
                Text(clean(where)),
                Text(problem.code),
                Text(clean(problem.message)),
                key=str(index),
            )
        if not self.problems:
            table.add_row(Text("—"), Text("No problems found."), Text(""), Text(""))
        table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if not self.problems or event.row_key.value is None:
            return
        problem = self.problems[int(event.row_key.value)]
        self.dismiss((problem.path, problem.line))

    def action_cursor_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
