"""The problems view's state: what its filter lets through, its columns' widths, the
location shortened in the middle (issue 15, #9)."""

from __future__ import annotations

from rich.cells import cell_len

from kb_tui.core.model import Problem
from kb_tui.tui.state.problem_filter import ProblemFilter, fit_columns, shorten_middle

DEEP = "frameworks/Risk_Management/Risk_Assessment_Methodology/risk_assessment_methodology.md"
PROBLEMS = [
    Problem("a.md", 7, "error", "fence-info-on-close", "closing fence …"),
    Problem("notes/b.md", 2, "warning", "link-unresolved", "link target 'x' matches no …"),
    Problem(DEEP, 3, "warning", "templater-unrendered", "Templater expression …"),
    Problem("notes/c.md", 4, "info", "heading-duplicate", "heading 'Notes' repeats …"),
]


def test_no_filter_lets_everything_through() -> None:
    state = ProblemFilter()
    assert not state.active
    assert state.apply(PROBLEMS) == PROBLEMS
    assert state.shown_text(4, 4, 1000) == "4 of 4 shown"


def test_severities_toggle() -> None:
    state = ProblemFilter()
    state.toggle("error")
    state.toggle("info")
    assert [p.severity for p in state.apply(PROBLEMS)] == ["error", "info"]
    assert state.shown_text(2, 4, 1000) == "2 of 4 shown (error, info)"
    state.toggle("error")
    state.toggle("info")
    assert state.apply(PROBLEMS) == PROBLEMS


def test_every_word_must_match_the_code_severity_or_path() -> None:
    state = ProblemFilter()
    state.text = "Link"
    assert [p.code for p in state.apply(PROBLEMS)] == ["link-unresolved"]
    state.text = "notes warning"
    assert [p.path for p in state.apply(PROBLEMS)] == ["notes/b.md"]
    state.text = "risk_management"
    assert [p.path for p in state.apply(PROBLEMS)] == [DEEP]
    state.text = "nothing-like-it"
    assert state.apply(PROBLEMS) == []


def test_shown_text_says_how_many_are_listed_past_the_limit() -> None:
    assert ProblemFilter().shown_text(5512, 5512, 1000) == "5,512 of 5,512 shown, 1,000 listed"


def test_shorten_middle_keeps_the_start_and_the_file_and_line() -> None:
    where = f"{DEEP}:123"
    short = shorten_middle(where, 30)
    assert cell_len(short) == 30
    assert short.startswith("framework") and short.endswith("methodology.md:123")
    assert "…" in short
    assert shorten_middle("a.md:7", 30) == "a.md:7"
    assert cell_len(shorten_middle("ä" * 10 + "漢字" * 10, 11)) <= 11


def test_columns_fit_the_width_with_room_for_the_message() -> None:
    for width in (71, 100, 148, 200):  # 71: the table at 80 columns
        columns = fit_columns(width, PROBLEMS)
        used = columns.severity + columns.where + columns.code + columns.message + 4 * 2
        assert used <= width, width
        assert columns.message >= 20
        assert columns.code == len("templater-unrendered")
    wide = fit_columns(148, PROBLEMS)
    assert wide.message >= 60
    assert wide.where < cell_len(f"{DEEP}:3")  # shortened: two fifths at most
