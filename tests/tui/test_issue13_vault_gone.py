"""Issue 13: the vault's folder deleted or moved away while the explorer runs, and back.

The explorer keeps running and showing what it read, says the vault is gone (a notice, the
header, a banner), writes nothing (a status write must not recreate ``<vault>/.kb-tui/``),
and reads the vault again by itself when the folder is back. A crash never prints locals.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.app import KbApp
from kb_tui.tui.main_screen import MainScreen

from .conftest import CAPACITY, running, settle, status_of, tree, written
from .test_live_reload import ALLOTMENT, DOC, edit, live, press_on, until, watching


def banner(app: KbApp) -> str:
    found = app.query("#banner")
    return str(found.first(Static).render()) if found else ""


async def test_a_deleted_vault_is_kept_on_screen_read_only_and_read_again_when_back(  # type: ignore[no-untyped-def]
    make_app, vault: Path, tmp_path: Path
) -> None:
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        await press_on(pilot, app, CAPACITY, "d")
        await written(pilot)
        keep = tmp_path / "keep"
        shutil.copytree(vault, keep)
        shutil.rmtree(vault)  # rm -rf
        await until(pilot, lambda: app.session.vault_gone is not None)
        await pilot.pause(0.5)  # the deletion's events, and any reload they would start
        assert app.is_running and app.return_code is None
        assert any("is gone" in message for message in said)
        assert "vault gone" in app.sub_title
        assert "Vault gone" in banner(app) and str(vault) in banner(app)
        # What was read stays on screen, statuses included.
        assert CAPACITY in tree(app).nodes and status_of(app, CAPACITY) == "done"
        said.clear()
        await pilot.press("b")
        await pilot.pause(0.3)
        assert not vault.exists()  # no .kb-tui/ recreated in the deleted vault
        assert status_of(app, CAPACITY) == "done" and not app.session.writes
        assert len(said) == 1 and "is gone" in said[0] and "not written" in said[0]
        shutil.copytree(keep, vault)  # e.g. git checkout: a new folder at the same path
        await until(pilot, lambda: app.session.vault_gone is None and live(app).reloads >= 1, 10)
        await settle(pilot)
        assert not banner(app) and app.sub_title.startswith("1/135 done")
        assert tree(app).current is not None and tree(app).current.key == CAPACITY
        await pilot.press("b")
        await written(pilot)
        on_disk = StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY]
        assert on_disk.status == "blocked"
        # The new folder is watched.
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        await until(pilot, lambda: ALLOTMENT in tree(app).nodes, 10)
    assert app.return_code == 0 or app.return_code is None


async def test_a_vault_moved_away_and_back(make_app, vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        away = tmp_path / "away"
        vault.rename(away)  # no event reaches the watcher: the app looks once a second
        await until(pilot, lambda: app.session.vault_gone is not None, 5)
        assert "vault gone" in app.sub_title and banner(app)
        await pilot.press("d")
        await pilot.pause(0.3)
        assert not vault.exists() and not (away / ".kb-tui").exists()
        assert status_of(app, CAPACITY) is None
        await pilot.press("r")  # a reload by hand cannot read it either: it says so
        await pilot.pause(0.3)
        assert app.is_running and app.session.vault_gone is not None
        away.rename(vault)
        await until(pilot, lambda: app.session.vault_gone is None and live(app).reloads >= 1, 10)
        assert not banner(app)
        assert any("is back" in message for message in said)
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        await until(pilot, lambda: ALLOTMENT in tree(app).nodes, 10)


async def test_without_live_reload_no_write_goes_into_a_deleted_vault(  # type: ignore[no-untyped-def]
    make_app, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_TUI_NO_WATCH", "1")
    real = StatusStore.update

    def update_then_wait(self: StatusStore, changes, user=None) -> None:  # type: ignore[no-untyped-def]
        real(self, changes, user)
        time.sleep(0.5)

    monkeypatch.setattr(StatusStore, "update", update_then_wait)
    async with running(make_app()) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("i", "d")  # both accepted: the vault is there
        shutil.rmtree(vault)  # while the first write's thread still waits
        await written(pilot)
        assert not vault.exists()  # the second write was refused by the writer thread
        assert status_of(app, CAPACITY) == "in_progress" and len(app.main.status.undo_stack) == 1
        assert str(tree(app).cursor_node.label).startswith("◐")
        messages = [n.message for n in app._notifications]
        assert any("Not saved" in m and "is gone" in m for m in messages)
        await pilot.press("b")  # now refused at once
        await pilot.pause()
        assert not app.session.writes and not vault.exists()
        assert [n.message for n in app._notifications][-1].endswith("until it is back")


async def test_a_crash_prints_a_short_traceback_without_locals(  # type: ignore[no-untyped-def]
    make_app, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(self: MainScreen) -> None:
        assert self.session.workspace is not None
        document = self.session.workspace.kb.documents[0].text  # untrusted text in a local
        marker = "-".join(["kb", "tui", "sentinel"])
        raise RuntimeError(f"boom: {len(document)} {len(marker)}")

    monkeypatch.setattr(MainScreen, "show_help", explode)
    app = make_app()
    with pytest.raises(RuntimeError, match="boom"):
        async with running(app) as (app, pilot):
            await pilot.press("question_mark")
            await pilot.pause()
    report = capsys.readouterr().err
    assert "RuntimeError" in report and "boom" in report and "explode" in report
    assert "kb-tui-sentinel" not in report  # a local variable's value
    assert "define_compute_resources" not in report  # the document's text
    assert "locals" not in report
    assert len(report.splitlines()) < 120


async def test_without_live_reload_r_says_the_vault_is_gone_and_reads_it_when_back(  # type: ignore[no-untyped-def]
    make_app, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_TUI_NO_WATCH", "1")
    async with running(make_app()) as (app, pilot):
        away = tmp_path / "away"
        vault.rename(away)
        await pilot.press("r")
        await pilot.pause(0.3)
        assert app.is_running and app.session.vault_gone is not None
        assert "Vault gone" in banner(app) and "vault gone" in app.sub_title
        assert "press r" in list(app._notifications)[-1].message
        away.rename(vault)
        await pilot.press("r")
        await settle(pilot)
        assert app.session.vault_gone is None and not banner(app)
        assert app.sub_title.startswith("0/135 done")
