"""Due dates and the overdue rule (kb_tui.core.model.due), and the store keeping ``due:``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kb_tui.core.model import Item
from kb_tui.core.model.due import (
    DueError,
    count_overdue,
    days_overdue,
    due_text,
    is_overdue,
    parse_due,
)
from kb_tui.core.status.format import Entry, serialize
from kb_tui.core.status.history_text import describe
from kb_tui.core.status.merge import merge_stores
from kb_tui.core.status.read import StoreText
from kb_tui.core.status.store import StatusStore, parse

DAY = dt.date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("2027-01-31", "2027-01-31"),
        (" 2027-01-31 ", "2027-01-31"),
        ("none", ""),
        ("", ""),
        ("-", ""),
    ],
)
def test_parse_due_takes_a_day_or_none(text: str, stored: str) -> None:
    assert parse_due(text) == stored


@pytest.mark.parametrize("text", ["2027-02-30", "31/01/2027", "20270131", "2027-W05-1", "tomorrow"])
def test_parse_due_refuses_what_is_not_a_calendar_day(text: str) -> None:
    with pytest.raises(DueError, match="YYYY-MM-DD"):
        parse_due(text)


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [
        ("todo", "2026-12-05", True),
        ("in_progress", "2026-12-05", True),
        ("blocked", "2026-01-01", True),
        ("todo", "2026-12-06", False),  # due today: not yet late
        ("todo", "2026-12-07", False),
        ("done", "2026-12-05", False),
        ("na", "2026-12-05", False),
        ("todo", "", False),
        ("todo", "soon", False),  # a hand-edited store: shown as written, never overdue
    ],
)
def test_overdue_is_past_due_and_not_done_or_na(status: str, due: str, overdue: bool) -> None:
    assert is_overdue(status, due, DAY) is overdue


def test_overdue_counts_and_wording() -> None:
    items = [
        Item("a", "A", "list", 1, status="todo", due="2026-12-01"),
        Item("b", "B", "list", 2, status="done", due="2026-12-01"),
        Item("c", "C", "list", 3, status="todo", due="2027-01-31"),
        Item("d", "D", "list", 4),
    ]
    assert count_overdue(items, DAY) == 1
    assert days_overdue("2026-12-01", DAY) == 5
    assert due_text("2026-12-01", "todo", DAY) == "overdue 5d (due 2026-12-01)"
    assert due_text("2027-01-31", "todo", DAY) == "due 2027-01-31"
    assert due_text("2026-12-01", "done", DAY) == "due 2026-12-01"
    assert due_text("", "todo", DAY) == ""


def test_store_writes_due_after_owner_and_reads_it_back(tmp_path: Path) -> None:
    entry = Entry("in_progress", "n", "ana", "2026-12-01T09:00:00Z", "ana", None, "2027-01-31")
    text = serialize({"a#b": entry})
    assert '    owner: "ana"\n    due: "2027-01-31"\n    updated:' in text
    assert parse(text, tmp_path / "s.yaml") == {"a#b": entry}


def test_store_set_due_keeps_the_rest_and_records_the_change(tmp_path: Path) -> None:
    store = StatusStore(tmp_path / ".kb-tui" / "status.yaml", root=tmp_path)
    store.set("n.md#x", "in_progress", owner="ana", user="ana")
    entry = store.set("n.md#x", due="2027-01-31", user="bo")
    assert (entry.status, entry.owner, entry.due) == ("in_progress", "ana", "2027-01-31")
    store.set("n.md#x", "done", user="bo")
    assert store.entries["n.md#x"].due == "2027-01-31"  # a status change keeps the date
    cleared = store.set("n.md#x", due="", user="bo")
    assert cleared.due == ""
    records = store.read_history().records
    assert [describe(r) for r in records] == [
        "— → in_progress · owner — → ana",
        "due — → 2027-01-31",
        "in_progress → done",
        "due 2027-01-31 → —",
    ]


def test_git_merge_merges_due_like_any_field() -> None:
    base = {"x": Entry("todo", updated="2026-12-01T00:00:00Z", by="ana")}
    ours = {"x": Entry("done", updated="2026-12-02T00:00:00Z", by="ana")}
    theirs = {"x": Entry("todo", updated="2026-12-03T00:00:00Z", by="bo", due="2027-01-31")}
    merged = merge_stores(
        StoreText(base, {}, {}),
        StoreText(ours, {}, {}),
        StoreText(theirs, {}, {}),
        by="cy",
        at="2026-12-04T00:00:00Z",
    )
    assert (merged.entries["x"].status, merged.entries["x"].due) == ("done", "2027-01-31")


@pytest.mark.parametrize(
    "value", ["2027-02-30", "2027-01-31", "2027-01-31T10:00:00Z", "12", "[1, 2]"]
)
def test_a_hand_edited_due_never_makes_the_store_unreadable(tmp_path: Path, value: str) -> None:
    """YAML reads an unquoted ``2027-02-30`` as a timestamp and fails; a value is kept as
    written instead (shown as text, never overdue), as the store's docs say."""
    text = f'items:\n  "n.md#x":\n    status: todo\n    due: {value}\n'
    entry = parse(text, tmp_path / "s.yaml")["n.md#x"]
    assert entry.status == "todo"
    assert entry.due.replace(" ", "") in (value.replace(" ", ""), "['1','2']", "[1,2]")
    assert not is_overdue(entry.status, "2027-02-30", DAY)
