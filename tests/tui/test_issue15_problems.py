"""Issue 15 (#1, #8, #9): the header and the problems view show what ``kb-tui check`` reports.

The header's figures are ``check``'s totals by severity (counted off the UI thread, again
after a reload or a repair), in a form that fits 80 columns; the problems view lists errors
first, fits its columns to its width (the message on screen at 80 and 160 columns, nothing
to scroll sideways), narrows by severity and by words, and shows rows at 80x24.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import DataTable

from helpers.cli import run_cli
from helpers.paths import DOCTOR_FIXTURES
from kb_tui.core.doctor.totals import Totals
from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.problems import ProblemsScreen
from tui.conftest import loaded, problems_view, running, settle

BROKEN = (DOCTOR_FIXTURES / "broken.md").read_bytes()
# A vault with every severity: an error (a closing fence with an info string), warnings
# (unresolved links) and info (a repeated heading no link targets; broken.md read with its
# broken fence repaired in memory).
MIXED = {
    "broken.md": BROKEN,
    "links.md": b"# Links\n- [[nowhere]]\n- [[elsewhere]]\n",
    "repeats.md": b"# Repeats\n## Notes\n- a\n## Notes\n- b\n",
}


def make_mixed(root: Path) -> Path:
    root.mkdir()
    for name, data in MIXED.items():
        (root / name).write_bytes(data)
    return root


@pytest.fixture
def mixed_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return make_mixed(tmp_path / "vault")


@pytest.fixture
def long_named(mixed_vault: Path) -> Path:
    """The same vault under a longer name: the header's long form no longer fits 80 columns."""
    return make_mixed(mixed_vault.parent / "platform-operations")


def check_totals(root: Path) -> Totals:
    """What ``kb-tui check --format json`` says, as totals (the real command: in-process,
    its output would go to the running app's capture)."""
    done = run_cli("check", str(root), "--format", "json")
    summary = json.loads(done.stdout)["summary"]
    return Totals(errors=summary["errors"], warnings=summary["warnings"], info=summary["info"])


async def test_header_shows_the_totals_of_check_on_the_sample(
    vault: Path,
) -> None:
    expected = check_totals(vault)
    assert expected == Totals(errors=0, warnings=18, info=0)
    async with running(KbApp(vault)) as (app, _pilot):
        assert app.session.diagnosis is not None
        assert app.session.diagnosis.totals == expected
        assert app.sub_title.endswith(" · ⚠ 18 warnings (p)")


@pytest.mark.parametrize(
    ("name", "size", "shown"),
    [
        ("vault", (160, 48), "⚠ 1 error · 2 warnings · 2 info (p)"),
        ("vault", (80, 24), "⚠ 1 error · 2 warnings · 2 info (p)"),
        ("platform-operations", (80, 24), "⚠ 1 err · 2 warn · 2 info (p)"),
    ],
)
async def test_header_shows_errors_warnings_and_info_and_fits(
    mixed_vault: Path,
    name: str,
    size: tuple[int, int],
    shown: str,
) -> None:
    root = mixed_vault if name == "vault" else make_mixed(mixed_vault.parent / name)
    assert check_totals(root) == Totals(errors=1, warnings=2, info=2)
    async with running(KbApp(root), size) as (app, _pilot):
        assert app.sub_title.endswith(shown)
        header = f"{app.title} — {app.sub_title}"
        assert cell_len(header) <= size[0] - 8  # beside the header's icon: nothing cut


async def test_header_fits_again_when_the_terminal_narrows(long_named: Path) -> None:
    async with running(KbApp(long_named), (160, 48)) as (app, pilot):
        assert app.sub_title.endswith("⚠ 1 error · 2 warnings · 2 info (p)")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.sub_title.endswith("⚠ 1 err · 2 warn · 2 info (p)")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert app.sub_title.endswith("⚠ 1 error · 2 warnings · 2 info (p)")


