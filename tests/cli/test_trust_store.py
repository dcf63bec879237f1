"""Issue 13: the status store, its history and its lock under a hostile vault and faults.

Every case ran the real ``kb-tui`` command (or the store) and failed before the fix: writes
followed links out of the vault, a read-only vault moved the store, duplicate IDs were
resolved then deleted, a cut history line ate the next record, a failed history append left
a saved status without its record, and a lone surrogate broke every export. (A read-only
mount and a full disk: tests/system/test_store_faults.py; the store's readers in-process:
tests/unit/test_store_readers.py.)
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import env_for, run_cli
from helpers.store_vault import ITEM, NOTE, mark_rotate_keys, note_vault
from kb_tui.core.status.store import StatusStore, serialize


# -- links: nothing kb-tui writes goes through one ---------------------------------------------
def test_history_link_out_of_the_vault_is_refused(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    victim = tmp_path / "victim" / "fake_bashrc"
    victim.parent.mkdir()
    victim.write_text("# rc\n")
    (vault / ".kb-tui" / "history.jsonl").symlink_to("../../victim/fake_bashrc")
    code, _, err = mark_rotate_keys(tmp_path, vault)
    assert code == 1
    assert "history.jsonl" in err and "symbolic link" in err
    assert victim.read_text() == "# rc\n"
    assert (vault / ".kb-tui" / "history.jsonl").is_symlink()
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_dangling_history_link_is_not_created(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    (vault / ".kb-tui" / "history.jsonl").symlink_to(tmp_path / "new-victim")
    code, _, err = mark_rotate_keys(tmp_path, vault)
    assert code == 1 and "symbolic link" in err
    assert not (tmp_path / "new-victim").exists()


def test_linked_store_folder_is_refused(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    vault.mkdir()
    (vault / "note.md").write_text(NOTE)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (vault / ".kb-tui").symlink_to(elsewhere)
    code, _, err = mark_rotate_keys(tmp_path, vault)
    assert code == 1 and ".kb-tui" in err and "symbolic link" in err
    assert list(elsewhere.iterdir()) == []


def test_linked_store_file_is_neither_followed_nor_replaced(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    target = tmp_path / "shared.yaml"
    target.write_text(serialize({}))
    link = vault / ".kb-tui" / "status.yaml"
    link.symlink_to(target)
    code, _, err = mark_rotate_keys(tmp_path, vault)
    assert code == 1 and "status.yaml" in err and "symbolic link" in err
    assert link.is_symlink() and target.read_text() == serialize({})


def test_linked_lock_file_is_not_truncated(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    victim = tmp_path / "precious"
    victim.write_text("keep me\n")
    (vault / ".kb-tui" / "status.yaml.lock").symlink_to(victim)
    code, _, err = mark_rotate_keys(tmp_path, vault)
    assert code == 1 and "status.yaml.lock" in err
    assert victim.read_text() == "keep me\n"


def test_vault_reached_through_a_link_of_the_users_own_still_works(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    alias = tmp_path / "alias"
    alias.symlink_to(vault)
    code, out, err = mark_rotate_keys(tmp_path, alias)
    assert code == 0, err
    assert ITEM in out
    assert StatusStore(vault / ".kb-tui" / "status.yaml").entries[ITEM].status == "done"


# -- duplicate IDs: an error naming both lines, nothing rewritten ------------------------------
def test_duplicate_ids_are_an_error_naming_both_lines(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    block = f'  "{ITEM}":\n    status: done\n'
    other = f'  "{ITEM}":\n    status: blocked\n'
    text = f"items:\n{block}\n{other}"
    store_file = vault / ".kb-tui" / "status.yaml"
    store_file.write_text(text)
    store = StatusStore(store_file)
    assert store.read_only
    assert "status.yaml:2 and" in store.error and "status.yaml:5" in store.error
    code, _, err = mark_rotate_keys(tmp_path, vault)
    assert code == 1 and "written twice" in err
    assert store_file.read_text() == text


# -- history: a cut line and a failed append ---------------------------------------------------
def test_cut_history_line_does_not_swallow_the_next_record(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    env = env_for(tmp_path)
    assert run_cli("mark", str(vault), "Rotate keys", "done", env=env).returncode == 0
    assert run_cli("mark", str(vault), "Renew certs", "done", env=env).returncode == 0
    history = vault / ".kb-tui" / "history.jsonl"
    os.truncate(history, history.stat().st_size - 1)
    assert run_cli("mark", str(vault), "Rotate keys", "blocked", env=env).returncode == 0
    shown = run_cli("history", str(vault), env=env)
    assert shown.returncode == 0
    assert len(shown.stdout.splitlines()) == 3
    assert "done → blocked" in shown.stdout


def _mark_limited(tmp_path: Path, vault: Path, max_file_bytes: int) -> tuple[int, str]:
    """``kb-tui mark`` with RLIMIT_FSIZE: a write past ``max_file_bytes`` fails with EFBIG."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))

    result = subprocess.run(
        [sys.executable, "-m", "kb_tui", "mark", str(vault), "Rotate keys", "done"],
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        preexec_fn=limit,
        timeout=60,
        check=False,
    )
    return result.returncode, result.stderr


