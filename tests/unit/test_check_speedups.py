"""What makes ``check`` and live reload cheaper must not change what they report."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.paths import SAMPLE
from kb_tui.core.doctor.detect import TEMPLATER_CODE, diagnose
from kb_tui.core.model import Item, KnowledgeBase
from kb_tui.core.status.store import StatusStore
from kb_tui.core.vault.codec import dump_parsed, load_parsed
from kb_tui.core.workspace.load import load_kb, reusable
from kb_tui.core.workspace.open import open_workspace

FENCE_AND_PLACEHOLDER = (
    "# Note\n\n## Setup\n\n```yaml\nkey: 1\n```yaml\n\n- an item\n\nCreated <% tp.date.now() %>\n"
)


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = tmp_path / "vault"
    (root / "templates").mkdir(parents=True)
    (root / ".obsidian").mkdir()
    (root / ".obsidian" / "templates.json").write_text('{"folder": "templates"}')
    shutil.copyfile(SAMPLE, root / SAMPLE.name)
    (root / "note.md").write_text(FENCE_AND_PLACEHOLDER)
    (root / "templates" / "daily.md").write_text(FENCE_AND_PLACEHOLDER)
    return root


def fresh_findings(kb: KnowledgeBase) -> KnowledgeBase:
    for doc in kb.documents:
        doc.findings = None  # diagnose then scans every note itself
    return kb


def codes(problems: list) -> list[tuple[str, int, str, str]]:  # type: ignore[type-arg]
    return [(p.path, p.line, p.code, p.message) for p in problems]


def test_findings_read_with_the_note_give_the_same_diagnosis(vault: Path) -> None:
    cold = load_kb(vault)
    warm = load_kb(vault)  # from the parse cache: findings decoded, not scanned
    assert all(doc.findings is not None for doc in warm.documents)
    expected = codes(diagnose(fresh_findings(load_kb(vault))))
    assert codes(diagnose(cold)) == expected == codes(diagnose(warm))
    found = {(path, code) for path, _, code, _ in expected}
    assert ("note.md", TEMPLATER_CODE) in found  # a leftover in a note is reported…
    assert ("templates/daily.md", TEMPLATER_CODE) not in found  # …not in a template
    assert ("templates/daily.md", "fence-info-on-close") in found


def test_findings_survive_the_codec(vault: Path) -> None:
    doc = next(d for d in load_kb(vault).documents if d.path == "note.md")
    assert doc.findings
    back, _ = load_parsed(dump_parsed(doc, []))
    assert back.findings == doc.findings


def test_applying_an_emptied_store_resets_every_item(vault: Path, tmp_path: Path) -> None:
    kb = load_kb(vault)
    store = StatusStore(tmp_path / "status.yaml")
    items = [item for item in kb.iter_items() if item.kind != "task"][:3]
    for item in items:
        store.set(item.id, "blocked", note="waiting", owner="ops")
    store.apply(kb)
    assert all((i.status, i.note, i.owner) == ("blocked", "waiting", "ops") for i in items)
    store.entries = {}
    store.apply(kb)
    assert all((i.status, i.note, i.owner, i.by) == ("todo", "", "", "") for i in items)
    tasks = [item for item in kb.iter_items() if item.kind == "task"]
    assert all(item.status == ("done" if item.checkbox in "xX" else "todo") for item in tasks)


def test_orphans_are_the_entries_no_item_matched(vault: Path, tmp_path: Path) -> None:
    kb = load_kb(vault)
    store = StatusStore(tmp_path / "status.yaml")
    item: Item = next(kb.iter_items())
    store.set(item.id, "done")
    store.set(f"{SAMPLE.name}#gone/away", "blocked")
    store.apply(kb)
    assert [orphan.id for orphan in kb.orphans] == [f"{SAMPLE.name}#gone/away"]
    assert item.status == "done"


def test_a_reload_reusing_unchanged_notes_equals_a_full_read(vault: Path) -> None:
    before = open_workspace(vault).kb
    (vault / "note.md").write_text("# Note\n\n## Changed\n\n- [[infrastructure-architecture]]\n")
    (vault / "new.md").write_text("# New\n\n- [[nowhere]]\n")
    reuse = reusable(before, ["note.md", "new.md"])
    assert set(reuse) == {SAMPLE.name, "templates/daily.md"}
    again = open_workspace(vault, reuse=reuse).kb
    full = open_workspace(vault).kb
    sample = next(d for d in again.documents if d.path == SAMPLE.name)
    assert sample is next(d for d in before.documents if d.path == SAMPLE.name)  # not re-read
    assert [dump_parsed(d, []) for d in again.documents] == [
        dump_parsed(d, []) for d in full.documents
    ]
    assert codes(again.problems) == codes(full.problems)
    assert any(p.code == "link-unresolved" and p.path == "new.md" for p in again.problems)


def test_a_reload_reusing_notes_keeps_the_parse_cache_whole(
    vault: Path, count_parses: Callable[[], list[str]]
) -> None:
    (vault / "sub").mkdir()
    (vault / "sub" / "deep.md").write_text("# Deep\n\n- item\n")
    before = open_workspace(vault).kb
    (vault / "note.md").write_text("# Note\n\n## Changed\n\n- changed\n")
    open_workspace(vault, reuse=reusable(before, ["note.md"]))
    parsed = count_parses()
    again = load_kb(vault)
    assert parsed == []  # every note from the cache: the edited one was cached by the reload
    assert [
        s.title for s in next(d for d in again.documents if d.path == "note.md").iter_sections()
    ][-1] == "Changed"
