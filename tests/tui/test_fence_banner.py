"""A note read with broken fences repaired in memory says so over the viewer and the
checklist (issue 15 #10); ``p`` then lists the fences to repair in the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.tui.app import KbApp
from kb_tui.tui.fence_banner import FenceBanner
from kb_tui.tui.screens.problems import ProblemsScreen

from .conftest import CAPACITY, checklist, problems_view, running, settle, tree, viewer

BANNER = "⚠ Read with 6 broken fences repaired in memory — p to repair the file"


def banner(widget: object) -> FenceBanner:
    found = widget.query_one(FenceBanner)  # type: ignore[attr-defined]
    assert isinstance(found, FenceBanner)
    return found


@pytest.mark.slow
async def test_the_banner_shows_over_a_note_read_with_fences_repaired(vault: Path) -> None:
    shutil.copyfile(DOCTOR_FIXTURES / "swallowed.md", vault / "swallowed.md")
    async with running(KbApp(vault), (100, 30)) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        assert not banner(viewer(app)).display and not banner(checklist(app)).display
        assert tree(app).select_key("swallowed.md#report-template/core-components")
        await settle(pilot)
        for pane in (viewer(app), checklist(app)):
            shown = banner(pane)
            assert shown.display and str(shown.render()) == BANNER
            assert shown.region.height >= 1 and shown.region.width > 0  # on screen
        items = [item.text for item in checklist(app).items.values()]
        assert items == ["detect", "contain", "verify", "Write the summary", "Review with the team"]
        # not `1`, `response_layers`, `def`: the lines a fence left open would swallow
        assert "```text" not in viewer(app).source_text  # the fences shown closed
        screen = await problems_view(pilot)
        codes = [p.code if p.path == "swallowed.md" else "" for p in screen.rows]
        assert codes.count("fence-info-on-close") == 6
        for _ in range(codes.index("fence-repaired-in-memory")):
            await pilot.press("j")
        await settle(pilot)
        assert "+```" in str(screen.query_one("#problem-diff").render())
        await pilot.press("a")  # the note's repair: every broken fence of the file
        for _ in range(150):
            await pilot.pause(0.05)
            if not isinstance(app.screen, ProblemsScreen) and not banner(viewer(app)).display:
                break
        assert "```text" not in (vault / "swallowed.md").read_text(encoding="utf-8")
        assert not banner(viewer(app)).display and not banner(checklist(app)).display
        assert tree(app).select_key("swallowed.md#report-template/core-components")
        await settle(pilot)
        assert [item.text for item in checklist(app).items.values()] == items  # same items
