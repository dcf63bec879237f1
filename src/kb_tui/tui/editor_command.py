"""The command line that opens a file at a line in the user's editor (``ctrl+e``).

Plain Python, no Textual: the editor is ``$VISUAL``, else ``$EDITOR``, else ``vi``, split
as a shell would split it (``EDITOR="code --wait"`` is a program and an argument; nothing is
run through a shell). How a line is given depends on the editor: :data:`KNOWN_EDITORS`
says, by the program's name; an editor not in it gets the file alone (a ``+LINE`` it does
not know would be taken for a file name).
"""

from __future__ import annotations

import os
import shlex
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

FALLBACK = "vi"
LineStyle = Literal["plus", "goto", "colon"]

# Program name (without a directory or ``.exe``) -> how it takes a line:
# "plus": ``+LINE path``; "goto": ``--goto path:LINE`` (VS Code and its forks; ``--wait``
# added when missing, so kb-tui comes back once the file is closed); "colon": ``path:LINE``.
KNOWN_EDITORS: dict[str, LineStyle] = {
    **dict.fromkeys(
        (
            "vi",
            "vim",
            "nvim",
            "view",
            "gvim",
            "mvim",
            "nano",
            "pico",
            "emacs",
            "emacsclient",
            "micro",
            "kak",
            "joe",
            "jed",
            "ne",
            "mg",
            "mcedit",
        ),
        "plus",
    ),
    **dict.fromkeys(("code", "code-insiders", "codium", "cursor", "windsurf"), "goto"),
    **dict.fromkeys(("subl", "sublime_text", "hx", "helix", "zed"), "colon"),
}
WAIT_FLAGS = ("--wait", "-w")


class EditorError(Exception):
    """The editor setting cannot be used (a quote left open, only spaces)."""


@dataclass(frozen=True)
class EditorCommand:
    """What to run: ``argv``, and where the program came from (for messages)."""

    argv: list[str]
    source: str  # "$VISUAL", "$EDITOR" or "the default"

    @property
    def program(self) -> str:
        return self.argv[0]


def editor_setting(env: Mapping[str, str]) -> tuple[str, str]:
    """(the editor command as set, where it came from): ``$VISUAL``, ``$EDITOR``, ``vi``."""
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "")
        if value.strip():
            return value, f"${name}"
    return FALLBACK, "the default"


def program_name(program: str) -> str:
    """``/usr/bin/nvim`` -> ``nvim``; ``C:\\…\\Code.exe`` -> ``code``."""
    name = program.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return name[:-4] if name.endswith(".exe") else name


def line_arguments(program: str, options: list[str], path: Path, line: int) -> list[str]:
    """The arguments after the program's own (``options``) that open ``path`` at ``line``."""
    style = KNOWN_EDITORS.get(program_name(program))
    line = max(1, line)
    if style == "plus":
        return [*options, f"+{line}", str(path)]
    if style == "goto":
        wait = [] if any(flag in options for flag in WAIT_FLAGS) else ["--wait"]
        return [*options, *wait, "--goto", f"{path}:{line}"]
    if style == "colon":
        return [*options, f"{path}:{line}"]
    return [*options, str(path)]


def split_command(setting: str, windows: bool = False) -> list[str]:
    """``setting`` split into words as a shell would (on Windows: backslashes kept, the
    quotes around ``"C:\\Program Files\\…"`` removed)."""
    if not windows:
        return shlex.split(setting)
    words = shlex.split(setting, posix=False)
    return [w[1:-1] if len(w) > 1 and w[0] == w[-1] and w[0] in "\"'" else w for w in words]


def editor_command(env: Mapping[str, str], path: Path, line: int) -> EditorCommand:
    """The command that opens ``path`` at ``line`` in the editor ``env`` names."""
    setting, source = editor_setting(env)
    try:
        words = split_command(setting, windows=os.name == "nt")
    except ValueError as exc:
        raise EditorError(f"{source} cannot be read as a command ({exc}): {setting!r}") from None
    if not words:
        raise EditorError(f"{source} names no program: {setting!r}")
    program, options = words[0], words[1:]
    return EditorCommand([program, *line_arguments(program, options, path, line)], source)
