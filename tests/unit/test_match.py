"""Issue 15 #13: the filter's matching rule and its ranking (contiguous and word-start
matches first, headings before items, scattered letters never)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_filter import run_filter
from kb_tui.core.query.kb_index import KbIndex
from kb_tui.core.query.match import INSIDE_WORD, WORD_START, Query, match_text
from kb_tui.core.workspace.load import load_kb

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md"
ROOT = "infrastructure-architecture.md#infrastructure-architecture"


@pytest.fixture(scope="module")
def sample() -> KnowledgeBase:
    return load_kb(SAMPLE)


def test_letters_scattered_through_words_do_not_match() -> None:
    assert match_text("incident", "Security Classification: [Public/Internal/Confidential]") is None
    assert match_text("pln", "Capacity planning") is None


def test_tiers() -> None:
    word = match_text("plan", "Capacity planning")
    inside = match_text("apac", "Capacity planning")
    assert word is not None and word.tier == WORD_START and word.positions == [9, 10, 11, 12]
    assert inside is not None and inside.tier == INSIDE_WORD
    assert match_text("resalloc", "Resource allocation") is None  # no acronym pieces


def test_every_token_must_match() -> None:
    assert match_text("cap plan", "Capacity planning") is not None
    assert match_text("cap zebra", "Capacity planning") is None
    assert match_text("   ", "anything") is None


def test_whole_words_and_earlier_matches_rank_higher() -> None:
    whole = match_text("net", "the net")
    part = match_text("net", "network")
    assert whole is not None and part is not None and whole.closeness > part.closeness - 5


def test_storage_ranks_the_layer_first(sample: KnowledgeBase) -> None:
    """Headings before items, the layer (H2) before its subsections and groups."""
    outcome = run_filter(KbIndex(sample), "storage")
    assert outcome.best == f"{ROOT}/storage-architecture"
    kinds = {e.key: e.kind for e in KbIndex(sample).entries}
    ranked = [kinds[key] for key in outcome.ranked]
    first_item = ranked.index("item")
    assert "item" not in ranked[:first_item] and ranked[0] == "section"


def test_matches_are_ranked_by_quality_first(sample: KnowledgeBase) -> None:
    index = KbIndex(sample)
    titles = {entry.key: entry.title for entry in index.entries}
    outcome = run_filter(index, "work")  # "Work…" at a word start, "Network…" inside a word
    tiers = [match_text("work", titles[key]).tier for key in outcome.ranked]  # type: ignore[union-attr]
    assert tiers[0] == WORD_START and INSIDE_WORD in tiers
    assert tiers == sorted(tiers, reverse=True)


def test_typing_on_narrows_to_the_same_matches_as_a_fresh_search(sample: KnowledgeBase) -> None:
    typing = KbIndex(sample)
    for end in range(1, len("network ops") + 1):
        query = "network ops"[:end]
        assert run_filter(typing, query).matches == run_filter(KbIndex(sample), query).matches
        assert run_filter(typing, query).item_ids == run_filter(KbIndex(sample), query).item_ids, (
            query
        )


def test_a_stale_search_gives_up() -> None:
    kb = load_kb(SAMPLE)
    assert run_filter(KbIndex(kb), "network", stop=lambda: True) is None


@given(st.text(max_size=12), st.text(max_size=12))
def test_narrows_means_subset(first: str, more: str) -> None:
    """When a query narrows another, everything it matches the other matches too."""
    wide, narrow = Query.parse(first), Query.parse(first + more)
    if not narrow.narrows(wide):
        return
    for text in ["Resource allocation", "network", first + more, "a b c", first]:
        if match_text(narrow, text) is not None:
            assert match_text(wide, text) is not None
