"""Orphaned statuses in the core: kept, reported, suggested, and re-attached (``mark --from``,
``check`` and ``export``: tests/cli/test_orphans_cli.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.status_vaults import NEW, OLD, ORPHAN_DOC, MakeVault, orphaned_vault
from kb_tui.core.status.history import read_history
from kb_tui.core.status.orphans import likeliest, reattach, suggestions
from kb_tui.core.status.store import StatusStore, StoreError
from kb_tui.core.workspace.load import load_kb
from kb_tui.core.workspace.open import open_workspace


@pytest.fixture
def orphaned(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return orphaned_vault(make_vault)


def test_orphan_is_kept_shown_and_reported(orphaned: Path) -> None:
    workspace = open_workspace(orphaned)
    assert [o.id for o in workspace.kb.orphans] == [OLD]
    problems = [p for p in workspace.kb.problems if p.code == "orphan-status"]
    assert len(problems) == 1 and OLD in problems[0].message
    assert problems[0].line > 0  # points at the block in the store file
    workspace.store.apply(workspace.kb)  # applying again does not duplicate the problem
    assert sum(p.code == "orphan-status" for p in workspace.kb.problems) == 1


def test_suggestion_prefers_same_document_and_similar_text(orphaned: Path) -> None:
    kb = load_kb(orphaned)
    assert likeliest(kb, OLD) is not None
    assert likeliest(kb, OLD).id == NEW  # type: ignore[union-attr]
    ranked = [item.id for item, _ in suggestions(kb, OLD)]
    assert ranked[0] == NEW and len(ranked) == 3


def test_suggestion_looks_in_other_documents_when_the_file_moved(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"new/d.md": ORPHAN_DOC, "other.md": "- unrelated thing\n"})
    kb = load_kb(root)
    best = likeliest(kb, "d.md#ops/compute/capacity-planning")
    assert best is not None and best.id == "new/d.md#ops/compute/capacity-planning"


def test_no_suggestion_for_nothing_alike(make_vault: MakeVault) -> None:
    root = make_vault({"d.md": "- zzz\n"})
    assert likeliest(load_kb(root), "x.md#quantum-flux-capacitor") is None


def test_reattach_moves_entry_atomically_and_records_history(orphaned: Path) -> None:
    workspace = open_workspace(orphaned)
    item = workspace.kb.item_index()[NEW]
    entry = reattach(workspace.store, workspace.kb, OLD, item, user="bob")
    assert (entry.status, entry.note, entry.owner, entry.by) == (
        "done",
        "sized for 2027",
        "ana",
        "bob",
    )
    on_disk = StatusStore(workspace.store.path).entries
    assert OLD not in on_disk and on_disk[NEW].status == "done"
    assert workspace.kb.orphans == [] and item.status == "done"
    records = read_history(workspace.store.history_path).records
    assert [(r.item, r.before, r.after) for r in records[-2:]] == [
        (OLD, "done", None),
        (NEW, None, "done"),
    ]
    assert records[-1].moved_from == OLD and records[-2].moved_to == NEW


def test_reattach_of_missing_entry_fails_and_writes_nothing(orphaned: Path) -> None:
    workspace = open_workspace(orphaned)
    before = workspace.store.path.read_bytes()
    with pytest.raises(StoreError):
        workspace.store.move("d.md#nope", NEW)
    assert workspace.store.path.read_bytes() == before
