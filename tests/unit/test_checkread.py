"""``check`` reads outlines (items only where the store needs them): the same report."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from helpers.paths import OPS_KB, SAMPLE
from kb_tui.cli.check import orphan_suggestion_lines, print_check
from kb_tui.core.model import Document
from kb_tui.core.status.store import StatusStore, default_store_path
from kb_tui.core.vault.cache import cache_dir
from kb_tui.core.workspace.check import open_for_check, tracked_documents
from kb_tui.core.workspace.open import Workspace, open_workspace

NOTES = {
    "index.md": (
        "---\naliases: [Start]\ncreated: <% tp.date.now('YYYY-MM-DD') %>\n---\n# Index\n\n"
        "## Links\n- [[infrastructure-architecture#Related Documentation]]\n"
        "- [[guide#Setup#Steps]] and [[guide#Missing]]\n- [[guide#^step-one]] [[guide#^nope]]\n"
        "- [[nowhere]] and [guide](sub/guide.md)\n\n## Links\n- repeated heading\n"
    ),
    "sub/guide.md": (
        "# Guide\n\n## Setup\n\n### Steps\n\n1. **Install**\n   - fetch ^step-one\n"
        "   - [[Start]]\n\n```yaml\nbad: [\n```\n"
    ),
}


@pytest.fixture
def vault(
    make_vault: Callable[[dict[str, str | bytes]], Path],
    isolated_state: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return make_vault({**NOTES, SAMPLE.name: SAMPLE.read_bytes()})


def report(workspace: Workspace, fmt: str = "text") -> str:
    out = io.StringIO()
    notes = orphan_suggestion_lines(workspace)
    with redirect_stdout(out):
        print_check(workspace.kb, fmt, frozenset(), notes)
    return out.getvalue()


def expected(root: Path) -> str:
    """The report of the full read that the other commands do."""
    return report(open_workspace(root))


def items_of(doc: Document) -> int:
    return sum(1 for _ in doc.iter_items())


def test_the_report_is_the_full_reads_cold_and_warm(vault: Path) -> None:
    full = expected(vault)
    assert "link-heading-missing" in full and "link-block-missing" in full
    assert "link-unresolved" in full and "fence-invalid" in full
    assert "heading-duplicate" in full
    cold = open_for_check(vault)
    assert all(items_of(doc) == 0 for doc in cold.kb.documents)  # outlines only
    assert report(cold) == full
    assert report(open_for_check(vault)) == full  # from the outline cache
    assert report(open_for_check(vault), "json") == report(open_workspace(vault), "json")


def test_outlines_have_a_cache_of_their_own(vault: Path) -> None:
    open_workspace(vault)  # the explorer's cache
    explorer = sorted(os.listdir(cache_dir(vault.resolve())))
    open_for_check(vault)
    open_for_check(vault)
    assert sorted(os.listdir(cache_dir(vault.resolve()))) == explorer
    assert os.listdir(cache_dir(vault.resolve(), "\0outline"))
    warm = open_workspace(vault)  # still whole documents, items and all
    assert sum(items_of(doc) for doc in warm.kb.documents) > 100


def test_notes_with_stored_statuses_are_read_in_full(vault: Path) -> None:
    workspace = open_workspace(vault)
    item = next(i for i in workspace.kb.iter_items() if i.id.startswith("sub/guide.md#"))
    workspace.store.set(item.id, "done", note="shipped")
    checked = open_for_check(vault)
    by_path = {doc.path: doc for doc in checked.kb.documents}
    assert items_of(by_path["sub/guide.md"]) > 0
    assert items_of(by_path["index.md"]) == items_of(by_path[SAMPLE.name]) == 0
    assert not checked.kb.orphans
    matched = next(i for i in by_path["sub/guide.md"].iter_items() if i.id == item.id)
    assert (matched.status, matched.note) == ("done", "shipped")
    assert report(checked) == expected(vault)


def test_a_full_read_of_tracked_notes_keeps_the_explorers_cache(
    vault: Path, count_parses: Callable[[], list[str]]
) -> None:
    workspace = open_workspace(vault)
    item = next(i for i in workspace.kb.iter_items() if i.id.startswith("index.md#"))
    workspace.store.set(item.id, "blocked")
    open_for_check(vault)
    parsed = count_parses()
    open_workspace(vault)
    assert parsed == []  # every note still cached for the explorer


def test_orphans_get_their_suggestions_from_a_full_read(vault: Path) -> None:
    workspace = open_workspace(vault)
    item = next(i for i in workspace.kb.iter_items() if i.text == "fetch ^step-one")
    workspace.store.set(item.id, "blocked")
    guide = vault / "sub" / "guide.md"
    guide.write_text(guide.read_text().replace("fetch ^step-one", "fetch it all ^step-one"))
    checked = open_for_check(vault)
    assert [orphan.id for orphan in checked.kb.orphans] == [item.id]
    text = report(checked)
    assert "re-attach it with: kb-tui mark --from" in text and "fetch-it-all" in text
    assert text == expected(vault)


def test_a_broken_store_is_reported_and_kept(vault: Path) -> None:
    store_path = default_store_path(vault.resolve())
    store_path.parent.mkdir(parents=True, exist_ok=True)
    store_path.write_text("statuses: [not: a mapping\n")
    text = report(open_for_check(vault))
    assert "store-unreadable" in text
    assert text == expected(vault)
    assert store_path.read_text() == "statuses: [not: a mapping\n"


def test_a_single_note_is_checked_like_the_full_read(vault: Path) -> None:
    note = vault / "sub" / "guide.md"
    assert report(open_for_check(note)) == expected(note)
    StatusStore(default_store_path(vault.resolve()))  # opening a store writes nothing
    assert report(open_for_check(note)) == expected(note)


def test_tracked_documents_take_every_prefix_before_a_hash() -> None:
    docs = [Document(path=p, title=p, frontmatter={}, text="") for p in ("a.md", "b#c.md", "d.md")]
    ids = ["a.md#x/y", "b#c.md#z", "gone.md#q"]
    assert tracked_documents(docs, ids) == {"a.md", "b#c.md"}
    assert tracked_documents(docs, []) == set()


def test_an_unknown_status_is_refused_before_it_breaks_the_store(tmp_path: Path) -> None:
    store = StatusStore(tmp_path / "status.yaml")
    store.set("a.md#x", "done")
    with pytest.raises(ValueError, match="unknown status 'in-progress'"):
        store.set("a.md#x", "in-progress")
    again = StatusStore(tmp_path / "status.yaml")
    assert (again.error, again.entries["a.md#x"].status) == ("", "done")


def test_heading_repeats_come_with_the_parse_and_the_cache(vault: Path) -> None:
    from kb_tui.core.parse.checks import heading_repeats

    cold = open_for_check(vault)
    index = next(doc for doc in cold.kb.documents if doc.path == "index.md")
    assert index.repeats == heading_repeats(index) == [(13, "Links", 7, "links")]
    warm = open_for_check(vault)
    assert next(d for d in warm.kb.documents if d.path == "index.md").repeats == index.repeats


def test_a_first_read_looks_nothing_up_in_the_empty_cache(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb_tui.core.vault import index as index_module

    looked: list[str] = []
    real = index_module.ParseCache.payload

    def spy(self, rel_path, key):  # type: ignore[no-untyped-def]
        looked.append(rel_path)
        return real(self, rel_path, key)

    monkeypatch.setattr(index_module.ParseCache, "payload", spy)
    open_for_check(vault)
    assert looked == []
    open_for_check(vault)
    assert sorted(looked) == sorted([*NOTES, SAMPLE.name])


@pytest.mark.slow
@pytest.mark.skipif(not OPS_KB.is_dir(), reason="the ops-kb vault is not beside the checkout")
def test_the_ops_kb_report_is_the_full_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    checked = report(open_for_check(OPS_KB), "json")
    assert checked == report(open_workspace(OPS_KB), "json")
    assert '"documents": 723' in checked


def test_a_number_too_long_to_print_is_a_problem_not_a_crash(vault: Path) -> None:
    huge = "0x" + "f" * 4000
    (vault / "big.md").write_text(f"---\nn: {huge}\n---\n# Big\n\n```yaml\nn: {huge}\n```\n")
    text = report(open_for_check(vault))
    assert "big.md:1: error: [frontmatter-invalid] a number of more than 1024 bits" in text
    assert "big.md:6: warning: [fence-invalid] yaml block could not be read: a number" in text
    assert text == expected(vault)


def test_a_store_of_hostile_ids_costs_no_more_than_its_size() -> None:
    docs = [Document(path="a#b.md", title="a", frontmatter={}, text="")]
    assert tracked_documents(docs, ["#" * 200_000, "a#b.md#x"]) == {"a#b.md"}


def test_a_templater_placeholder_behind_a_control_character_is_dated(tmp_path: Path) -> None:
    from kb_tui.core.vault.index import _templated

    assert _templated("## Day <\u200e% tp.date.now() %>\n")
    assert _templated("<% tp.file.title %>")
    assert not _templated("50% done, <b>bold</b>")
