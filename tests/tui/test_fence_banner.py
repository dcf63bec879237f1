"""A note read with broken fences repaired in memory says so over the viewer and the
checklist (issue 15 #10); ``p`` then lists the fences to repair in the file."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.tui.app import KbApp
from kb_tui.tui.fence_banner import FenceBanner
from kb_tui.tui.screens.problems import ProblemsScreen

from .conftest import CAPACITY, checklist, running, settle, tree, viewer

BANNER = "⚠ Read with 6 broken fences repaired in memory — p to repair the file"


def banner(widget: object) -> FenceBanner:
    found = widget.query_one(FenceBanner)  # type: ignore[attr-defined]
    assert isinstance(found, FenceBanner)
    return found


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
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        codes = {p.code for p in screen.rows if p.path == "swallowed.md"}
        assert {"fence-info-on-close", "fence-repaired-in-memory"} <= codes
