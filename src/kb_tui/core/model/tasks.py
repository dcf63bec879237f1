"""Task checkbox characters: the one table of what ``[x]``, ``[/]``, ``[-]``… mean.

Obsidian's Tasks plugin (and the themes built on it) give each character between the
brackets a meaning. kb-tui reads a task's starting status from it (:data:`CHECKBOX_STATUS`
in the status store), and the viewer draws it as a glyph: both come from this table.
Characters the table does not know are a plain "todo" drawn as written.
"""

from __future__ import annotations

from typing import NamedTuple


class TaskChar(NamedTuple):
    glyph: str  # one cell wide in a terminal
    meaning: str
    status: str  # the kb-tui status a task with this character starts with


TASK_CHARS: dict[str, TaskChar] = {
    " ": TaskChar("☐", "to do", "todo"),
    "x": TaskChar("☑", "done", "done"),
    "X": TaskChar("☑", "done", "done"),
    "/": TaskChar("◐", "in progress", "in_progress"),
    "-": TaskChar("⊘", "cancelled", "na"),
    "h": TaskChar("‖", "blocked", "blocked"),
    ">": TaskChar("↪", "forwarded", "todo"),
    "<": TaskChar("↩", "scheduled", "todo"),
    "!": TaskChar("!", "important", "todo"),
    "?": TaskChar("?", "question", "todo"),
    "*": TaskChar("★", "star", "todo"),
    '"': TaskChar("❝", "quote", "todo"),
    "i": TaskChar("ℹ", "information", "todo"),
    "I": TaskChar("✦", "idea", "todo"),
    "b": TaskChar("⚑", "bookmark", "todo"),
    "p": TaskChar("⊕", "pro", "todo"),
    "c": TaskChar("⊖", "con", "todo"),
}


def task_glyph(char: str) -> str:
    """The glyph the viewer draws for a checkbox holding ``char`` (``[c]`` when unknown)."""
    known = TASK_CHARS.get(char)
    return known.glyph if known is not None else f"[{char}]"


# The statuses of the characters that name one; any other character starts a task "todo".
CHECKBOX_STATUS: dict[str, str] = {
    char: task.status for char, task in TASK_CHARS.items() if task.status != "todo" or char == " "
}
