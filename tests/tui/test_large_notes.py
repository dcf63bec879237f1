"""Large notes stay responsive: long checklists fill over a few frames, counts come from the
tallies, the Markdown import never blocks the UI, and workers are not described by repr."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tui.tui import viewer as viewer_module
from kb_tui.tui.app import KbApp
from kb_tui.tui.checklist import FIRST_ROWS

from .conftest import checklist, running, settle, tree, viewer

ROWS = 1_000


def long_note(root: Path) -> Path:
    lines = ["# Long", "", "## Many", ""] + [f"- component {n:04d}" for n in range(ROWS)]
    lines += ["", "## Few", "", "- alone"]
    note = root / "long.md"
    note.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return note


async def test_a_long_checklist_is_listed_in_chunks_with_the_cursor_kept(vault: Path) -> None:
    long_note(vault)
    async with running(KbApp(vault)) as (app, pilot):
        pane = checklist(app)
        many = tree(app).reveal("long.md#long/many")
        assert many is not None and many.data is not None
        last = "long.md#long/many/component-0400"
        pane.show(many.data, focus_item=last)
        first = pane.option_list.option_count
        assert FIRST_ROWS < first < ROWS  # the rows up to the cursor and a screenful more
        assert pane.filling
        assert pane.current is not None and pane.current.id == last
        for _ in range(100):
            await pilot.pause()
            if not pane.filling:
                break
        assert pane.option_list.option_count == ROWS
        assert pane.current is not None and pane.current.id == last
        pane.show(many.data, focus_item=last)
        assert pane.filling
        pane.option_list.focus()
        await pilot.press("G")  # the very last row, not the last one listed so far
        assert not pane.filling and pane.option_list.option_count == ROWS
        assert pane.current is not None and pane.current.id.endswith(f"{ROWS - 1:04d}")
        top = tree(app).reveal("long.md#long/few")
        assert top is not None and top.data is not None
        pane.show(many.data)  # a new show stops the old filling, and starts its own
        pane.show(top.data)
        await settle(pilot)
        assert pane.option_list.option_count == 1 and not pane.filling


@pytest.mark.slow
async def test_labels_and_headers_count_from_the_tallies(vault: Path) -> None:
    long_note(vault)
    async with running(KbApp(vault)) as (app, pilot):
        doc = next(d for d in app.session.workspace.kb.documents if d.path == "long.md")  # type: ignore[union-attr]
        assert app.session.tallies is app.session.workspace.tallies  # type: ignore[union-attr]
        assert app.session.tallies.document(doc).items == ROWS + 1
        node = tree(app).reveal("long.md#long/many")
        assert node is not None and node.data is not None
        assert f"0/{ROWS}" in node.label.plain
        item_id = "long.md#long/many/component-0000"
        assert tree(app).select_key(item_id)
        await pilot.press("d")  # done: the document's counts are recounted
        await settle(pilot)
        node = tree(app).nodes["long.md#long/many"]
        assert f"1/{ROWS}" in node.label.plain
        assert app.session.tallies.document(doc).done == 1


async def test_the_markdown_widget_waits_for_its_import_without_blocking(vault: Path) -> None:
    async with running(KbApp(vault)) as (app, pilot):
        view = viewer(app)
        nodes = [n for n in tree(app).nodes.values() if n.data and n.data.kind == "section"]
        viewer_module.MARKDOWN_IMPORTED.clear()  # as if the import thread were still busy
        try:
            assert nodes[1].data is not None
            app.main.selection.show_ref(nodes[1].data, immediate=True)
            await pilot.pause(0.4)
            assert not view.ready  # the quick preview stays meanwhile
            assert view.source_text
        finally:
            viewer_module.MARKDOWN_IMPORTED.set()
        await pilot.pause(0.3)
        assert view.ready


async def test_workers_are_described_without_repr_of_the_vault(vault: Path) -> None:
    async with running(KbApp(vault)) as (app, pilot):
        await pilot.press("ctrl+f")
        await pilot.pause(0.5)
        descriptions = [worker.description for worker in app.workers] + [
            worker.description for worker in app.screen.workers
        ]
        assert descriptions
        assert all(len(text) < 100 for text in descriptions), descriptions


async def test_app_freezes_what_it_loaded_and_lets_go_on_exit(vault: Path) -> None:
    import gc

    async with running(KbApp(vault)) as (app, pilot):
        await pilot.pause(0.2)
        assert app.heap.frozen and gc.get_freeze_count() > 0
        assert gc.get_threshold()[2] > 1_000_000  # no automatic full collection
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == app.heap.saved


@pytest.mark.slow
async def test_the_checklist_follows_the_viewer_by_a_frame_and_keeps_up(vault: Path) -> None:
    long_note(vault)
    async with running(KbApp(vault)) as (app, pilot):
        pane = checklist(app)
        few = tree(app).reveal("long.md#long/few")
        many = tree(app).reveal("long.md#long/many")
        assert few is not None and few.data is not None and many is not None and many.data
        app.main.selection.show_ref(few.data, immediate=True)
        assert viewer(app).ref is few.data  # the section at once…
        assert pane.ref is not few.data  # …its checklist right after the frame
        await pilot.pause()
        await pilot.pause()
        assert pane.ref is few.data and pane.option_list.option_count == 1
        # A status change in between does not drop the list on its way.
        app.main.selection.show_ref(many.data, immediate=True)
        app.main.status.after_status_change(["long.md#long/few/alone"])
        await settle(pilot)
        assert pane.ref is many.data
        # A section, then an item of it, before a frame: the item's row has the cursor.
        app.main.selection.show_ref(few.data, immediate=True)
        item = tree(app).reveal("long.md#long/many/component-0007")
        assert item is not None and item.data is not None
        app.main.selection.show_ref(item.data, immediate=True)
        await settle(pilot)
        assert pane.current is not None and pane.current.id == "long.md#long/many/component-0007"


async def test_the_markdown_widget_is_mounted_once_and_never_on_a_leaving_viewer() -> None:
    """A selection and the upgrade timer may ask for it together; a viewer leaving the
    screen (the app exiting) must not try to mount it, which raised MountError."""
    import asyncio

    from textual.app import App

    app: App[None] = App()
    async with app.run_test() as pilot:
        view = viewer_module.Viewer()
        await app.screen.mount(view)
        first, second = await asyncio.gather(view._markdown(), view._markdown())
        assert first is second and first is not None and first.is_attached
        assert len(view.query("Markdown")) == 1
        leaving = viewer_module.Viewer()
        await app.screen.mount(leaving)
        await leaving.remove()
        await pilot.pause()
        assert await leaving._markdown() is None
        await leaving._upgrade()  # nothing to render into: returns quietly
