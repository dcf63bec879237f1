"""Issue 13: links under ``.kb-tui`` (tests/hostile/corpus.py ``STORE_LINKS``) against every
command (``fix --write`` on a full disk: tests/system/test_store_faults.py).

Whatever the link, nothing outside the vault changes, the command says which path is a link
in one line, and nothing is printed raw. Each of these wrote through the link before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import assert_clean_output, env_for
from hostile.corpus import STORE_LINKS, build_store_link

COMMANDS = {
    "mark": ("mark", "{vault}", "Rotate keys", "done"),
    "fix-write": ("fix", "{vault}", "--write"),
    "export-into-store-folder": ("export", "{vault}", "-o", "{vault}/.kb-tui/report.md"),
    "history": ("history", "{vault}"),
    "tree": ("tree", "{vault}"),
    "check": ("check", "{vault}"),
}
# (case, command) pairs that must fail: the write (or read) goes through the link.
MUST_FAIL = {
    *((case, "mark") for case in STORE_LINKS if case != "backup-folder"),
    ("backup-folder", "fix-write"),
    ("kb-tui-folder", "fix-write"),
    ("kb-tui-folder", "export-into-store-folder"),
    ("store", "tree"),
    ("kb-tui-folder", "tree"),
}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", STORE_LINKS)
def test_no_command_writes_through_a_store_link(tmp_path: Path, case: str, command: str) -> None:
    vault, victim = tmp_path / "vault", tmp_path / "victim"
    build_store_link(case, vault, victim)
    before = _snapshot(victim)
    args = [arg.format(vault=vault) for arg in COMMANDS[command]]
    result = subprocess.run(
        [sys.executable, "-m", "kb_tui", *args],
        capture_output=True,
        env=env_for(tmp_path),
        timeout=60,
        check=False,
    )
    assert _snapshot(victim) == before, "a file outside the vault changed"
    assert_clean_output(result.stdout)
    assert_clean_output(result.stderr)
    err = result.stderr.decode()
    if (case, command) in MUST_FAIL:
        assert result.returncode == 1, err
        assert "symbolic link" in err, err
    else:
        assert result.returncode in (0, 1), err
