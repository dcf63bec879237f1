"""Orphaned statuses on the command line (in-process, ``kb_tui.cli.headless.main``):
``mark --from`` re-attaches, ``check`` suggests, ``export`` lists (the core:
tests/unit/test_orphans.py)."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest

from helpers.status_vaults import NEW, OLD, MakeVault, orphaned_vault
from kb_tui.cli.headless import main as headless_main
from kb_tui.core.status.store import StatusStore


@pytest.fixture
def orphaned(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return orphaned_vault(make_vault)


def test_cli_mark_from_reattaches(orphaned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["mark", str(orphaned), "Capacity plannings", "--from", OLD]) == 0
    assert "re-attached from" in capsys.readouterr().out
    entries = StatusStore(orphaned / ".kb-tui" / "status.yaml").entries
    assert OLD not in entries and entries[NEW].note == "sized for 2027"


def test_cli_mark_from_with_status_override(
    orphaned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["mark", str(orphaned), NEW, "blocked", "--from", OLD, "--note", "moved"]
    assert headless_main(args) == 0
    entry = StatusStore(orphaned / ".kb-tui" / "status.yaml").entries[NEW]
    assert (entry.status, entry.note, entry.owner) == ("blocked", "moved", "ana")


def test_cli_mark_from_refuses_non_orphans_and_unknown_ids(
    orphaned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_path = orphaned / ".kb-tui" / "status.yaml"
    StatusStore(store_path).set("d.md#ops/compute/server-racks", "done")
    before = store_path.read_bytes()
    args = ["mark", str(orphaned), NEW, "--from", "d.md#ops/compute/server-racks"]
    assert headless_main(args) == 1
    assert "not an orphan" in capsys.readouterr().err
    assert headless_main(["mark", str(orphaned), NEW, "--from", "d.md#gone"]) == 1
    assert "no stored status" in capsys.readouterr().err
    assert store_path.read_bytes() == before


def test_check_suggests_likeliest_item(orphaned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["check", str(orphaned)]) == 0
    out = capsys.readouterr().out
    assert "[orphan-status]" in out
    assert f"mark --from '{OLD}' {orphaned} '{NEW}'" in out


def pasted(output: str) -> list[str]:
    """The re-attach command ``check`` printed, split as a shell would (without ``kb-tui``)."""
    hint = next(line for line in output.splitlines() if "re-attach it with: " in line)
    words = shlex.split(hint.split("re-attach it with: ", 1)[1])
    assert words[:2] == ["kb-tui", "mark"]
    return words[1:]


def test_the_reattach_hint_works_as_pasted_from_another_folder(
    orphaned: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    isolated_state: Path,
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(orphaned)
    assert headless_main(["check", "."]) == 0
    command = pasted(capsys.readouterr().out)
    monkeypatch.chdir(elsewhere)  # pasted in another folder: it must still reach this vault
    assert headless_main(command) == 0
    entries = StatusStore(orphaned / ".kb-tui" / "status.yaml").entries
    assert OLD not in entries and entries[NEW].status == "done"
    assert not any(isolated_state.rglob("*.yaml"))  # the bundled sample's store untouched


def test_the_reattach_hint_repeats_the_store_given(
    orphaned: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    default = orphaned / ".kb-tui" / "status.yaml"
    store = tmp_path / "my store.yaml"
    store.write_bytes(default.read_bytes())
    default.unlink()
    assert headless_main(["check", str(orphaned), "--store", str(store)]) == 0
    command = pasted(capsys.readouterr().out)
    assert command[command.index("--store") + 1] == str(store)
    assert headless_main(command) == 0
    assert NEW in StatusStore(store).entries and not default.exists()


def test_check_code_orphan_status_is_accepted_and_keeps_its_hints(
    orphaned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert headless_main(["check", str(orphaned), "--code", "orphan-status"]) == 0
    out = capsys.readouterr().out
    assert "[orphan-status]" in out and "re-attach it with: " in out
    assert headless_main(["check", str(orphaned), "--code", "mojibake"]) == 0
    out = capsys.readouterr().out
    assert "orphan" not in out  # another code asked for: no orphan hints either


def test_export_lists_orphans(orphaned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["export", str(orphaned), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [o["id"] for o in report["orphans"]] == [OLD]


def test_the_reattach_hint_reads_the_vault_as_check_did(
    orphaned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert headless_main(["check", str(orphaned), "--strict-commonmark"]) == 0
    command = pasted(capsys.readouterr().out)
    assert "--strict-commonmark" in command  # the same reading finds the same new item
    assert headless_main(command) == 0
    assert NEW in StatusStore(orphaned / ".kb-tui" / "status.yaml").entries


def test_the_reattach_hint_carries_strict_mode_set_in_the_environment(
    orphaned: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_TUI_STRICT_COMMONMARK", "1")
    assert headless_main(["check", str(orphaned)]) == 0
    assert "--strict-commonmark" in pasted(capsys.readouterr().out)
