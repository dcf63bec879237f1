"""Tree labels: bars show progress, counts survive a narrow pane (issue 15 #8, #16)."""

from __future__ import annotations

from pathlib import Path

from kb_tui.core.model import Orphan
from kb_tui.core.model.layout import natural_key
from kb_tui.core.model.progress import Summary, filled_cells, percent_text
from kb_tui.core.status.orphans import describe
from kb_tui.core.text import clean
from kb_tui.core.workspace.load import load_kb
from kb_tui.tui.labels import container_label, fit_label, label_ends, mini_bar, orphan_label

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md"
CAPACITY = (
    "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
    "compute-resources/resource-management/capacity-planning"
)


def test_bar_shows_done_over_applicable_not_the_status_mix() -> None:
    # 1 done, 1 in progress, 1 blocked: 33% done, so the bar is one third full, not full.
    summary = Summary(items=3, done=1, in_progress=1, blocked=1)
    assert mini_bar(summary).plain == "▰▱▱▱▱"
    assert mini_bar(Summary(items=4, in_progress=2, blocked=2)).plain == "▱▱▱▱▱"


def test_bar_ignores_na_items_like_the_percent() -> None:
    assert mini_bar(Summary(items=4, done=2, na=2)).plain == "▰▰▰▰▰"  # 2/2 applicable
    assert mini_bar(Summary(items=2, na=2)).plain == "▱▱▱▱▱"


def test_filled_cells_rounds_like_the_percent() -> None:
    for done, applicable in [(1, 134), (2, 134), (1, 3), (2, 3), (9, 10), (10, 10), (0, 5)]:
        cells = filled_cells(done, applicable, 5)
        text = percent_text(done, applicable)
        assert (cells == 5) == (text == "100%")
        assert (cells == 0) == (text in ("0%", "—"))
        assert cells <= done * 5 // applicable or cells == 1


def test_natural_key_orders_numbers_by_value_and_ignores_case() -> None:
    names = ["Note 10", "note 2", "Alpha", "note 1b", "beta"]
    assert sorted(names, key=natural_key) == ["Alpha", "beta", "note 1b", "note 2", "Note 10"]


def test_an_orphan_is_described_by_its_text_sections_and_document() -> None:
    kb = load_kb(SAMPLE)
    known = describe(f"{CAPACITY}~2", kb)
    assert known.text == "Capacity planning"
    # The sections' current titles; the H1 that repeats the note's title is left out.
    assert known.where == (
        "💻 Compute Infrastructure",
        "Compute Resources",
        "Resource Management",
    )
    assert known.document == "infrastructure-architecture.md"
    gone = describe("old/notes.md#ops/compute/server-racks")
    assert (gone.text, gone.where, gone.document) == (
        "Server racks",
        ("Ops", "Compute"),
        "old/notes.md",
    )
    label = orphan_label(Orphan(gone.document, "done"), gone).plain
    assert label == "● Server racks  Ops › Compute · old/notes.md"


def test_fit_label_keeps_the_count_and_cuts_the_title_cleanly() -> None:
    summary = Summary(items=16)
    label = container_label("Infrastructure Tools", summary, "🛠")
    for width in (20, 24, 28, 30):
        fitted = fit_label(label, width, label_ends(summary))
        assert fitted.cell_len <= width
        assert fitted.plain.endswith(" 0/16 0%")
        assert " …" not in fitted.plain


def test_emoji_of_ambiguous_width_lose_vs16() -> None:
    assert clean("## 🛠️ Tools ⚙️ and ⚠️") == "## 🛠 Tools ⚙ and ⚠"
    assert clean("🔒️ wide stays") == "🔒️ wide stays"  # two cells however it is measured
    assert clean("1️⃣ keycap") == "1️⃣ keycap"
