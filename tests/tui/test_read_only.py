"""``kb-tui --read-only`` (what ``kb-tui serve --read-only`` serves): every key that would
change a status, a note, an owner or the store is refused with a toast and the store is
never written; the header says read-only; the export is offered as a download."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.core.config import config_path
from kb_tui.tui import commands as cmd
from kb_tui.tui.app import KbApp
from kb_tui.tui.read_only import READS, REFUSED, WRITES
from kb_tui.tui.screens.export_download import (
    DownloadDialog,
    deliver,
    download_name,
    free_name,
)

from .conftest import (
    CAPACITY,
    checklist,
    loaded,
    open_export_dialog,
    problems_view,
    running,
    settle,
    status_of,
    tree,
)

WRITING_KEYS = ["t", "i", "d", "b", "n", "space", "e", "D", "u", "A"]


def refusals(app: KbApp) -> int:
    return sum(REFUSED in n.message for n in app._notifications)


def nothing_written(app: KbApp, vault: Path) -> None:
    assert not app.session.writes and not app.session.shown_pending
    assert not (vault / ".kb-tui").exists()
    assert status_of(app, CAPACITY) is None


def test_every_command_is_either_reading_or_writing() -> None:
    """A command added later must be placed: until it is, a read-only session refuses it."""
    assert not READS & WRITES
    unplaced = sorted(c.__name__ for c in set(cmd.COMMANDS.values()) - READS - WRITES)
    assert not unplaced, f"place {unplaced} in READS or WRITES (kb_tui/tui/read_only.py)"
    assert set(cmd.COMMANDS.values()) >= READS | WRITES


@pytest.mark.parametrize("key", WRITING_KEYS)
async def test_a_writing_key_is_refused_with_a_toast(vault: Path, key: str) -> None:
    async with running(KbApp(vault, read_only=True)) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert refusals(app) == 1
        assert app.screen is app.main  # no dialog opened (note editor, confirm, re-attach)
        nothing_written(app, vault)


async def test_the_checklist_keys_and_enter_are_refused(vault: Path) -> None:
    async with running(KbApp(vault, read_only=True)) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        checklist(app).option_list.focus()
        await pilot.pause()
        await pilot.press("d", "enter")  # enter: the note editor, elsewhere
        await settle(pilot)
        assert refusals(app) == 2
        assert app.screen is app.main
        nothing_written(app, vault)


async def test_the_palette_and_direct_calls_are_refused_too(vault: Path) -> None:
    async with running(KbApp(vault, read_only=True)) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await app.action_command("MarkDone")  # what the palette runs
        item = app.session.items_by_id[CAPACITY]
        # a path that would not pass the dispatch still stops before the writer
        assert not app.main.status.apply_changes({CAPACITY: app.session.entry_for(item)})
        assert not app.main.orphans.reattach("gone#x", CAPACITY)
        await settle(pilot)
        assert refusals(app) == 3
        nothing_written(app, vault)


async def test_the_header_says_read_only_and_reading_still_works(vault: Path) -> None:
    async with running(KbApp(vault, read_only=True)) as (app, pilot):
        assert app.sub_title.startswith("read-only · 0/135 done")
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("H")  # the history: read only
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        assert refusals(app) == 0
    async with running(KbApp(vault)) as (app, pilot):
        assert "read-only" not in app.sub_title


async def test_the_export_is_a_download_saved_in_the_downloads_folder(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a terminal Textual saves a delivered file in the downloads folder: under a name
    not taken there, and the toast says where."""
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    (downloads / "report.csv").write_text("mine\n")
    monkeypatch.setattr("kb_tui.tui.screens.export_download.user_downloads_path", lambda: downloads)
    async with running(KbApp(vault, read_only=True)) as (app, pilot):
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, DownloadDialog)
        app.screen.query_one("#path", Input).value = "../../report.csv"
        await settle(pilot)
        await pilot.press("ctrl+s")
        saved = downloads / "report-2.csv"
        for _ in range(250):
            await pilot.pause(0.02)
            if any("Report saved to" in n.message for n in app._notifications):
                break
        messages = [n.message for n in app._notifications]
        assert any("offered as a download: report-2.csv: 0/135 done" in m for m in messages)
        assert f"Report saved to {saved}" in messages
    assert (downloads / "report.csv").read_text() == "mine\n"  # never replaced
    assert "Capacity planning" in saved.read_text()
    assert saved.read_text().startswith("document,section path,item,")  # the CSV exporter
    assert not (vault / ".kb-tui").exists() and not list(vault.parent.glob("report*"))


