"""The dashboard (``s``, or the palette): computing, then the figures; escape closes; enter on
an item that needs attention lands on it in the tree and the checklist; figures follow a
status change while it is open; snapshots at 80×24 and 160×48 at a fixed time."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from helpers.dashboards import NOW
from kb_tui.core.status.store import Entry
from kb_tui.tui.app import KbApp
from kb_tui.tui.main_screen import MainScreen
from kb_tui.tui.screens import dashboard as dashboard_module
from kb_tui.tui.screens.dashboard import DashboardScreen
from kb_tui.tui.screens.dashboard_views import BurnUpView

from .conftest import checklist, loaded, running, settle, tree


def fixed_app(root: Path) -> KbApp:
    """The app on ``root`` with the dashboard's clock stopped at :data:`NOW`."""
    app = KbApp(root)
    app.main.dashboard_now = NOW
    return app


async def open_dashboard(pilot: Pilot[None]) -> DashboardScreen:
    """``s``, then until the figures are shown."""
    await pilot.press("s")
    screen = pilot.app.screen
    assert isinstance(screen, DashboardScreen)
    for _ in range(500):
        if screen.dashboard is not None and not screen.computing:
            break
        await pilot.pause(0.02)
    await settle(pilot)
    assert screen.dashboard is not None
    return screen


def plain(screen: DashboardScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).render()
    return content.plain if isinstance(content, Text) else str(content)


async def test_s_shows_computing_then_the_figures(
    dash_vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = dash_vault
    release = threading.Event()
    real = dashboard_module.compute

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(dashboard_module, "compute", held)
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await pilot.press("s")
        await pilot.pause(0.1)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.query_one("#dash-computing").display
        assert not screen.query_one("#dash-body").display
        assert plain(screen, "#dash-computing") == "Computing the dashboard…"
        await pilot.press("j", "down")  # keys still answer while it computes
        release.set()
        for _ in range(500):
            if screen.dashboard is not None:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        figures = screen.dashboard
        assert figures is not None
        assert (figures.summary.done, figures.summary.applicable, figures.overdue) == (3, 8, 1)
        assert [row.title for row in figures.layers] == ["compute", "network", "Security"]
        assert not screen.query_one("#dash-computing").display
        assert "3/8 done 37% · 1 overdue · as of 2026-03-04" in plain(screen, "#dash-title")
        listed = screen.query_one("#dash-attention-list", OptionList)
        assert listed.option_count == 3
        assert [row.reason for row in screen.rows] == ["blocked", "overdue", "stale"]
        assert [row.days for row in screen.rows][1:] == [12, 48]


async def test_escape_closes_it_while_it_computes(
    dash_vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = dash_vault
    release = threading.Event()
    real = dashboard_module.compute
    finished = threading.Event()

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        release.wait(10)
        try:
            return real(*args, **kwargs)
        finally:
            finished.set()

    monkeypatch.setattr(dashboard_module, "compute", held)
    async with running(fixed_app(root), size=(80, 24)) as (app, pilot):
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, DashboardScreen) and screen.computing
        await pilot.press("escape")  # the UI answers while the thread works
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        release.set()
        finished.wait(10)
        await settle(pilot)  # the late result is dropped, nothing breaks
        assert isinstance(app.screen, MainScreen)
        assert screen.dashboard is None


async def test_escape_q_and_s_close_it(dash_vault: tuple[Path, dict[str, str]]) -> None:
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        for key in ("escape", "q", "s"):
            await open_dashboard(pilot)
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, MainScreen), key
            assert app.main.dashboard is None
        assert app.is_running  # q closed the dashboard, it did not quit


@pytest.mark.parametrize(("downs", "text"), [(0, "Power feeds"), (1, "Cooling")])
async def test_enter_goes_to_the_item_in_the_tree_and_the_checklist(
    dash_vault: tuple[Path, dict[str, str]], downs: int, text: str
) -> None:
    root, ids = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        screen = await open_dashboard(pilot)
        assert screen.rows[downs].item.text == text  # blocked first, then overdue
        for _ in range(downs):
            await pilot.press("j")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        current = tree(app).current
        assert current is not None and current.kind == "item"
        assert current.key == ids[text]
        assert app.screen.focused is tree(app)
        shown = checklist(app).current
        assert shown is not None and shown.id == ids[text]


async def test_the_figures_follow_a_status_change_while_it_is_open(
    dash_vault: tuple[Path, dict[str, str]],
) -> None:
    root, ids = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        screen = await open_dashboard(pilot)
        assert screen.dashboard is not None and screen.dashboard.summary.done == 3
        # A write lands while the dashboard is open (as one made just before it opened).
        app.main.status.apply_changes({ids["Power feeds"]: Entry(status="done", owner="bo")})
        for _ in range(500):
            if screen.dashboard.summary.done == 4 and not screen.computing:
                break
            await pilot.pause(0.02)
        assert screen.dashboard.summary.done == 4
        assert [row.reason for row in screen.rows] == ["overdue", "stale"]


async def test_w_switches_the_chart_between_weeks_and_days(
    dash_vault: tuple[Path, dict[str, str]],
) -> None:
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (_app, pilot):
        screen = await open_dashboard(pilot)
        chart = screen.query_one(BurnUpView)
        assert chart.period == "weekly"  # eight weeks of history
        await pilot.press("w")
        await settle(pilot)
        assert chart.period == "daily"
        assert "(daily; w switches)" in plain(screen, "#dash-chart-legend")
        await pilot.press("w")
        assert chart.period == "weekly"


async def said(pilot: Pilot[None], screen: DashboardScreen) -> None:
    """Until the dashboard says what went wrong (10 s at most)."""
    for _ in range(500):
        if screen.error:
            return
        await pilot.pause(0.02)


async def test_an_unreadable_history_is_said_not_fatal(
    dash_vault: tuple[Path, dict[str, str]],
) -> None:
    root, _ = dash_vault
    history = root / ".kb-tui" / "history.jsonl"
    history.unlink()
    history.mkdir()  # read as a file, it fails
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await said(pilot, screen)
        assert plain(screen, "#dash-computing").startswith("The dashboard cannot be worked out:")
        assert "history.jsonl" in plain(screen, "#dash-computing")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_a_bug_in_the_figures_is_said_not_computing_forever(
    dash_vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb_tui.core.stats.dashboard as stats_dashboard

    def broken(*args: object, **kwargs: object) -> None:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(stats_dashboard, "build_dashboard", broken)
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await said(pilot, screen)
        assert "OverflowError: date value out of range" in plain(screen, "#dash-computing")
        assert not screen.computing


async def test_the_palette_opens_it(dash_vault: tuple[Path, dict[str, str]]) -> None:
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"dashboard")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def _ready(pilot: Pilot[None]) -> None:
    await loaded(pilot)
    await open_dashboard(pilot)


def test_dashboard_80x24(snap_compare, dash_vault: tuple[Path, dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fixed_app(dash_vault[0]), terminal_size=(80, 24), run_before=_ready)


def test_dashboard_160x48(snap_compare, dash_vault: tuple[Path, dict[str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(fixed_app(dash_vault[0]), terminal_size=(160, 48), run_before=_ready)