async def test_header_counts_again_after_a_repair_and_a_reload(
    mixed_vault: Path,
) -> None:
    async with running(KbApp(mixed_vault), (160, 48)) as (app, pilot):
        screen = await problems_view(pilot)
        assert screen.selected() is not None and screen.selected().code == "fence-info-on-close"
        await pilot.press("a")  # repair it: the app reads the vault again
        for _ in range(250):
            await pilot.pause(0.02)
            diagnosis = app.session.diagnosis
            if diagnosis is not None and diagnosis.totals.errors == 0:
                break
        assert app.session.diagnosis is not None
        assert app.session.diagnosis.totals == check_totals(mixed_vault)
        assert app.sub_title.endswith("⚠ 2 warnings · 1 info (p)")
        (mixed_vault / "more.md").write_text("# More\n[[gone]]\n", encoding="utf-8")
        await pilot.press("r")
        for _ in range(250):
            await pilot.pause(0.02)
            diagnosis = app.session.diagnosis
            if diagnosis is not None and diagnosis.totals.warnings == 3:
                break
        assert app.sub_title.endswith("⚠ 3 warnings · 1 info (p)")
        assert app.session.diagnosis is not None
        assert app.session.diagnosis.totals == check_totals(mixed_vault)


async def test_header_counts_again_on_live_reload(mixed_vault: Path) -> None:
    """A note changed on disk (a new broken link), then a status made an orphan by an edit:
    the header follows, and agrees with ``check`` (an orphan is a warning there too)."""
    async with running(KbApp(mixed_vault), (160, 48)) as (app, pilot):
        for _ in range(300):
            if app.session.live is not None and app.session.live.ready():
                break
            await pilot.pause(0.02)
        links = mixed_vault / "links.md"
        links.write_text(links.read_text() + "- [[also-gone]]\n", encoding="utf-8")
        await until_totals(pilot, app, Totals(errors=1, warnings=3, info=2))
        assert app.sub_title.endswith("⚠ 1 error · 3 warnings · 2 info (p)")
        item = next(i for i in app.session.items_by_id if i.startswith("repeats.md"))
        run_cli("mark", str(mixed_vault), item, "done")
        await pilot.pause(0.5)
        repeats = mixed_vault / "repeats.md"
        repeats.write_text("# Repeats\n## Notes\n## Notes\n", encoding="utf-8")
        expected = check_totals(mixed_vault)
        assert expected.warnings == 4  # the orphaned status
        await until_totals(pilot, app, expected)
        assert app.sub_title.endswith("⚠ 1 error · 4 warnings · 2 info (p)")


async def until_totals(pilot: Pilot[None], app: KbApp, expected: Totals) -> None:
    for _ in range(500):
        diagnosis = app.session.diagnosis
        if diagnosis is not None and diagnosis.totals == expected:
            break
        await pilot.pause(0.02)
    assert app.session.diagnosis is not None
    assert app.session.diagnosis.totals == expected


async def test_problems_view_lists_errors_first_with_all_three_counts(mixed_vault: Path) -> None:
    async with running(KbApp(mixed_vault), (160, 48)) as (_app, pilot):
        screen = await problems_view(pilot)
        assert [p.severity for p in screen.rows] == ["error", "warning", "warning", "info", "info"]
        title = str(screen.query_one("#dialog-title").render())
        assert title == "Problems: 1 error · 2 warnings · 2 info"
        assert str(screen.query_one("#problems-shown").render()) == "5 of 5 shown"


async def test_problems_view_title_is_checks_totals_on_the_sample(
    vault: Path,
) -> None:
    expected = check_totals(vault)
    async with running(KbApp(vault), (160, 48)) as (_app, pilot):
        screen = await problems_view(pilot)
        title = str(screen.query_one("#dialog-title").render())
        assert title == f"Problems: {expected.text(zeros=True)}"
        assert len(screen.rows) == expected.total


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_problems_view_shows_the_message_without_scrolling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    root = tmp_path / "vault"
    deep = root / "frameworks" / "Risk_Management" / "Risk_Assessment_Methodology"
    deep.mkdir(parents=True)
    (deep / "risk_assessment_methodology_and_everything_around_it.md").write_text(
        "# Risk\n- [[a-link-to-a-note-that-does-not-exist]]\n", encoding="utf-8"
    )
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    async with running(KbApp(root), size) as (_app, pilot):
        screen = await problems_view(pilot)
        table = screen.query_one(DataTable)
        assert table.max_scroll_x == 0  # nothing off-screen to the right
        widths = [column.get_render_width(table) for column in table.columns.values()]
        assert sum(widths) <= table.size.width - table.styles.scrollbar_size_vertical
        assert widths[3] - 2 >= (20 if size[0] == 80 else 60)  # the message's column
        where = str(table.get_cell_at((0, 1)))  # shortened in the middle, the line kept
        assert "…" in where and where.endswith(".md:2") and cell_len(where) <= widths[1]
        message = table.get_cell_at((0, 3))
        assert str(message).startswith("link target 'a-link-to-a-note-that-does-not-exist'")


