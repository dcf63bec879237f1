"""Live reload's pieces without an app: which changes count, what is watched, the store."""

from __future__ import annotations

from pathlib import Path

from watchfiles import Change

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.refs import ancestors
from kb_tui.tui.watcher import ChangeFilter, WatchSpec


def test_change_filter_sorts_changes(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "notes").mkdir(parents=True)
    (root / "new" / "deep").mkdir(parents=True)
    (root / "new" / "deep" / "a.md").write_text("# A\n")
    (root / "assets").mkdir()
    store = root / ".kb-tui" / "status.yaml"
    changes = ChangeFilter(WatchSpec(root=root, store=store))
    changes.doc_dirs = frozenset({"notes", "old"})
    added, modified, deleted = Change.added, Change.modified, Change.deleted
    cases = {
        (modified, root / "notes" / "x.md"): "doc",
        (added, root / "X.MD"): "doc",
        (modified, store): "store",
        (added, store.parent): "store",  # the store's folder appeared
        (modified, root / ".kb-tui" / "history.jsonl"): None,
        (added, root / ".kb-tui" / ".status.yaml.x.tmp"): None,
        (modified, root / ".obsidian" / "x.md"): None,
        (modified, root / "node_modules" / "x.md"): None,
        (modified, root / "notes" / ".x.md.swp"): None,
        (modified, root / "picture.png"): None,
        (deleted, root / "old"): "doc",  # a folder of documents went away
        (deleted, root / "other"): None,
        (added, root / "new"): "doc",  # a folder with documents moved in
        (added, root / "assets"): None,
        (modified, tmp_path / "elsewhere.md"): None,
    }
    for (change, path), kind in cases.items():
        assert changes.kind(change, str(path)) == kind, path
    single = ChangeFilter(WatchSpec(root=root, store=store, single=root / "one.md"))
    assert single.kind(modified, str(root / "one.md")) == "doc"
    assert single.kind(modified, str(root / "two.md")) is None
    sample = ChangeFilter(WatchSpec(root=root, store=store, documents=False))
    assert sample.kind(modified, str(root / "one.md")) is None
    assert sample.kind(modified, str(store)) == "store"


def test_watch_spec_covers_the_store_or_watches_its_nearest_folder(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    root.mkdir()
    assert WatchSpec(root=root, store=root / ".kb-tui" / "status.yaml").store_covered
    outside = WatchSpec(root=root, store=tmp_path / "state" / "kb" / "status.yaml")
    assert not outside.store_covered and outside.store_target() == tmp_path
    single = WatchSpec(root=root, store=root / ".kb-tui" / "s.yaml", single=root / "a.md")
    assert not single.store_covered  # the file's folder is watched without its subfolders


def test_ancestors_of_a_key() -> None:
    assert ancestors("d.md#a/b/c") == ["d.md#a/b/c", "d.md#a/b", "d.md#a", "d.md"]
    assert ancestors("folder:x") == ["folder:x"]


def test_store_revision_tells_own_writes_from_others(tmp_path: Path) -> None:
    path = tmp_path / "status.yaml"
    mine, other = StatusStore(path), StatusStore(path)
    mine.set("d.md#a", "done")
    assert mine.revision == 0 and not mine.changed_on_disk()
    other.set("d.md#b", "blocked")
    assert mine.changed_on_disk()
    mine.set("d.md#c", "done")  # merges the other write in
    assert mine.revision == 1 and not mine.changed_on_disk()
    assert mine.entries["d.md#b"].status == "blocked"
    mine.load()  # the same content again: nothing new
    assert mine.revision == 1
    other.load()
    assert other.revision == 2 and set(other.entries) == {"d.md#a", "d.md#b", "d.md#c"}
