"""The history read again: only what was appended is parsed, and the result is always what
reading the whole file gives (duplicates, bad and partial lines, a file replaced)."""

from __future__ import annotations

import json
import os
import random
import threading

import pytest

from helpers.status_vaults import HISTORY_DOC, MakeVault
from kb_tui.core.status import history_cache
from kb_tui.core.status.history import parse_history, parse_line, parse_lines, split_lines
from kb_tui.core.status.store import StatusStore


@pytest.fixture
def store(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> StatusStore:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    root = make_vault({"d.md": HISTORY_DOC})
    return StatusStore(root / ".kb-tui" / "status.yaml", root=root)


def _agrees(store: StatusStore) -> None:
    """What the store reads (parsing only what is new) is what the whole file gives."""
    history = store.read_history()
    whole = parse_history(store.history_path.read_bytes(), store.merges)
    assert history.records == whole.records
    assert history.skipped == whole.skipped


def test_appended_changes_are_parsed_alone(store: StatusStore) -> None:
    store.set("d.md#ops/backup", "in_progress", user="ana")
    _agrees(store)
    for status in ("blocked", "in_progress", "done"):
        store.set("d.md#ops/backup", status, note=f"now {status}", user="bo")
        _agrees(store)
    assert store._history.full_reads == 1
    assert [r.after for r in store.read_history().records] == [
        "in_progress", "blocked", "in_progress", "done",
    ]  # fmt: skip


def test_a_replaced_or_shortened_file_is_read_again(store: StatusStore) -> None:
    store.set("d.md#ops/backup", "done", user="ana")
    store.set("d.md#ops/backup", "todo", user="ana")
    _agrees(store)
    lines = store.history_path.read_bytes().splitlines(keepends=True)
    replacement = store.history_path.with_name("new.jsonl")
    replacement.write_bytes(lines[1] + lines[0])  # git or an editor writes a new file
    os.replace(replacement, store.history_path)
    _agrees(store)
    with open(store.history_path, "r+b") as handle:  # cut short in place
        handle.truncate(len(lines[1]))
    _agrees(store)
    assert store._history.full_reads == 3


def test_random_appends_agree_with_a_whole_read(store: StatusStore) -> None:
    rng = random.Random(7)
    store.history_path.parent.mkdir()
    made: list[bytes] = []
    for step in range(300):
        choice = rng.random()
        if choice < 0.5:
            stamp = f"2026-12-{1 + rng.randrange(9):02d}T{rng.randrange(24):02d}:00:00Z"
            line = json.dumps({"time": stamp, "user": "u", "item": f"d.md#{step}", "v": 2,
                               "from": None, "to": "done"}).encode()  # fmt: skip
            made.append(line)
            data = line + b"\n"
        elif choice < 0.6 and made:
            data = rng.choice(made) + b"\n"  # a line again (a union merge)
        elif choice < 0.7:
            data = b'{"time": "2026-12-01T00:00:00Z", "item": 3}\n'  # bad
        elif choice < 0.8:
            data = b'{"time": "2026-12-0'  # a writer killed mid-line…
        elif choice < 0.9:
            data = b'5T00:00:00Z", "item": "d.md#x", "to": "na"}\n'  # …or completing it
        else:
            data = b"\n  \n"
        with open(store.history_path, "ab") as handle:
            handle.write(data)
        if step % 3 == 0:
            _agrees(store)
    _agrees(store)


def test_line_separators_inside_a_note_are_not_line_breaks(store: StatusStore) -> None:
    note = "first\u2028second\x85third"
    store.set("d.md#ops/backup", "done", note=note, user="ana")
    records = store.read_history().records
    assert [r.note for r in records] == [note]
    crlf = store.history_path.read_bytes().replace(b"\n", b"\r\n")
    assert parse_history(crlf).records == records


def test_odd_values_are_read_as_before() -> None:
    record = parse_line(
        '{"time": 5, "user": null, "item": "a", "from": 1, "to": "done", "v": true}'
    )
    assert record is not None
    assert (record.time, record.user, record.before, record.after, record.explicit) == (
        "5", "", "1", "done", False,
    )  # fmt: skip


def test_two_readers_at_once_parse_the_file_once(store: StatusStore) -> None:
    for n in range(200):
        store.set("d.md#ops/backup", ("todo", "done")[n % 2], user="ana")
    reread = StatusStore(store.path, root=store.path.parent.parent)
    threads = [threading.Thread(target=reread.read_history) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert reread._history.full_reads == 1  # the others waited, then found it read
    _agrees(reread)


def test_a_store_read_again_keeps_the_history_parsed(store: StatusStore) -> None:
    store.set("d.md#ops/backup", "done", user="ana")
    store.read_history()
    again = StatusStore(store.path, root=store.path.parent.parent)
    again.keep_history(store)
    again.set("d.md#ops/backup", "blocked", user="bo")
    _agrees(again)
    assert again._history.full_reads == 1  # the first store's read, kept
    elsewhere = StatusStore(store.path.parent.parent / "other.yaml")
    elsewhere.keep_history(store)  # another file's history: not kept
    assert elsewhere._history is not store._history


@pytest.mark.parametrize("seed", range(5))
def test_a_whole_file_read_in_pieces_is_read_as_one(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    monkeypatch.setattr(history_cache, "PIECE_BYTES", rng.choice((1, 7, 64, 300)))
    good = [
        json.dumps({"time": f"2026-01-{d:02}T00:00:00Z", "user": "ana", "item": f"i{d}",
                    "from": None, "to": "done", "note": "é\u2028ü"}, ensure_ascii=False)
        for d in range(1, 29)
    ]  # fmt: skip
    odd = ["", "   ", "{cut", "[1]", '{"item": 3}', "\u00e9t\u00e9"]
    lines = [rng.choice(good + odd) for _ in range(rng.randint(0, 80))]
    text = "".join(line + rng.choice(("\n", "\r\n")) for line in lines)
    data = text.encode() + rng.choice((b"", b"\xe2\x82\n", b"\xff\n"))
    records, skipped, hashes = history_cache.parse_pieces(data, len(data))
    whole, bad, read = parse_lines(split_lines(data))
    assert (records, skipped, hashes) == (whole, bad, set(map(hash, read)))
