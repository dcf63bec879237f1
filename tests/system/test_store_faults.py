"""Issue 13: the store and ``fix --write`` on a real read-only mount and a real full disk.

Each test mounts a small tmpfs (tests/helpers/fsfaults.py); where mounting is not allowed
(not root, no CAP_SYS_ADMIN) it skips. The other store faults, links, a cut history line, a
failed history append, lone surrogates, run without mounts in tests/cli/test_trust_store.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers.cli import env_for, run_cli
from helpers.fsfaults import fill, remount_read_only, tmpfs
from helpers.store_vault import ITEM, mark_rotate_keys, note_vault
from kb_tui.core.status.store import StatusStore


# -- a read-only vault keeps its store --------------------------------------------------------
def test_read_only_vault_reads_its_own_store_and_refuses_writes(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt") as mnt:
        vault = note_vault(mnt)
        StatusStore(vault / ".kb-tui" / "status.yaml").set(ITEM, "done", user="ana")
        remount_read_only(mnt)
        env = env_for(tmp_path)
        gate = run_cli("export", str(vault), "--format", "json", "--fail-under", "50", env=env)
        assert gate.returncode == 0, gate.stderr  # 1 of 2 done: the in-vault store was read
        assert json.loads(gate.stdout)["summary"]["done"] == 1
        code, _, err = mark_rotate_keys(tmp_path, vault)
        assert code == 1
        assert "Read-only file system" in err and "--store FILE" in err
        assert not (tmp_path / "state").exists()  # nothing written anywhere else


# -- a full disk changes nothing -------------------------------------------------------------
def test_full_disk_changes_nothing_and_says_so(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", size="64k") as mnt:
        vault = note_vault(mnt)
        store_file = vault / ".kb-tui" / "status.yaml"
        StatusStore(store_file).set("note.md#p/t/renew-certs", "done")
        before = store_file.read_bytes()
        history = (vault / ".kb-tui" / "history.jsonl").read_bytes()
        fill(mnt)
        code, _, err = mark_rotate_keys(tmp_path, vault)
        assert code == 1 and "No space left on device" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert store_file.read_bytes() == before
        assert (vault / ".kb-tui" / "history.jsonl").read_bytes() == history
        assert [p.name for p in store_file.parent.iterdir() if p.name.endswith(".tmp")] == []


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
