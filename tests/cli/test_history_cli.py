"""``kb-tui history`` (in-process, ``kb_tui.cli.headless.main``): a vault's or an item's
history, by text or ID, of removed items, with the default path (the history itself:
tests/unit/test_history.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.status_vaults import DEPLOY, HISTORY_DOC, MakeVault
from kb_tui.cli.headless import main as headless_main


@pytest.fixture
def vault(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return make_vault({"d.md": HISTORY_DOC})


def test_cli_history_for_vault_and_item(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["mark", str(vault), "Backup", "done", "--note", "ok"]) == 0
    assert headless_main(["mark", str(vault), DEPLOY, "blocked"]) == 0
    capsys.readouterr()
    assert headless_main(["history", str(vault)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("tester  d.md#ops/backup  — → done · note added “ok”")
    assert "\x1b" not in "".join(lines)
    assert headless_main(["history", str(vault), "Backup"]) == 0  # exact text
    assert capsys.readouterr().out.splitlines() == lines[:1]
    assert headless_main(["history", str(vault), DEPLOY]) == 0  # ID
    assert capsys.readouterr().out.splitlines() == lines[1:]


def test_cli_history_unknown_item_fails(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["history", str(vault), "nothing like it"]) == 1
    assert capsys.readouterr().err.startswith("kb-tui: no item and no history matches")


def test_cli_history_of_removed_item_by_id(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["mark", str(vault), "Backup", "done"]) == 0
    (vault / "d.md").write_text("# Ops\n- Other\n", encoding="utf-8")
    capsys.readouterr()
    assert headless_main(["history", str(vault), "d.md#ops/backup"]) == 0
    assert "d.md#ops/backup  — → done" in capsys.readouterr().out


def test_cli_history_item_only_uses_default_path(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KB_TUI_PATH", str(vault))
    assert headless_main(["mark", "Backup", "na"]) == 0
    capsys.readouterr()
    assert headless_main(["history", "Backup"]) == 0
    assert "— → na" in capsys.readouterr().out


def test_cli_history_says_what_changed(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15 #15: owner and note edits are named, the status only when it changed."""
    assert headless_main(["mark", str(vault), "Backup", "in-progress", "--owner", "ana"]) == 0
    assert headless_main(["mark", str(vault), "Backup", "in-progress", "--note", "nightly"]) == 0
    assert headless_main(["mark", str(vault), "Backup", "done", "--owner", "bob"]) == 0
    capsys.readouterr()
    assert headless_main(["history", str(vault), "Backup"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ", 3)[3] for line in lines] == [
        "— → in_progress · owner — → ana",
        "note added “nightly”",
        "in_progress → done · owner ana → bob",
    ]
    assert all(line.split("  ")[1:3] == ["tester", "d.md#ops/backup"] for line in lines)
