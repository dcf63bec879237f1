"""Issue 18 in the app, on the Obsidian fixture vault: ``tag:`` in the tree filter, and the
viewer's embeds (attachment lines, embedded note text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.search import SearchScreen

from .conftest import loaded, running, settle, tree, viewer

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "obsidian"
DOC = "Platform Architecture.md"
SECRETS = (
    f"{DOC}#platform-architecture/formatting/highlights-and-comments/"
    "secrets-vault-security-inboxto-read"
)
EMBEDS = f"{DOC}#platform-architecture/embeds"


@pytest.fixture
def obsidian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "obsidian"
    shutil.copytree(FIXTURE, root)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    monkeypatch.chdir(tmp_path)
    return root


async def test_tag_filter_keeps_the_tagged_item(obsidian: Path) -> None:
    async with running(KbApp(obsidian)) as (app, pilot):
        await pilot.press("slash", *"tag:security")
        await settle(pilot)
        await pilot.pause(0.4)
        current = tree(app).current
        assert current is not None and current.key == SECRETS
        shown = [node.data.key for node in tree(app).nodes.values() if node.data is not None]
        assert SECRETS in shown
        assert not any("edge-proxy" in key for key in shown)  # untagged siblings: hidden


async def test_search_tag_term_lists_the_section_with_its_tags(obsidian: Path) -> None:
    async with running(KbApp(obsidian)) as (app, pilot):
        await pilot.press("ctrl+f")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"tag:inbox")
        for _ in range(500):
            await pilot.pause(0.02)
            if screen.result is not None and screen.shown == screen.generation:
                break
        assert screen.result is not None and screen.result.total == 1
        options = screen.query_one(OptionList)
        row = str(options.get_option_at_index(0).prompt)
        assert "Secrets vault #security #inbox/to-read" in row
        assert "#inbox/to-read #infrastructure #platform/core #security" in row  # its tags
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause(0.4)
        ref = viewer(app).ref
        assert ref is not None and ref.key == f"{DOC}#platform-architecture/formatting"


async def test_viewer_shows_embeds(obsidian: Path) -> None:
    async with running(KbApp(obsidian)) as (app, pilot):
        tree(app).select_key(EMBEDS)
        await settle(pilot)
        await pilot.pause(0.5)
        text = viewer(app).source_text
        assert "▣ **Engelbart.jpg** (image, 134 B, 100×145 px)" in text
        assert "[⚠ missing-file.png (unresolved)]" in text
        assert "⧉ embedded from [Internal links › Link to a heading]" in text


async def _embeds_section(pilot: Pilot[None]) -> None:
    app = await loaded(pilot)
    tree(app).select_key(EMBEDS)
    await settle(pilot)
    await pilot.pause(0.6)
    await settle(pilot)


def test_embeds_snapshot(snap_compare, obsidian: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(KbApp(obsidian), terminal_size=(120, 60), run_before=_embeds_section)
