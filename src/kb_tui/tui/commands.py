"""Every user command, one class each: the docstring is its palette help, ``key`` its binding.

A key or the palette runs ``command('<class name>')`` on the app, which hands the command
to the main screen's dispatch table (see :mod:`kb_tui.tui.main_screen`): one place maps
each command to what it does. Item commands (status keys, notes, bulk mark) are bound on
the panes that show items — the tree and the checklist — so the footer shows them only
there; app commands are global.
The command palette lists all of them (see :mod:`kb_tui.tui.providers`).
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding


class Command:
    """Base class of all commands."""

    key: ClassVar[str] = ""
    action: ClassVar[str] = ""  # ``command('<class name>')``, set for each subclass
    title: ClassVar[str] = ""
    show: ClassVar[bool] = True
    priority: ClassVar[bool] = False

    def __init_subclass__(cls) -> None:
        super().__init_subclass__()
        cls.action = f"command({cls.__name__!r})"

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
class SetStatus(Command):
    """Set the status of the item under the cursor (one subclass per status)."""

    status: ClassVar[str] = ""


class CycleStatus(Command):
    """Cycle the item under the cursor: todo → in progress → done → todo."""

    key, title = "space", "Cycle"


class MarkTodo(SetStatus):
    """Mark the item under the cursor todo."""

    key, title, show = "t", "Todo", False
    status = "todo"


class MarkInProgress(SetStatus):
    """Mark the item under the cursor in progress."""

    key, title, show = "i", "In progress", False
    status = "in_progress"


class MarkDone(SetStatus):
    """Mark the item under the cursor done."""

    key, title = "d", "Done"
    status = "done"


class MarkBlocked(SetStatus):
    """Mark the item under the cursor blocked."""

    key, title, show = "b", "Blocked", False
    status = "blocked"


class MarkNotApplicable(SetStatus):
    """Mark the item under the cursor not applicable (n/a)."""

    key, title, show = "n", "N/A", False
    status = "na"


class EditNote(Command):
    """Edit the owner, due date and note of the selected item."""

    key, title, show = "e", "Note", False


class MarkAllDone(Command):
    """Mark the remaining items of the selected section or group done; n/a stay (asks first)."""

    key, title, show = "D", "All done", False


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

    key, title, show = "u", "Undo", False


class Filter(Command):
    """Filter the tree as you type (titles holding every word typed)."""

    key, title = "slash", "Filter"


class MyItems(Command):
    """Show only my items: the tree filtered to the items owned by you (owner:NAME, where
    NAME is your git identity, else your login name); edit or add words as in any filter."""

    key, title, show = "M", "My items", False


class Search(Command):
    """Search the headings, text, lists and code of every note as you type; enter goes to the
    match."""

    key, title, show = "ctrl+f", "Search", False


class Export(Command):
    """Export a checklist report (choose format and path)."""

    key, title, show = "x", "Export", False


class Reload(Command):
    """Reload the knowledge base and statuses from disk."""

    key, title, show = "r", "Reload", False


class Problems(Command):
    """Show the problems kb-tui check reports for this knowledge base."""

    key, title, show = "p", "Problems", False


class ShowDashboard(Command):
    """Dashboard: progress per layer and per owner, what needs attention (enter goes to the
    item) and the trend, with the pace of the last weeks."""

    key, title, show = "s", "Dashboard", False


class Links(Command):
    """List the links of the shown section: follow one, or open a web link in a browser."""

    key, title, show = "o", "Links", False


class ToggleDiagramSource(Command):
    """Show mermaid diagrams as drawings or as their source."""

    key, title, show = "m", "Diagram/source", False


class ToggleCallouts(Command):
    """Unfold the shown section's folded callouts, or fold them again (a click on a
    callout's title folds or unfolds that one)."""

    key, title, show = "z", "Fold/unfold callouts", False


class Back(Command):
    """Go back to the previously visited section."""

    key, title, show = "backspace,alt+left", "Back", False


class Forward(Command):
    """Go forward again in the visited sections."""

    key, title, show = "alt+right", "Forward", False


class TogglePane(Command):
    """Show or hide a pane (one subclass per pane)."""

    pane: ClassVar[str] = ""


class ToggleTree(TogglePane):
    """Show or hide the tree pane."""

    key, title, show = "f2", "Tree pane", False
    pane = "tree"


class ToggleViewer(TogglePane):
    """Show or hide the viewer pane."""

    key, title, show = "f3", "Viewer pane", False
    pane = "viewer"


class ToggleChecklist(TogglePane):
    """Show or hide the checklist pane."""

    key, title, show = "f4", "Checklist pane", False
    pane = "checklist"


class Help(Command):
    """Show every key binding."""

    key, title = "question_mark", "Help"


class ShowHistory(Command):
    """History of the item under the cursor: every status change, who made it and when."""

    key, title, show = "H", "History", False


class ReattachOrphan(Command):
    """Re-attach orphan…: give an orphaned status (its item was renamed, moved or removed) to
    another item, the likeliest first."""

    key, title, show = "A", "Re-attach orphan…", False


class OpenInEditor(Command):
    """Open the note under the cursor in your editor ($VISUAL, else $EDITOR, else vi) at its
    line; the edit shows up when the editor exits."""

    key, title, show = "ctrl+e", "Open in editor", False


class CopyLink(Command):
    """Copy the wikilink [[note#Heading]] of the section (or of an item's section, or the
    note) under the cursor to the clipboard."""

    key, title, show = "y", "Copy link", False


class CopyId(Command):
    """Copy the ID of the item, section or note under the cursor to the clipboard."""

    key, title, show = "Y", "Copy ID", False


class Quit(Command):
    """Quit kb-tui (every change is already saved)."""

    key, title = "q", "Quit"


APP_COMMANDS: tuple[type[Command], ...] = (
    Filter,
    MyItems,
    Search,
    Undo,
    Export,
    Reload,
    Problems,
    ShowDashboard,
    Links,
    ToggleDiagramSource,
    ToggleCallouts,
    Back,
    Forward,
    ToggleTree,
    ToggleViewer,
    ToggleChecklist,
    Help,
    ShowHistory,
    ReattachOrphan,
    OpenInEditor,
    CopyLink,
    CopyId,
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


COMMANDS: dict[str, type[Command]] = {
    command.__name__: command for command in (*ITEM_COMMANDS, *APP_COMMANDS)
}
