"""Every user command, one class each: the docstring is its palette help, ``key`` its binding.

Item commands (status keys, notes, bulk mark) are bound on the panes that show items — the
tree and the checklist — so the footer shows them only there; app commands are global.
The command palette lists all of them (see :mod:`kb_tui.tui.providers`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding


class Command:
    """Base class of all commands."""

    key: ClassVar[str] = ""
    action: ClassVar[str] = ""
    title: ClassVar[str] = ""
    show: ClassVar[bool] = True
    priority: ClassVar[bool] = False

    @classmethod
    def help(cls) -> str:
        return " ".join((cls.__doc__ or "").split())

    @classmethod
    def binding(cls, prefix: str = "") -> Binding:
        return Binding(
            cls.key,
            prefix + cls.action,
            cls.title,
            show=cls.show,
            tooltip=cls.help(),
            priority=cls.priority,
        )

    @classmethod
    def display_key(cls) -> str:
        return cls.key.split(",")[0].replace("question_mark", "?").replace("slash", "/")


# -- item commands (tree and checklist) ------------------------------------------------------
class CycleStatus(Command):
    """Cycle the item under the cursor: todo → in progress → done → todo."""

    key, action, title = "space", "cycle_status", "Cycle"


class MarkTodo(Command):
    """Mark the item under the cursor todo."""

    key, action, title, show = "t", "set_status('todo')", "Todo", False


class MarkInProgress(Command):
    """Mark the item under the cursor in progress."""

    key, action, title, show = "i", "set_status('in_progress')", "In progress", False


class MarkDone(Command):
    """Mark the item under the cursor done."""

    key, action, title = "d", "set_status('done')", "Done"


class MarkBlocked(Command):
    """Mark the item under the cursor blocked."""

    key, action, title, show = "b", "set_status('blocked')", "Blocked", False


class MarkNotApplicable(Command):
    """Mark the item under the cursor not applicable (n/a)."""

    key, action, title, show = "n", "set_status('na')", "N/A", False


class EditNote(Command):
    """Edit the note and owner of the item under the cursor."""

    key, action, title, show = "e", "edit_note", "Note", False


class MarkAllDone(Command):
    """Mark every item of the selected section or group done (asks first)."""

    key, action, title, show = "D", "mark_all_done", "All done", False


ITEM_COMMANDS: tuple[type[Command], ...] = (
    CycleStatus,
    MarkTodo,
    MarkInProgress,
    MarkDone,
    MarkBlocked,
    MarkNotApplicable,
    EditNote,
    MarkAllDone,
)


# -- app commands -----------------------------------------------------------------------------
class Undo(Command):
    """Undo the last status, note or owner change (several levels)."""

    key, action, title, show = "u", "undo", "Undo", False


class Filter(Command):
    """Filter the tree as you type (fuzzy over sections, groups and items)."""

    key, action, title = "slash", "filter", "Filter"


class Search(Command):
    """Search the headings, text, lists and code of every note as you type; enter goes to the
    match."""

    key, action, title, show = "ctrl+f", "search", "Search", False


class Export(Command):
    """Export a checklist report (choose format and path)."""

    key, action, title, show = "x", "export", "Export", False


class Reload(Command):
    """Reload the knowledge base and statuses from disk."""

    key, action, title, show = "r", "reload", "Reload", False


class Problems(Command):
    """Show the problems kb-tui check reports for this knowledge base."""

    key, action, title, show = "p", "problems", "Problems", False


class Links(Command):
    """List the links of the shown section: follow one, or open a web link in a browser."""

    key, action, title, show = "o", "links", "Links", False


class ToggleDiagramSource(Command):
    """Show mermaid diagrams as drawings or as their source."""

    key, action, title, show = "m", "toggle_mermaid", "Diagram/source", False


class Back(Command):
    """Go back to the previously visited section."""

    key, action, title, show = "backspace,alt+left", "history_back", "Back", False


class Forward(Command):
    """Go forward again in the visited sections."""

    key, action, title, show = "alt+right", "history_forward", "Forward", False


class ToggleTree(Command):
    """Show or hide the tree pane."""

    key, action, title, show = "f2", "toggle_pane('tree')", "Tree pane", False


class ToggleViewer(Command):
    """Show or hide the viewer pane."""

    key, action, title, show = "f3", "toggle_pane('viewer')", "Viewer pane", False


class ToggleChecklist(Command):
    """Show or hide the checklist pane."""

    key, action, title, show = "f4", "toggle_pane('checklist')", "Checklist pane", False


class Help(Command):
    """Show every key binding."""

    key, action, title = "question_mark", "help", "Help"


class ShowHistory(Command):
    """History of the item under the cursor: every status change, who made it and when."""

    key, action, title, show = "H", "show_history", "History", False


class ReattachOrphan(Command):
    """Re-attach orphan…: give an orphaned status (its item was renamed, moved or removed) to
    another item, the likeliest first."""

    key, action, title, show = "A", "reattach_orphan", "Re-attach orphan…", False


class Quit(Command):
    """Quit kb-tui (every change is already saved)."""

    key, action, title = "q", "quit", "Quit"


APP_COMMANDS: tuple[type[Command], ...] = (
    Filter,
    Search,
    Undo,
    Export,
    Reload,
    Problems,
    Links,
    ToggleDiagramSource,
    Back,
    Forward,
    ToggleTree,
    ToggleViewer,
    ToggleChecklist,
    Help,
    ShowHistory,
    ReattachOrphan,
    Quit,
)

NAVIGATION_KEYS: tuple[tuple[str, str], ...] = (
    ("tab / shift+tab", "Move between panes"),
    ("↑ ↓ / j k", "Move in the tree and the checklist"),
    ("g / G", "First / last line"),
    ("enter / l", "Tree: expand or select; checklist: edit note"),
    ("h", "Tree: collapse, or go to the parent"),
    ("ctrl+p", "Command palette: jump to any section or item, run any command, switch theme"),
    ("escape", "Clear the filter / close a dialog"),
)