async def test_under_textual_serve_the_report_goes_to_the_browser(
    vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    delivered: list[dict[str, Any]] = []
    async with running(KbApp(vault, read_only=True)) as (app, pilot):
        monkeypatch.setattr(type(app), "is_web", property(lambda app: True))

        def deliver_text(text_io: Any, **options: Any) -> str:
            delivered.append({"text": text_io.read(), **options})
            return "key"

        monkeypatch.setattr(app, "deliver_text", deliver_text)
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("ctrl+s")
        for _ in range(250):
            await pilot.pause(0.02)
            if delivered:
                break
    [sent] = delivered
    assert sent["save_directory"] is None  # the browser chooses where
    assert sent["save_filename"].startswith("kb-report-") and sent["save_filename"].endswith(".md")
    assert "Capacity planning" in sent["text"]


def test_the_download_name_is_a_plain_file_name(tmp_path: Path) -> None:
    assert download_name("../../etc/passwd", "md") == "passwd.md"
    assert download_name('a b;"\r\nX: y.html', "md") == "a-b-X-y.html"
    assert download_name("report", "json") == "report.json"
    assert download_name("...", "md") == ""
    (tmp_path / "r.md").write_text("")
    (tmp_path / "r-2.md").symlink_to(tmp_path / "nowhere")
    assert free_name(tmp_path, "r.md") == "r-3.md"


def test_the_download_dialog_at_80x24(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    """The header says read-only; the dialog asks for a file name and says nothing is
    written here."""
    assert snap_compare(
        KbApp(vault, read_only=True), terminal_size=(80, 24), run_before=open_export_dialog
    )


async def test_the_problems_view_repairs_nothing(tmp_path: Path, vault: Path) -> None:
    """``a`` in the problems view repairs a note (with a backup): refused, the note as it was."""
    broken = (DOCTOR_FIXTURES / "broken.md").read_bytes()
    (vault / "broken.md").write_bytes(broken)
    app = KbApp(vault, read_only=True)
    async with app.run_test(size=(140, 48)) as pilot:
        await loaded(pilot)
        screen = await problems_view(pilot)
        fence = [p.code for p in screen.rows].index("fence-info-on-close")
        for _ in range(fence):
            await pilot.press("j")
        await settle(pilot)
        assert screen.selected() is screen.rows[fence]
        await pilot.press("a")
        await settle(pilot)
        assert refusals(app) == 1
        assert app.screen is screen
    assert (vault / "broken.md").read_bytes() == broken
    assert not (vault / ".kb-tui").exists()  # no backup either


async def test_a_theme_picked_is_not_remembered(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    async with running(KbApp(vault, read_only=True), (100, 30)) as (app, pilot):
        app.theme = "nord"
        await settle(pilot)
        assert app.theme == "nord"
    assert not config_path().exists()


def test_a_missing_downloads_folder_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "home" / "Downloads"
    monkeypatch.setattr("kb_tui.tui.screens.export_download.user_downloads_path", lambda: folder)
    calls: list[dict[str, Any]] = []

    class Terminal:
        is_web = False

        def deliver_text(self, text_io: Any, **options: Any) -> None:
            calls.append(options)

    assert deliver(Terminal(), "r.md", "text") == "r.md"  # type: ignore[arg-type]
    assert folder.is_dir()
    assert calls[0]["save_directory"] == folder and calls[0]["save_filename"] == "r.md"
