"""Issue 16: the explorer says when the vault's status store is in git but this clone does
not merge it by item (and says nothing once ``kb-tui git-setup`` has run)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Static

from kb_tui.cli.headless import main as headless_main

from .conftest import running

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
CAPACITY = (
    "infrastructure-architecture.md#infrastructure-architecture/"
    "compute-infrastructure/compute-resources/resource-management/capacity-planning"
)


def git(vault: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=vault, check=True, capture_output=True)


def banner(app) -> str:  # type: ignore[no-untyped-def]
    found = app.screen.query("#banner")
    return str(found.first(Static).render()) if found else ""


@pytest.fixture
def in_git(vault: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "none"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    git(vault, "init", "-q")
    git(vault, "config", "user.name", "ana")
    git(vault, "config", "user.email", "ana@example.org")
    assert headless_main(["mark", str(vault), CAPACITY, "done"]) == 0
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "-m", "vault")
    return vault


async def test_a_store_in_git_without_the_driver_is_named(make_app, in_git: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        for _ in range(100):
            if app.session.git_unset:
                break
            await pilot.pause(0.05)
        assert "Run 'kb-tui git-setup' in the vault" in banner(app)


async def test_after_git_setup_nothing_is_said(make_app, in_git: Path) -> None:  # type: ignore[no-untyped-def]
    assert headless_main(["git-setup", str(in_git)]) == 0
    async with running(make_app()) as (app, pilot):
        await pilot.pause(1.0)
        assert not app.session.git_unset and banner(app) == ""


async def test_the_history_dialog_shows_the_stores_merge_log(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import OptionList

    from kb_tui.tui.screens.history import HistoryScreen

    from .conftest import settle, tree

    store = vault / ".kb-tui" / "status.yaml"
    store.parent.mkdir()
    event = (
        '{"at": "2026-12-06T09:14:02Z", "by": "bo", "field": "status", "item": "'
        + CAPACITY
        + '", "kept": "done", "lost": "blocked", "lost_at": "2026-12-06T09:12:00Z", '
        '"lost_by": "bo"}'
    )
    store.write_text(
        f'items:\n  "{CAPACITY}":\n    status: done\n    updated: "2026-12-06T09:13:00Z"\n'
        f'    by: "ana"\n\nmerges:\n  - {event}\n',
        encoding="utf-8",
    )
    async with running(make_app()) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert lines == [
            "2026-12-06 09:14  bo  merge: status kept done, lost blocked (bo, 2026-12-06 09:12)"
        ]


async def test_a_merge_while_the_explorer_is_open_is_named(make_app, in_git: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: a store changed by git (here a merge that decides a clash) is re-applied
    live, and the explorer says it was git, and how many clashes the merge decided."""
    import time

    from .conftest import status_of
    from .test_live_reload import until, watching

    vault = in_git
    assert headless_main(["git-setup", str(vault)]) == 0
    git(vault, "add", "-A")
    git(vault, "commit", "-q", "-m", "git-setup")
    git(vault, "checkout", "-q", "-b", "other")
    git(vault, "checkout", "-q", "-")
    assert headless_main(["mark", str(vault), CAPACITY, "blocked", "--by", "ana"]) == 0
    git(vault, "commit", "-q", "-am", "ana: blocked")
    time.sleep(1.1)  # ``updated`` is to the second: bo's change is the later one
    git(vault, "checkout", "-q", "other")
    assert headless_main(["mark", str(vault), CAPACITY, "in_progress", "--by", "bo"]) == 0
    git(vault, "commit", "-q", "-am", "bo: in progress")
    git(vault, "checkout", "-q", "-")
    async with make_app().run_test(size=(160, 48)) as pilot:
        app, said = await watching(pilot)
        await until(pilot, lambda: app.session.git_head is not None)
        assert status_of(app, CAPACITY) == "blocked"
        git(vault, "merge", "-q", "--no-edit", "other")
        await until(pilot, lambda: status_of(app, CAPACITY) == "in_progress")
        await pilot.pause(0.2)
        assert len(said) == 1
        assert said[0].startswith("Reloaded: 1 status changed by git (now at ")
        assert said[0].endswith("; 1 clash decided, H shows them)")
