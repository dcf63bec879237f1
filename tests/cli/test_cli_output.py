"""Issue 13: every line the command line prints goes through one function (kb_tui.cli.output).

File names with escapes and newlines (tests/hostile/corpus.py) reach every command's output,
success and error paths alike; none of their control characters may get through, and a name
holding a newline is still one line.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import assert_clean_output, env_for
from helpers.paths import SRC
from hostile.corpus import build
from kb_tui.cli.output import NEWLINE_MARK, one_line, safe


@pytest.fixture(scope="module")
def names_vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("names") / "vault"
    build(root, big=False, fs=False)
    return root


CASES = {
    "tree": ("tree",),
    "check": ("check",),
    "check-json": ("check", "--format", "json"),
    "export-md": ("export",),
    "export-csv": ("export", "--format", "csv"),
    "mark-done": ("mark", "Rotate keys", "done", "--note", "n\x1b]0;PWNED\x07"),
    "mark-ambiguous": ("mark", "shared item", "done"),
    "mark-no-match": ("mark", "item", "done"),
    "history": ("history",),
    "fix": ("fix",),
    "usage-error": ("export", "--format", "\x1b]0;PWNED\x07"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_every_command_prints_clean_lines(names_vault: Path, tmp_path: Path, case: str) -> None:
    vault = tmp_path / "vault"
    shutil.copytree(names_vault, vault)
    command, *rest = CASES[case]
    result = subprocess.run(
        [sys.executable, "-m", "kb_tui", command, str(vault), *rest],
        capture_output=True,
        env=env_for(tmp_path),
        timeout=120,
        check=False,
    )
    assert_clean_output(result.stdout)
    assert_clean_output(result.stderr)
    out, err = result.stdout.decode(), result.stderr.decode()
    assert "Traceback" not in err
    if case == "tree":
        assert result.returncode == 0, err
        lines = out.splitlines()
        assert any(f"new{NEWLINE_MARK}line" in text for text in lines)
        assert not any(text.startswith("line PWNED-NL") for text in lines)
    if case == "mark-done":
        assert result.returncode == 0, err
        assert out.count("\n") == 1 and out.startswith("evil]0;PWNED-TITLE")
    if case in ("mark-ambiguous", "mark-no-match"):
        assert result.returncode == 1
        assert "new␤line PWNED-NL.md#" in err
        assert all(text.startswith(("kb-tui:", "  ")) for text in err.splitlines())
    if case == "usage-error":
        assert result.returncode == 2 and len(err.splitlines()) == 1


def test_safe_strips_all_but_kb_tuis_own_colours() -> None:
    assert safe("a\x1b]0;x\x07b\x9bc\u202ed\te\nf") == "a]0;xbcd\te\nf"
    assert safe("\x1b[31m-old\x1b[0m") == "\x1b[31m-old\x1b[0m"
    assert safe("\x1b[8mhidden\x1b[2J") == "[8mhidden[2J"
    assert safe("bad\udcff") == "bad\ufffd"
    assert one_line("a\nb") == f"a{NEWLINE_MARK}b"


def test_no_command_module_prints_around_the_output_function() -> None:
    """``print`` and direct writes to sys.stdout/stderr stay in kb_tui.cli.output alone."""
    modules = [m for m in (SRC / "cli").glob("*.py") if m.name != "output.py"]
    assert len(modules) >= 8  # one module per command, and what they share
    offenders = []
    for module in modules:
        for node in ast.walk(ast.parse(module.read_text())):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Name) and func.id == "print":
                offenders.append(f"{module.name}:{node.lineno} print()")
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "write"
                and isinstance(func.value, ast.Attribute)
                and func.value.attr in ("stdout", "stderr")
            ):
                offenders.append(f"{module.name}:{node.lineno} sys.{func.value.attr}.write")
    assert offenders == []
