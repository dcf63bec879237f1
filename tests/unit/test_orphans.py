"""Orphaned statuses: kept, reported, suggested, and re-attached (core and CLI)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kb_tui.cli.headless import main as headless_main
from kb_tui.core.status.history import read_history
from kb_tui.core.status.orphans import likeliest, reattach, suggestions
from kb_tui.core.status.store import StatusStore, StoreError
from kb_tui.core.workspace.load import load_kb
from kb_tui.core.workspace.open import open_workspace

MakeVault = Callable[[dict[str, str | bytes]], Path]
DOC = "# Ops\n## Compute\n- Capacity planning\n- Server racks\n## Network\n- Firewall rules\n"
RENAMED = "# Ops\n## Compute\n- Capacity plannings\n- Server racks\n## Network\n- Firewall rules\n"
OLD = "d.md#ops/compute/capacity-planning"
NEW = "d.md#ops/compute/capacity-plannings"


@pytest.fixture
def orphaned(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    root = make_vault({"d.md": DOC})
    store = StatusStore(root / ".kb-tui" / "status.yaml")
    store.set(OLD, "done", note="sized for 2027", owner="ana")
    (root / "d.md").write_text(RENAMED, encoding="utf-8")
    return root


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
    root = make_vault({"new/d.md": DOC, "other.md": "- unrelated thing\n"})
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
    assert f"mark --from '{OLD}' '{NEW}'" in out


def test_export_lists_orphans(orphaned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["export", str(orphaned), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [o["id"] for o in report["orphans"]] == [OLD]
