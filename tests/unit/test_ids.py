"""IDs stay put under unrelated edits, reordering and emoji changes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.paths import SAMPLE
from kb_tui.core.parse.document import build_document

BASE = SAMPLE.read_text(encoding="utf-8")


def ids(text: str) -> dict[str, str]:
    doc, _ = build_document("infrastructure-architecture.md", text)
    return {item.text: item.id for item in doc.iter_items()}


def test_ids_survive_edits_elsewhere() -> None:
    before = ids(BASE)
    edited = BASE.replace("- Capacity planning\n", "- Capacity planning\n   - Added thing\n", 0)
    edited = edited.replace("This document outlines", "Rewritten intro. This document outlines")
    edited = edited.replace("   - Firewalls\n", "   - Firewalls\n   - New control\n")
    after = ids(edited)
    for text, item_id in before.items():
        assert after[text] == item_id


def test_ids_survive_sibling_reordering() -> None:
    swapped = BASE.replace(
        "   - Block storage\n   - File storage\n", "   - File storage\n   - Block storage\n"
    )
    assert ids(swapped) == ids(BASE)


def test_ids_survive_emoji_repair_and_change() -> None:
    repaired = BASE.replace("\uf8ffüíª Compute", "💻 Compute").replace("\uf8ffüéØ", "🚀")
    assert ids(repaired) == ids(BASE)


def test_repeated_text_under_one_parent_gets_suffixes() -> None:
    doc, _ = build_document("d.md", "# S\n- a\n- a\n- a\n")
    assert [i.id for i in doc.iter_items()] == ["d.md#s/a", "d.md#s/a~2", "d.md#s/a~3"]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200))
def test_ids_stable_when_text_appended_to_another_section(extra: str) -> None:
    edited = BASE.replace("## \uf8ffüîÑ Change Log", f"{extra}\n\n## \uf8ffüîÑ Change Log", 1)
    before, after = ids(BASE), ids(edited)
    moved = [t for t in before if t in after and after[t] != before[t]]
    assert not [t for t in moved if "change" not in before[t]]