@pytest.mark.parametrize("fault", ["directory", "file too large"])
def test_failed_history_append_leaves_the_status_unchanged(tmp_path: Path, fault: str) -> None:
    vault = note_vault(tmp_path)
    store_file = vault / ".kb-tui" / "status.yaml"
    store = StatusStore(store_file)
    for n in range(30):  # a history larger than the store
        store.set("note.md#p/t/renew-certs", "done" if n % 2 else "blocked", note="x" * 40)
    before = store_file.read_bytes()
    history = vault / ".kb-tui" / "history.jsonl"
    if fault == "directory":
        history.unlink()
        history.mkdir()
        code, err = mark_rotate_keys(tmp_path, vault)[::2]
    else:
        assert history.stat().st_size > 2 * len(before)
        code, err = _mark_limited(tmp_path, vault, history.stat().st_size)
    assert code == 1
    assert "history.jsonl: cannot write" in err and "the status was not changed" in err
    assert store_file.read_bytes() == before
    assert ITEM not in StatusStore(store_file).entries
    assert [p.name for p in store_file.parent.iterdir() if p.name.endswith(".tmp")] == []


# -- lone surrogates: cleaned on the way in, never a crash on the way out ---------------------
@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_undecodable_note_is_stored_clean_and_every_export_works(tmp_path: Path, fmt: str) -> None:
    vault = note_vault(tmp_path)
    env = env_for(tmp_path)
    marked = run_cli("mark", str(vault), "Rotate keys", "done", "--note", "bad\udcff", env=env)
    assert marked.returncode == 0, marked.stderr
    stored = StatusStore(vault / ".kb-tui" / "status.yaml").entries[ITEM]
    assert stored.note == "bad\ufffd"
    out = tmp_path / f"report.{fmt}"
    result = run_cli("export", str(vault), "-o", str(out), env=env)
    assert result.returncode == 0, result.stderr
    assert "bad\ufffd" in out.read_text(encoding="utf-8")


def test_hand_written_surrogate_in_the_store_is_read_clean(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    (vault / ".kb-tui" / "status.yaml").write_text(
        f'items:\n  "{ITEM}":\n    status: done\n    note: "x\\udcffy \\ud83d\\ude00"\n'
    )
    result = run_cli("export", str(vault), "-o", str(tmp_path / "r.html"), env=env_for(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "x\ufffdy 😀" in (tmp_path / "r.html").read_text(encoding="utf-8")


# -- export never overwrites kb-tui's data or a note ------------------------------------------
@pytest.mark.parametrize(
    "target",
    [
        ".kb-tui/status.yaml",
        ".kb-tui/history.jsonl",
        ".kb-tui/status.yaml.lock",
        ".kb-tui/report.md",
        "note.md",
        "sub/../note.md",
    ],
)
def test_export_refuses_the_store_its_history_and_notes(tmp_path: Path, target: str) -> None:
    vault = note_vault(tmp_path)
    env = env_for(tmp_path)
    assert run_cli("mark", str(vault), "Rotate keys", "done", env=env).returncode == 0
    (vault / "sub").mkdir()
    before = {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()}
    result = run_cli("export", str(vault), "-o", str(vault / target), "--format", "json", env=env)
    assert result.returncode == 1
    assert "choose another file" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in vault.rglob("*") if p.is_file()} == before


def test_export_with_an_outside_store_refuses_that_store(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    store = tmp_path / "elsewhere" / "team.yaml"
    env = env_for(tmp_path)
    marked = run_cli("mark", str(vault), "Rotate keys", "done", "--store", str(store), env=env)
    assert marked.returncode == 0
    before = store.read_bytes()
    result = run_cli("export", str(vault), "--store", str(store), "-o", str(store), env=env)
    assert result.returncode == 1 and "status store" in result.stderr
    assert store.read_bytes() == before


def test_export_into_the_vault_is_written_but_never_through_a_link(tmp_path: Path) -> None:
    vault = note_vault(tmp_path)
    env = env_for(tmp_path)
    assert run_cli("export", str(vault), "-o", str(vault / "report.md"), env=env).returncode == 0
    assert "# Checklist report: v" in (vault / "report.md").read_text()
    victim = tmp_path / "victim.md"
    victim.write_text("mine\n")
    (vault / "linked-report.md").symlink_to(victim)
    result = run_cli("export", str(vault), "-o", str(vault / "linked-report.md"), env=env)
    assert result.returncode == 1 and "symbolic link" in result.stderr
    assert victim.read_text() == "mine\n"


# -- an unreadable store: no view without statuses presented as true -------------------------
@pytest.mark.parametrize("command", [("tree",), ("export",), ("export", "--format", "json")])
def test_read_commands_fail_on_an_unreadable_store(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    vault = note_vault(tmp_path)
    (vault / ".kb-tui" / "status.yaml").write_text("items:\n  - [unclosed\n")
    result = run_cli(command[0], str(vault), *command[1:], env=env_for(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert "status.yaml:" in result.stderr and "statuses cannot be shown" in result.stderr
    assert len(result.stderr.splitlines()) == 1
