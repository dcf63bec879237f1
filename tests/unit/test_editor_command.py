"""The command line ``ctrl+e`` runs: which editor, how it is split, how the line is given."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tui.tui.editor_command import (
    KNOWN_EDITORS,
    EditorError,
    editor_command,
    program_name,
    split_command,
)

NOTE = Path("/vault/notes/Run book.md")


def argv(env: dict[str, str], line: int = 12) -> list[str]:
    return editor_command(env, NOTE, line).argv


@pytest.mark.parametrize(
    "editor", ["vi", "vim", "nvim", "nano", "emacs", "emacsclient -t", "micro", "kak"]
)
def test_editors_that_take_plus_line(editor: str) -> None:
    words = editor.split()
    assert argv({"EDITOR": editor}) == [*words, "+12", str(NOTE)]


def test_vs_code_gets_goto_and_waits() -> None:
    assert argv({"EDITOR": "code --wait"}) == ["code", "--wait", "--goto", f"{NOTE}:12"]
    assert argv({"EDITOR": "code"}) == ["code", "--wait", "--goto", f"{NOTE}:12"]
    assert argv({"EDITOR": "codium -w"}) == ["codium", "-w", "--goto", f"{NOTE}:12"]


def test_sublime_and_helix_take_path_colon_line() -> None:
    assert argv({"EDITOR": "subl -w"}) == ["subl", "-w", f"{NOTE}:12"]
    assert argv({"EDITOR": "hx"}) == ["hx", f"{NOTE}:12"]


def test_an_unknown_editor_gets_the_file_alone() -> None:
    assert argv({"EDITOR": "my-editor --flag"}) == ["my-editor", "--flag", str(NOTE)]


def test_visual_before_editor_before_vi() -> None:
    assert editor_command({"VISUAL": "nvim", "EDITOR": "nano"}, NOTE, 3).argv[0] == "nvim"
    assert editor_command({"VISUAL": "  ", "EDITOR": "nano"}, NOTE, 3).source == "$EDITOR"
    fallback = editor_command({}, NOTE, 3)
    assert fallback.argv == ["vi", "+3", str(NOTE)] and fallback.source == "the default"


def test_the_setting_is_split_as_a_shell_splits_it_never_run_by_one() -> None:
    setting = "'/opt/My Editor/bin/nvim' -u NONE; rm -rf /"
    assert argv({"EDITOR": setting}) == [
        "/opt/My Editor/bin/nvim",
        "-u",
        "NONE;",
        "rm",
        "-rf",
        "/",
        "+12",
        str(NOTE),
    ]


def test_a_setting_that_cannot_be_split_is_an_error() -> None:
    with pytest.raises(EditorError, match="EDITOR"):
        argv({"EDITOR": "vim 'unclosed"})


def test_line_is_at_least_one() -> None:
    assert argv({"EDITOR": "vim"}, line=0) == ["vim", "+1", str(NOTE)]


def test_program_names_and_windows_paths() -> None:
    assert program_name("/usr/local/bin/NVIM") == "nvim"
    assert program_name("C:\\Program Files\\Microsoft VS Code\\Code.exe") == "code"
    assert split_command('"C:\\Program Files\\Vim\\vim.exe" -n', windows=True) == [
        "C:\\Program Files\\Vim\\vim.exe",
        "-n",
    ]
    assert KNOWN_EDITORS["code"] == "goto"


def test_what_an_exit_status_says() -> None:
    from kb_tui.tui.editor_actions import failed, not_found
    from kb_tui.tui.editor_command import EditorCommand

    vim = EditorCommand(["vim\x1b[2J", "+1", "x.md"], "$EDITOR")
    assert failed(vim, 1) == "The editor vim[2J exited with status 1: the note may not be saved."
    assert "stopped by SIGKILL" in failed(vim, -9)
    assert "\x1b" not in not_found(vim) and "(from $EDITOR)" in not_found(vim)
