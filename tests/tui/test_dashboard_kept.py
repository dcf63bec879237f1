"""The dashboard's figures come quickly, from what the explorer keeps: the history is read
ahead once a vault is shown (errors left for the dashboard to say); the screen is composed
once and shown again, computing afresh each time, its footer's keys not built again."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Footer, OptionList
from textual.widgets._footer import FooterKey

from kb_tui.core.status.store import Entry
from kb_tui.tui.app import KbApp
from kb_tui.tui.main_screen import MainScreen
from kb_tui.tui.screens import dashboard as dashboard_module
from kb_tui.tui.screens.dashboard import DashboardScreen
from kb_tui.tui.screens.dashboard_views import BurnUpView

from .conftest import running, settle
from .test_dashboard import fixed_app, open_dashboard, plain


async def warmed(pilot: Pilot[None]) -> None:
    """Until the history has been read ahead (a worker thread, after the search index)."""
    app = pilot.app
    assert isinstance(app, KbApp) and app.session.workspace is not None
    for _ in range(500):
        if app.session.workspace.stats.warmed.is_set():
            break
        await pilot.pause(0.02)
    assert app.session.workspace.stats.warmed.is_set()


async def close(pilot: Pilot[None]) -> None:
    await pilot.press("escape")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MainScreen)


async def test_the_history_is_read_ahead_and_not_parsed_again(
    dash_vault: tuple[Path, dict[str, str]],
) -> None:
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await warmed(pilot)
        workspace = app.session.workspace
        assert workspace is not None
        assert app.session.search_index.ready(workspace.kb)  # built first
        assert workspace.store._history.full_reads == 1
        builds = workspace.stats.facts.builds
        screen = await open_dashboard(pilot)
        assert screen.dashboard is not None and screen.dashboard.history_records == 9
        assert workspace.store._history.full_reads == 1  # read ahead, not again
        assert workspace.stats.facts.builds == builds  # nor the facts built again


async def test_a_history_that_cannot_be_read_ahead_is_said_by_the_dashboard(
    dash_vault: tuple[Path, dict[str, str]],
) -> None:
    root, _ = dash_vault
    history = root / ".kb-tui" / "history.jsonl"
    history.unlink()
    history.mkdir()
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await warmed(pilot)
        await settle(pilot)
        assert not app._notifications  # nothing said while reading ahead
        await pilot.press("s")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        for _ in range(500):
            if screen.error:
                break
            await pilot.pause(0.02)
        assert "history.jsonl" in plain(screen, "#dash-computing")


async def test_opened_again_it_computes_afresh_on_the_same_screen(
    dash_vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, ids = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        await warmed(pilot)
        first = await open_dashboard(pilot)
        assert first.dashboard is not None and first.dashboard.summary.done == 3
        await pilot.press("w")  # daily, on this opening only
        await pilot.press("j")
        await close(pilot)
        app.main.status.apply_changes({ids["Power feeds"]: Entry(status="done", owner="bo")})
        for _ in range(500):
            if not app.session.writes:
                break
            await pilot.pause(0.02)
        release = threading.Event()
        real = dashboard_module.compute

        def held(*args, **kwargs):  # type: ignore[no-untyped-def]
            release.wait(10)
            return real(*args, **kwargs)

        monkeypatch.setattr(dashboard_module, "compute", held)
        await pilot.press("s")
        await pilot.pause(0.1)
        assert app.screen is first  # shown again, not composed anew
        assert first.computing and first.dashboard is None  # nothing of the last opening
        assert first.query_one("#dash-computing").display
        assert not first.query_one("#dash-body").display
        assert plain(first, "#dash-computing") == "Computing the dashboard…"
        release.set()
        for _ in range(500):
            if first.dashboard is not None:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        assert first.dashboard is not None and first.dashboard.summary.done == 4
        assert first.query_one(BurnUpView).period == "weekly"  # the default again
        listed = first.query_one("#dash-attention-list", OptionList)
        assert listed.highlighted == 0 and first.focused is listed
        assert [row.reason for row in first.rows] == ["overdue", "stale"]


async def test_a_late_result_after_closing_is_not_shown_on_the_next_opening(
    dash_vault: tuple[Path, dict[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (_app, pilot):
        screen = await open_dashboard(pilot)
        await close(pilot)
        release, finished = threading.Event(), threading.Event()
        real = dashboard_module.compute

        def held(*args, **kwargs):  # type: ignore[no-untyped-def]
            release.wait(10)
            try:
                return real(*args, **kwargs)
            finally:
                finished.set()

        monkeypatch.setattr(dashboard_module, "compute", held)
        await pilot.press("s")
        await close(pilot)  # closed while it computes
        release.set()
        finished.wait(10)
        await settle(pilot)
        assert screen.dashboard is None  # dropped
        monkeypatch.setattr(dashboard_module, "compute", real)
        again = await open_dashboard(pilot)
        assert again is screen and again.dashboard is not None


async def test_the_footer_keys_are_built_once(dash_vault: tuple[Path, dict[str, str]]) -> None:
    root, _ = dash_vault
    async with running(fixed_app(root), size=(120, 40)) as (app, pilot):
        under = list(app.main.query_one(Footer).query(FooterKey))
        assert {key.description for key in under} >= {"Done", "Filter"}
        screen = await open_dashboard(pilot)
        footer = screen.query_one(Footer)
        keys = list(footer.query(FooterKey))
        assert {key.description for key in keys} >= {"Close", "Weekly/daily"}
        await close(pilot)
        assert await open_dashboard(pilot) is screen
        await pilot.press("j", "k")  # the focus moves within the screen
        await settle(pilot)
        assert list(footer.query(FooterKey)) == keys  # the same widgets: not built again
        await close(pilot)
        assert list(app.main.query_one(Footer).query(FooterKey)) == under  # nor these
