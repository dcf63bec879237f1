"""Screen snapshots (pytest-textual-snapshot): main screen at three sizes, help, export."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from kb_tui.tui.app import KbApp

from .conftest import CAPACITY, fix_dates, loaded, open_export_dialog, settle, tree


async def _ready(pilot: Pilot[None]) -> None:
    app = await loaded(pilot)
    tree(app).select_key(CAPACITY)
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)


def test_main_screen_160x48(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(KbApp(vault), terminal_size=(160, 48), run_before=_ready)


def test_main_screen_100x30(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(KbApp(vault), terminal_size=(100, 30), run_before=_ready)


def test_main_screen_80x24(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(KbApp(vault), terminal_size=(80, 24), run_before=_ready)


def test_help_screen(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(KbApp(vault), terminal_size=(120, 40), run_before=run_before)


def test_export_dialog(snap_compare, vault: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir("/")  # the folder shown is then the home folder, the same every run
    monkeypatch.setenv("HOME", "/tmp")
    fix_dates(vault)

    assert snap_compare(KbApp(vault), terminal_size=(120, 40), run_before=open_export_dialog)
