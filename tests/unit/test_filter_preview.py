"""Issue 15 #13: a query holding much of a large vault is drawn before it is counted, and
what is drawn is exactly what the full filter draws (the same ranking, the same nodes)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query import kb_filter, kb_index
from kb_tui.core.query.kb_filter import KbFilter, MatchNode, best_matches, preview, run_filter
from kb_tui.core.query.kb_index import KbIndex, outermost
from kb_tui.core.query.match import Query
from kb_tui.core.workspace.load import load_kb

WORDS = ["storage", "network", "gateway", "stage", "status", "backup", "restore", "audit"]


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """Notes whose headings and items share a small vocabulary: short queries match a lot,
    nested matches (a document matching, and its sections and items too) are common."""
    root = tmp_path_factory.mktemp("vault")
    for n in range(40):
        w = WORDS[n % len(WORDS)]
        lines = [f"# {w.title()} note {n}", ""]
        for s in range(3):
            lines += [f"## {WORDS[(n + s) % len(WORDS)]} layer {s}", ""]
            lines += [f"**{s + 1}. {WORDS[(n * s) % len(WORDS)]} group**", ""]
            lines += [f"- {WORDS[(n + i) % len(WORDS)]} item {i} of {n}" for i in range(5)]
            lines.append("")
        (root / f"note-{n:02}.md").write_text("\n".join(lines), encoding="utf-8")
    return load_kb(root)


def shape(nodes: list[MatchNode]) -> list[tuple[str, bool, object]]:
    return [(node.entry.key, node.whole, shape(node.children)) for node in nodes]


def drawn(outcome: KbFilter | None) -> tuple[list[str], object, bool]:
    assert outcome is not None
    return outcome.ranked, shape(outcome.roots), outcome.truncated


def uncounted(monkeypatch: pytest.MonkeyPatch, scanned: bool) -> None:
    """Every query drawn before counting: found by scanning the titles (``scanned``), or
    by collecting the matches (cheap) without counting what they keep."""
    monkeypatch.setattr(kb_filter, "LARGE", -1)
    if scanned:
        monkeypatch.setattr(kb_index, "LARGE", -1)
        monkeypatch.setattr(kb_index, "NARROW_CHEAP", -1)
        monkeypatch.setattr(kb_index, "CHEAP_WORK", -1)


@pytest.mark.parametrize("scanned", [True, False])
@pytest.mark.parametrize("text", ["st", "sta", "ta", "st it", "e", "item 1", "zz", "t  o"])
def test_a_preview_draws_what_the_full_filter_draws(
    vault: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, text: str, scanned: bool
) -> None:
    uncounted(monkeypatch, scanned)
    shown = preview(KbIndex(vault), text)
    assert shown is not None and not shown.counted and shown.matches == 0
    assert drawn(shown) == drawn(run_filter(KbIndex(vault), text))
    best = best_matches(KbIndex(vault), text, 50)
    assert [KbIndex(vault).entries[i].key for i, _ in best] == shown.ranked


def test_a_small_query_is_counted_at_once(vault: KnowledgeBase) -> None:
    shown = preview(KbIndex(vault), "restore item 3")
    full = run_filter(KbIndex(vault), "restore item 3")
    assert shown is not None and shown.counted
    assert (shown.matches, shown.items, shown.item_ids) == (full.matches, full.items, full.item_ids)


def test_typing_on_with_the_same_words_is_known_at_once(
    vault: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    uncounted(monkeypatch, scanned=True)
    index = KbIndex(vault)
    first = run_filter(index, "storag")
    assert index.cheap(Query.parse("storage"))  # held by the same words: known
    again = preview(index, "storage")
    assert again is not None and again.counted and again.matches == first.matches
    assert not index.cheap(Query.parse("gate"))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["s", "t", "a", "o", "r", "g", " ", "1", "e"]), max_size=9))
def test_typing_on_counts_what_a_fresh_search_counts(vault: KnowledgeBase, keys: list[str]) -> None:
    typing = KbIndex(vault)
    for end in range(1, len(keys) + 1):
        text = "".join(keys[:end])
        fresh = run_filter(KbIndex(vault), text)
        typed = run_filter(typing, text)
        assert (typed.matches, typed.items, typed.item_ids) == (
            fresh.matches,
            fresh.items,
            fresh.item_ids,
        ), text
        assert drawn(typed) == drawn(fresh)


def test_outermost_headings_skip_those_inside_another() -> None:
    ends = [10, 5, 3, 4, 5, 10, 7, 8, 9, 10, 12, 12]
    assert outermost([0, 1, 2, 5, 10], ends) == [0, 10]
    assert outermost([1, 2, 5, 6, 10, 11], ends) == [1, 5, 10]
    assert outermost([], ends) == []


def test_the_sample_previews_as_it_filters(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = load_kb(Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md")
    uncounted(monkeypatch, scanned=True)
    for text in ["network", "storage", "se", "ops plan"]:
        assert drawn(preview(KbIndex(kb), text)) == drawn(run_filter(KbIndex(kb), text)), text
