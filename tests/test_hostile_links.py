"""Issue 13: links under ``.kb-tui`` (tests/hostile/corpus.py ``STORE_LINKS``) against every
command, and ``fix --write`` on a full disk.

Whatever the link, nothing outside the vault changes, the command says which path is a link
in one line, and nothing is printed raw. Each of these wrote through the link before.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from fsfaults import fill, tmpfs
from hostile.corpus import STORE_LINKS, build_store_link
from test_cli import env_for
from test_hostile import _assert_clean_output

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
    _assert_clean_output(result.stdout)
    _assert_clean_output(result.stderr)
    err = result.stderr.decode()
    if (case, command) in MUST_FAIL:
        assert result.returncode == 1, err
        assert "symbolic link" in err, err
    else:
        assert result.returncode in (0, 1), err


def test_fix_write_on_a_full_disk_leaves_no_backup_and_no_traceback(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", size="256k") as mnt:
        vault = mnt / "v"
        vault.mkdir()
        note = vault / "broken.md"
        original = "# B\n\n```text\nx\n```text\n\n- after\n" + "filler line\n" * 2000
        note.write_text(original)
        fill(mnt)
        result = subprocess.run(
            [sys.executable, "-m", "kb_tui", "fix", str(vault), "--write"],
            capture_output=True,
            text=True,
            env=env_for(tmp_path),
            timeout=60,
            check=False,
        )
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert "No space left on device" in result.stderr
        assert note.read_text() == original
        backups = vault / ".kb-tui" / "backup"
        assert not backups.exists() or list(backups.iterdir()) == []
