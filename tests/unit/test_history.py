"""The status history: appended on every change, read tolerantly (printed by ``history``:
tests/cli/test_history_cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.status_vaults import HISTORY_DOC, MakeVault
from kb_tui.core.status.history import format_record, parse_line, read_history
from kb_tui.core.status.store import StatusStore


@pytest.fixture
def vault(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return make_vault({"d.md": HISTORY_DOC})


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
