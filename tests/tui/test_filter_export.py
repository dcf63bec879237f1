"""Issue 15 #3 and #13 in the app: the filtered tree, the export and the palette agree."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import Checkbox, Input, Select
from textual.widgets.tree import TreeNode

from helpers.reports import report_item_ids
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.screens.export_dialog import ExportDialog

from .conftest import running, settle, tree

STORAGE = "infrastructure-architecture.md#infrastructure-architecture/storage-architecture"


def shown_items(node: TreeNode[NodeRef]) -> Iterator[str]:
    """The items the tree shows below ``node`` once every node is opened."""
    for child in node.children:
        ref = child.data
        assert ref is not None
        if ref.kind == "item":
            yield ref.key
        elif not ref.populated:  # opens onto all of its content
            yield from (item.id for item in ref.items())
        else:
            yield from shown_items(child)


async def test_export_with_the_filter_writes_the_trees_items(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "filtered.json"
    async with running(make_app()) as (app, pilot):
        await pilot.press("slash", *"network", "enter")
        await settle(pilot)
        shown = sorted(shown_items(tree(app).root))
        assert shown
        await pilot.press("x")
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one("#apply-filter", Checkbox)
        assert box.value
        assert f"Apply the current filter 'network' ({len(shown)} items)" in str(box.label)
        app.screen.query_one("#format", Select).value = "json"
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        for _ in range(100):
            await pilot.pause(0.05)
            if target.exists() and not isinstance(app.screen, ExportDialog):
                break
        report = json.loads(target.read_text(encoding="utf-8"))
        assert sorted(report_item_ids(report)) == shown
        assert report["summary"]["items"] == len(shown)


async def test_the_filter_jumps_to_the_best_match(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("slash", *"storage")
        await settle(pilot)
        assert tree(app).current is not None and tree(app).current.key == STORAGE


async def test_the_viewer_follows_the_filter_once_typing_pauses(make_app) -> None:  # type: ignore[no-untyped-def]
    """While a filter is typed the tree's cursor jumps to each best match at once; drawing
    the section in the viewer waits for a pause, so it never holds up the next keystroke."""
    async with running(make_app()) as (app, pilot):
        shown = app.query_one("#viewer").ref  # type: ignore[attr-defined]
        await pilot.press("slash", *"storage")
        await settle(pilot)  # 0.2 s: the tree has jumped, the viewer has not moved
        assert tree(app).current is not None and tree(app).current.key == STORAGE
        assert app.query_one("#viewer").ref is shown  # type: ignore[attr-defined]
        await pilot.pause(0.4)
        await pilot.pause()
        viewer_ref = app.query_one("#viewer").ref  # type: ignore[attr-defined]
        assert viewer_ref is not None and viewer_ref.key == STORAGE


async def test_palette_lists_the_storage_section_first(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"storage")
        await pilot.pause(0.6)
        options = app.screen.query_one(CommandList)
        first = options.get_option_at_index(0)
        assert "💾 Storage Architecture" in str(first.prompt)
        await pilot.press("enter")
        await settle(pilot)
        assert tree(app).current is not None and tree(app).current.key == STORAGE
