"""The status history: appended on every change, read tolerantly (printed by ``history``:
tests/cli/test_history_cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.status_vaults import HISTORY_DOC, MakeVault
from kb_tui.core.status.history import (
    HistoryRecord,
    parse_line,
    read_history,
    record_fields,
)
from kb_tui.core.status.history_text import describe, format_record
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
    assert line.startswith("t  [2Jeve  a.md#x  todo → done · note “line1 line2")
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in line)
    assert "\u202e" not in line


@pytest.mark.parametrize("with_item", [True, False])  # kb-tui history; the H dialog
def test_every_field_of_a_hostile_line_is_cleaned(with_item: bool) -> None:
    """A vault can ship its own history.jsonl: statuses and owners are cleaned too."""
    record = parse_line(
        '{"time": "t", "user": "u", "item": "a.md#x", "v": 2, '
        '"from": "\\u001b]0;pwn\\u0007\\u001b[31m", "to": "do\\u009bne\\u202e", '
        '"owner_from": "\\u001b[2Jana", "owner": "bob"}'
    )
    assert record is not None
    line = format_record(record, with_item=with_item, full_time=False)
    assert not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in line), repr(line)
    assert "\u202e" not in line
    assert "]0;pwn[31m → done" in line and "owner [2Jana → bob" in line


def test_a_line_of_a_newer_format_is_not_read_as_an_old_one() -> None:
    record = parse_line(
        '{"time": "t", "user": "u", "item": "a.md#x", "from": "todo", "to": "done", "v": 3, '
        '"note": "kept as it was"}'
    )
    assert record is not None
    assert format_record(record).endswith("todo → done")  # the note did not change


# -- issue 15 #15: what changed, said once, in one core function ----------------------------
def test_note_and_owner_changes_are_recorded_as_such(vault: Path) -> None:
    store = StatusStore(vault / ".kb-tui" / "status.yaml")
    item = "d.md#ops/backup"
    store.set(item, owner="ana", user="u")  # a first owner on an item without an entry
    store.set(item, note="nightly", user="u")
    store.set(item, note="nightly, kept 30 days", user="u")
    store.set(item, "done", user="u")
    store.set(item, note="", owner="bob", user="u")
    store.update({item: None}, user="u")
    records = read_history(vault / ".kb-tui" / "history.jsonl").records
    assert all(r.explicit for r in records)
    assert [describe(r) for r in records] == [
        "owner — → ana",
        "note added “nightly”",
        "note edited “nightly, kept 30 days”",
        "todo → done",
        "owner ana → bob · note cleared",
        "done → — · owner bob → —",
    ]
    assert not any("todo → todo" in describe(r) for r in records)


def test_record_fields_name_only_what_changed() -> None:
    fields = record_fields(("todo", "n", "ana", ""), ("done", "n", "ana", ""))
    assert fields == {"v": 2, "from": "todo", "to": "done", "note": "n", "owner": "ana"}
    fields = record_fields(None, ("todo", "n", "ana", ""))
    assert fields["from"] is None and fields["note_from"] == "" and fields["owner_from"] == ""


def test_old_format_lines_still_read_and_are_described_honestly() -> None:
    """Lines written before format 2 (no ``v``, no owner) read as they always did."""
    status = parse_line(
        '{"time": "2026-01-02T03:04:05Z", "user": "ana", "item": "a.md#x", '
        '"from": null, "to": "done", "note": "ok"}'
    )
    edit = parse_line(
        '{"time": "2026-01-02T03:04:05Z", "user": "ana", "item": "a.md#x", '
        '"from": "todo", "to": "todo", "note": "sized"}'
    )
    moved = parse_line(
        '{"time": "t", "user": "ana", "item": "a.md#y", "from": null, "to": "done", '
        '"note": "", "moved_from": "a.md#x"}'
    )
    assert status is not None and edit is not None and moved is not None
    assert not status.explicit and status.owner_before is None and status.note_before is None
    assert describe(status) == "— → done · note “ok”"
    assert describe(edit) == "note or owner edited · note “sized”"  # never "todo → todo"
    assert describe(moved) == "— → done · re-attached from a.md#x"
    assert format_record(edit) == "2026-01-02T03:04:05Z  ana  a.md#x  " + describe(edit)
    assert format_record(edit, with_item=False, full_time=False) == (
        "2026-01-02 03:04  ana  " + describe(edit)
    )


def test_long_notes_are_cut_and_unchanged_writes_say_so() -> None:
    long = HistoryRecord(
        "t", "u", "a.md#x", "todo", "todo", "x" * 200, note_before="", explicit=True
    )
    assert describe(long) == "note added “" + "x" * 59 + "…”"
    same = HistoryRecord("t", "u", "a.md#x", "done", "done", explicit=True)
    assert describe(same) == "unchanged (done)"


def test_lines_cut_in_pieces_never_join_into_records() -> None:
    """Three bad lines that, joined by commas, would read as three objects."""
    from kb_tui.core.status.history import parse_history

    data = (
        b'{"item": "a", "time": "2026-12-01T00:00:00Z",\n'
        b'"from": "todo", "to": "done"}\n'
        b'{"item": "b"}, {"item": "c"}\n'
    )
    history = parse_history(data)
    assert (history.records, history.skipped) == ([], 3)
