"""The export dialog (``x``) reads a path as ``kb-tui export`` does and asks before replacing.

The suffix picks the format and the selector follows the path; a relative path starts in a
folder the dialog shows (never the vault's); an existing file is replaced only after a yes;
the toast names the absolute path; every label is readable at 80x24.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Input, Select, Static

from kb_tui.core.model.progress import Summary
from kb_tui.core.report.export import render
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import find_items, open_workspace
from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.confirm import ConfirmScreen
from kb_tui.tui.screens.export_dialog import ExportDialog

from .conftest import fix_dates, open_export_dialog, running, settle

TODAY = dt.date.today().isoformat()


async def open_dialog(pilot: Pilot[None]) -> ExportDialog:
    await pilot.press("x")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ExportDialog)
    return screen


async def type_path(pilot: Pilot[None], dialog: ExportDialog, text: str) -> None:
    """Clear the path field and type ``text`` key by key, as a user would."""
    box = dialog.query_one("#path", Input)
    box.focus()
    box.value = ""
    await pilot.pause()
    await pilot.press(*[{" ": "space", "/": "slash", ".": "full_stop"}.get(c, c) for c in text])
    await pilot.pause()


async def closed(pilot: Pilot[None]) -> None:
    for _ in range(100):
        await pilot.pause(0.05)
        if not isinstance(pilot.app.screen, (ExportDialog, ConfirmScreen)):
            return
    raise AssertionError("the export dialog did not close")


def shown(dialog: ExportDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def test_html_suffix_writes_html_with_markdown_selected(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.html"
    async with running(make_app()) as (_app, pilot):
        dialog = await open_dialog(pilot)
        assert dialog.query_one("#format", Select).value == "md"
        dialog.query_one("#path", Input).value = str(target)
        await pilot.pause()
        dialog.fmt = "md"  # even were the selector still on Markdown, the suffix decides
        await pilot.press("ctrl+s")
        await closed(pilot)
    assert target.read_text().startswith("<!DOCTYPE html>")


async def test_typing_a_suffix_switches_the_format(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (_app, pilot):
        dialog = await open_dialog(pilot)
        await type_path(pilot, dialog, "out/r.csv")
        assert dialog.query_one("#format", Select).value == "csv"
        assert "Writes CSV to" in shown(dialog, "#export-target")
        assert dialog.query_one("#export-folder").display  # relative: its base is shown
        await type_path(pilot, dialog, "/tmp/r.JSON")
        assert dialog.query_one("#format", Select).value == "json"
        assert not dialog.query_one("#export-folder").display  # absolute: room given back


async def test_choosing_a_format_rewrites_a_report_suffix(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (_app, pilot):
        dialog = await open_dialog(pilot)
        path = dialog.query_one("#path", Input)
        assert path.value == f"kb-report-{TODAY}.md"
        dialog.query_one("#format", Select).value = "html"
        await pilot.pause()
        assert path.value == f"kb-report-{TODAY}.html"
        path.value = "mine/r.json"
        await pilot.pause()
        dialog.query_one("#format", Select).value = "csv"
        await pilot.pause()
        assert path.value == "mine/r.csv"
        path.value = "notes.txt"  # not a report suffix: the user's choice stays
        await pilot.pause()
        dialog.query_one("#format", Select).value = "html"
        await pilot.pause()
        assert path.value == "notes.txt"
        assert "Writes HTML to" in shown(dialog, "#export-target")


async def test_replacing_a_file_asks_first(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "existing.md"
    before = b"precious\x00bytes\r\n"
    target.write_bytes(before)
    async with running(make_app()) as (app, pilot):
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#question", Static).render())
        assert f"Replace {target}?" in question
        assert f"It exists ({len(before)} bytes, modified " in question
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is dialog and target.read_bytes() == before
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await closed(pilot)
    assert target.read_text().startswith("<!-- kb-tui checklist report")


async def test_relative_path_lands_in_the_folder_shown_and_the_toast_says_where(  # type: ignore[no-untyped-def]
    make_app, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from inside the vault, a report does not land in it: it goes home, as shown."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(vault)
    async with running(make_app()) as (app, pilot):
        dialog = await open_dialog(pilot)
        assert f"Relative paths start in {home}" in shown(dialog, "#export-folder")
        expected = home / f"kb-report-{TODAY}.md"
        assert f"Writes Markdown to {expected}" in shown(dialog, "#export-target")
        await type_path(pilot, dialog, "sub/r.md")
        assert f"Writes Markdown to {home / 'sub' / 'r.md'}" in shown(dialog, "#export-target")
        (home / "sub").mkdir()
        await pilot.press("enter")
        await closed(pilot)
        assert (home / "sub" / "r.md").is_file()
        assert not list(vault.glob("**/r.md"))
        assert app.session.workspace is not None
        _, summary = render(app.session.workspace.kb, "md")
        counts = Summary.of_record(summary)
        texts = [n.message for n in app._notifications]
        assert (
            f"Report written to {home / 'sub' / 'r.md'}: "
            f"{counts.done}/{counts.applicable} done ({counts.percent_text})."
        ) in texts


async def test_refused_target_says_what_the_cli_says(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    target = vault / ".kb-tui" / "r.md"
    async with running(make_app()) as (app, pilot):
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is dialog
        assert shown(dialog, "#export-error") == (
            f"{target} is inside the vault's .kb-tui folder; choose another file"
        )


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (160, 48)])
async def test_every_label_is_readable(make_app, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The buttons sit inside the dialog, on the screen, wide enough for their labels."""
    async with running(make_app(), size) as (_app, pilot):
        dialog = await open_dialog(pilot)
        box = dialog.query_one("#dialog").region
        screen = dialog.region
        assert screen.contains_region(box)
        for widget in (
            *dialog.query(Button),
            dialog.query_one("#format"),
            dialog.query_one("#path"),
            dialog.query_one("#export-target"),
            dialog.query_one("#apply-filter"),
        ):
            assert box.contains_region(widget.region), widget
        for button in dialog.query(Button):
            label = str(button.label)
            assert button.region.width >= len(label) + 2, label
            assert "[" in label  # the key is shown, not eaten as markup
        line = shown(dialog, "#export-target")
        assert line.startswith("Writes Markdown to /")


def test_dialog_at_80x24(snap_compare, vault: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir("/")  # not a place for reports: the home folder is chosen
    monkeypatch.setenv("HOME", "/tmp")
    fix_dates(vault)

    assert snap_compare(KbApp(vault), terminal_size=(80, 24), run_before=open_export_dialog)


async def test_the_dialog_reports_the_history_as_the_command_does(  # type: ignore[no-untyped-def]
    make_app, vault: Path, tmp_path: Path
) -> None:
    """The dialog passes the store's history to the one exporter: the burn-up chart and the
    stale item are in its report, as in ``kb-tui export``'s."""
    store_path = vault / ".kb-tui" / "status.yaml"
    kb = open_workspace(vault, store_path).kb
    (item,) = find_items(kb, "Load balancing")
    StatusStore(store_path, root=vault).update(
        {item.id: Entry("in_progress", updated="2026-01-07T08:15:00Z")}, user="tester"
    )
    target = tmp_path / "dialog.html"
    async with running(make_app()) as (_app, pilot):
        dialog = await open_dialog(pilot)
        dialog.query_one("#path", Input).value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await closed(pilot)
    html = target.read_text()
    assert '<svg class="chart burnup"' in html
    assert 'r-stale">stale</span> 1' in html and "Load balancing</a>" in html