async def test_problems_view_filters_by_severity_and_words(mixed_vault: Path) -> None:
    async with running(KbApp(mixed_vault), (160, 48)) as (app, pilot):
        screen = await problems_view(pilot)
        shown = screen.query_one("#problems-shown")
        await pilot.press("w")
        await settle(pilot)
        assert {p.severity for p in screen.rows} == {"warning"}
        assert str(shown.render()) == "2 of 5 shown (warning)"
        assert screen.query_one(DataTable).row_count == 2
        await pilot.press("i")
        await settle(pilot)
        assert [p.severity for p in screen.rows] == ["warning", "warning", "info", "info"]
        await pilot.press("w", "i")  # none chosen: every severity again
        await pilot.press("slash")
        await pilot.press(*"heading")
        await pilot.pause(0.3)
        await settle(pilot)
        assert [p.code for p in screen.rows] == ["heading-duplicate"]
        assert str(shown.render()) == "1 of 5 shown"
        await pilot.press("escape")  # leaves the filter for the list; the view stays
        assert app.screen is screen
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ProblemsScreen)


async def test_problems_view_shows_rows_at_80x24(mixed_vault: Path) -> None:
    async with running(KbApp(mixed_vault), (80, 24)) as (_app, pilot):
        screen = await problems_view(pilot)
        table = screen.query_one(DataTable)
        fence = next(i for i, p in enumerate(screen.rows) if p.code == "fence-info-on-close")
        table.move_cursor(row=fence)  # its repair's diff shows under the list
        await settle(pilot)
        assert "-```text" in str(screen.query_one("#problem-diff").render())
        assert table.size.height >= 5  # the column labels and at least four rows
        dialog = screen.query_one("#dialog")
        assert dialog.region.bottom <= 24 and dialog.region.right <= 80
        assert table.region.bottom <= dialog.region.bottom
        hint = screen.query_one("#problems-hint")
        assert hint.size.height == 1 and hint.region.bottom <= dialog.region.bottom


def test_problems_view_snapshot_80x24(snap_compare, mixed_vault: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await problems_view(pilot)
        await settle(pilot)

    assert snap_compare(KbApp(mixed_vault), terminal_size=(80, 24), run_before=run_before)


async def test_problems_opened_before_the_count_do_not_hold_the_screen(
    mixed_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``p`` pressed before the header's count is done: the view counts off the UI thread,
    says so meanwhile, then shows ``check``'s figures."""
    import time

    from kb_tui.tui.screens import problems as module

    real = module.diagnosis

    def slow(kb):  # type: ignore[no-untyped-def]
        time.sleep(0.6)  # a large vault's count
        return real(kb)

    monkeypatch.setattr(module, "diagnosis", slow)
    async with running(KbApp(mixed_vault), (160, 48)) as (app, pilot):
        assert app.session.workspace is not None
        started = time.perf_counter()
        app.push_screen(ProblemsScreen(app.session.workspace.kb, None))
        await pilot.pause(0.1)
        assert time.perf_counter() - started < 0.5  # the UI thread did not wait
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        assert str(screen.query_one("#dialog-title").render()) == "Problems: counting…"
        for _ in range(50):
            await pilot.pause(0.05)
            if screen.rows:
                break
        title = str(screen.query_one("#dialog-title").render())
        assert title == f"Problems: {check_totals(mixed_vault).text(zeros=True)}"
