"""The status history: appended on every change, read tolerantly, printed by ``history``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kb_tui.cli.headless import main as headless_main
from kb_tui.core.status.history import format_record, parse_line, read_history
from kb_tui.core.status.store import StatusStore

MakeVault = Callable[[dict[str, str | bytes]], Path]
DOC = "# Ops\n- Deploy \x1b]0;PWNED\x07now\n- Backup\n"
DEPLOY = "d.md#ops/deploy-0pwnednow"


@pytest.fixture
def vault(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return make_vault({"d.md": DOC})


def test_every_change_is_appended(vault: Path) -> None:
    store = StatusStore(vault / ".kb-tui" / "status.yaml")
    store.set("d.md#ops/backup", "in_progress", user="ana")
    store.set("d.md#ops/backup", "done", note="nightly", user="bob")
    store.update({"d.md#ops/backup": None}, user="cy")
    records = read_history(vault / ".kb-tui" / "history.jsonl").records
    assert [(r.user, r.before, r.after, r.note) for r in records] == [
        ("ana", None, "in_progress", ""),
        ("bob", "in_progress", "done", "nightly"),
        ("cy", "done", None, ""),
    ]
    assert all(r.time.endswith("Z") for r in records)


def test_partial_and_garbage_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "history.jsonl"
    good = '{"time": "t", "user": "u", "item": "a.md#x", "from": null, "to": "done"}'
    path.write_text(f'{good}\n[1, 2]\nnot json\n{{"item": 3}}\n{good[:20]}', encoding="utf-8")
    history = read_history(path)
    assert len(history.records) == 1 and history.skipped == 4
    assert read_history(tmp_path / "missing.jsonl").records == []


def test_format_strips_control_characters() -> None:
    record = parse_line(
        '{"time": "t", "user": "\\u001b[2Jeve", "item": "a.md#x", "from": "todo", '
        '"to": "done", "note": "line1\\nline2 \\u001b]52;c;aGk=\\u0007 \\u202e"}'
    )
    assert record is not None
    line = format_record(record)
    assert line.startswith("t  [2Jeve  a.md#x  todo → done  line1 line2")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in line)
    assert "\u202e" not in line


def test_cli_history_for_vault_and_item(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["mark", str(vault), "Backup", "done", "--note", "ok"]) == 0
    assert headless_main(["mark", str(vault), DEPLOY, "blocked"]) == 0
    capsys.readouterr()
    assert headless_main(["history", str(vault)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("tester  d.md#ops/backup  — → done  ok")
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
