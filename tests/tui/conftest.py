"""Fixtures for Pilot tests: an app on a private copy of the sample, loaded and ready."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from helpers.dashboards import write_dash_vault
from kb_tui.tui.app import KbApp
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.footer import LateFooter
from kb_tui.tui.screens.problems import ProblemsScreen
from kb_tui.tui.tree import KbTree
from kb_tui.tui.viewer import Viewer

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md"
CAPACITY = (
    "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
    "compute-resources/resource-management/capacity-planning"
)


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    shutil.copyfile(SAMPLE, root / SAMPLE.name)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    monkeypatch.chdir(tmp_path)
    return root


@pytest.fixture
def make_app(vault: Path) -> Callable[..., KbApp]:
    def make(path: Path | None = None) -> KbApp:
        return KbApp(path or vault)

    return make


def fix_dates(vault: Path) -> None:
    """The sample's Templater dates (its properties, shown at the top of its first section)
    fixed: a picture of that section is then the same every day."""
    note = vault / SAMPLE.name
    text = note.read_text(encoding="utf-8")
    note.write_text(text.replace('<% tp.date.now("YYYY-MM-DD") %>', "2026-01-01"), "utf-8")


async def loaded(pilot: Pilot[None]) -> KbApp:
    """Wait until the worker has read the vault, the first section is shown and the
    header's problem figures are counted (a worker too)."""
    app = pilot.app
    assert isinstance(app, KbApp)
    for _ in range(750):  # up to 15 s on a loaded CI machine
        await pilot.pause(0.02)
        viewers = app.query(Viewer)  # empty until the main screen is composed
        panes = app.query(ChecklistPane)  # its list is mounted after the first frame
        footers = app.query(LateFooter)  # so are the footer's keys
        if (
            app.session.workspace is not None
            and viewers
            and viewers.first().ref is not None
            and viewers.first().ready
            and panes
            and panes.first().ready
            and footers
            and footers.first().started
            and app.session.diagnosis is not None
        ):
            break
    await pilot.pause()
    assert app.session.workspace is not None
    return app


@asynccontextmanager
async def running(
    app: KbApp, size: tuple[int, int] = (160, 48)
) -> AsyncIterator[tuple[KbApp, Pilot[None]]]:
    """``app`` run headless at ``size``, its vault loaded and shown: ``(app, pilot)``."""
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        yield app, pilot


async def settle(pilot: Pilot[None]) -> None:
    """Let debounced updates (viewer, filter) run."""
    await pilot.pause(0.2)
    await pilot.pause()


async def problems_view(pilot: Pilot[None]) -> ProblemsScreen:
    """``p``: the problems view, once its rows are listed (after the table has its width)."""
    await pilot.press("p")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProblemsScreen)
    for _ in range(100):
        if screen.query_one(DataTable).row_count:
            break
        await pilot.pause(0.02)
    return screen


def tree(app: KbApp) -> KbTree:
    return app.query_one(KbTree)


def checklist(app: KbApp) -> ChecklistPane:
    return app.query_one(ChecklistPane)


def viewer(app: KbApp) -> Viewer:
    return app.query_one(Viewer)


def status_of(app: KbApp, item_id: str) -> str | None:
    """The stored status the app shows for ``item_id`` (a write may still be on its way)."""
    assert app.session.workspace is not None
    entry = app.session.shown_entry(item_id)
    return entry.status if entry else None


async def written(pilot: Pilot[None], timeout: float = 15.0) -> None:
    """Until the writer thread has written every status change and the app has heard."""
    app = pilot.app
    assert isinstance(app, KbApp)
    for _ in range(int(timeout / 0.02)):
        if not app.session.writes:
            break
        await pilot.pause(0.02)
    assert not app.session.writes, "status writes still pending"
    await pilot.pause()


async def open_export_dialog(pilot: Pilot[None]) -> None:
    """The export dialog with a fixed path and a still cursor: the same picture every run."""
    await loaded(pilot)
    await pilot.press("x")
    await settle(pilot)
    box = pilot.app.screen.query_one("#path", Input)
    box.cursor_blink = False  # a blinking cursor would make the picture depend on timing
    box.value = "kb-report-2026-01-01.md"
    await settle(pilot)


@pytest.fixture
def dash_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    """A small vault whose store and history are written at fixed times (the dashboard's)."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "vault"
    return root, write_dash_vault(root)
