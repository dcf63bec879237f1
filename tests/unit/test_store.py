"""The status store: format, atomicity, merging, orphans, broken stores, task checkboxes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb_tui.core.status.store import Entry, StatusStore, StoreError, parse, serialize
from kb_tui.core.workspace.load import load_kb


def test_round_trip_and_stable_sorted_format(tmp_path: Path) -> None:
    entries = {
        "b.md#x": Entry(
            "done", note="ok: yes", owner="ana", updated="2026-01-01T00:00:00Z", by="u"
        ),
        "a.md#y": Entry("blocked", note="waits on #42\nsecond line | pipe"),
        "a.md#task": Entry("na", checkbox="x"),
    }
    text = serialize(entries)
    assert parse(text, tmp_path / "s.yaml") == entries
    assert serialize(parse(text, tmp_path / "s.yaml")) == text
    assert text.index("a.md#task") < text.index("a.md#y") < text.index("b.md#x")
    assert "\n\n" in text  # blank line between blocks keeps git merges apart


def test_set_writes_atomically_with_metadata(tmp_path: Path) -> None:
    store = StatusStore(tmp_path / ".kb-tui" / "status.yaml")
    entry = store.set("d.md#a", "done", note="n", owner="o", user="me")
    assert entry.status == "done" and entry.by == "me" and entry.updated.endswith("Z")
    assert StatusStore(store.path).entries["d.md#a"] == entry
    leftovers = [p.name for p in store.path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []
    history = (store.path.parent / "history.jsonl").read_text().splitlines()
    assert '"to": "done"' in history[0]


def test_two_stores_merge_different_items(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    first, second = StatusStore(path), StatusStore(path)
    first.set("d.md#a", "done")
    second.set("d.md#b", "blocked")  # second loaded before first wrote: must not drop a
    final = StatusStore(path).entries
    assert final["d.md#a"].status == "done"
    assert final["d.md#b"].status == "blocked"


def test_same_item_last_writer_wins(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    first, second = StatusStore(path), StatusStore(path)
    first.set("d.md#a", "done")
    second.set("d.md#a", "blocked")
    assert StatusStore(path).entries["d.md#a"].status == "blocked"


@pytest.mark.parametrize(
    "content",
    [
        "items:\n  a: [\n",
        "<<<<<<< HEAD\nitems: {}\n=======\n>>>>>>> x\n",
        "items:\n  d.md#a:\n    status: finished\n",
        "- just a list\n",
    ],
)
def test_broken_store_is_never_overwritten(tmp_path: Path, content: str) -> None:
    path = tmp_path / "status.yaml"
    path.write_text(content)
    store = StatusStore(path)
    assert store.read_only
    assert str(path) in store.error
    with pytest.raises(StoreError):
        store.set("d.md#a", "done")
    assert path.read_text() == content


def test_store_broken_after_load_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    store = StatusStore(path)
    store.set("d.md#a", "done")
    path.write_text("items: [unclosed\n")
    with pytest.raises(StoreError):
        store.set("d.md#b", "done")
    assert path.read_text() == "items: [unclosed\n"


def test_orphans_are_kept_and_reported(make_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"d.md": "# S\n- a\n- b\n"})
    store = StatusStore(root / ".kb-tui" / "status.yaml")
    store.set("d.md#s/a", "done")
    store.set("d.md#s/b", "blocked", note="why")
    (root / "d.md").write_text("# S\n- a\n- renamed\n")
    kb = load_kb(root)
    store.apply(kb)
    assert [o.id for o in kb.orphans] == ["d.md#s/b"]
    assert kb.orphans[0].note == "why"
    store.set("d.md#s/a", "todo")
    assert "d.md#s/b" in StatusStore(store.path).entries  # a later write keeps the orphan


def test_task_checkbox_edited_in_document_wins(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"t.md": "- [ ] deploy\n- [/] test\n"})
    store = StatusStore(root / ".kb-tui" / "status.yaml")
    kb = load_kb(root)
    store.apply(kb)
    deploy, test = list(kb.iter_items())
    assert (deploy.status, test.status) == ("todo", "in_progress")
    store.set(deploy.id, "blocked", checkbox=deploy.checkbox)
    kb = load_kb(root)
    store.apply(kb)
    assert next(kb.iter_items()).status == "blocked"  # checkbox unchanged: the store holds
    (root / "t.md").write_text("- [x] deploy\n- [/] test\n")
    kb = load_kb(root)
    store.apply(kb)
    assert next(kb.iter_items()).status == "done"  # edited in Obsidian: the document wins


def test_written_file_keeps_permissions(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    StatusStore(path).set("d.md#a", "done")
    os.chmod(path, 0o640)
    StatusStore(path).set("d.md#b", "done")
    assert path.stat().st_mode & 0o777 == 0o640


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_text = st.text(max_size=60)


@settings(max_examples=150, deadline=None)
@given(
    st.dictionaries(
        st.text(min_size=1, max_size=200),
        st.builds(
            Entry,
            status=st.sampled_from(["todo", "in_progress", "done", "blocked", "na"]),
            note=_text,
            owner=_text,
            updated=_text,
            by=_text,
            checkbox=st.none() | st.sampled_from([" ", "x", "/", "-"]),
        ),
        max_size=5,
    )
)
def test_any_entries_round_trip(entries: dict[str, Entry]) -> None:
    text = serialize(entries)
    text.encode("utf-8")  # always writable
    parsed = parse(text, Path("s.yaml"))
    assert parsed == entries


def test_long_ids_are_plain_quoted_keys(tmp_path: Path) -> None:
    long_id = "docs/" + "x" * 200 + ".md#section/item"
    text = serialize({long_id: Entry("done")})
    assert f'  "{long_id}":\n    status: done\n' in text
    assert "? " not in text
