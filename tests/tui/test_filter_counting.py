"""Issue 15 #13 in the app: a query holding much of the vault is drawn at once and counted
when typing pauses; the search index is built as soon as a vault is shown, once, for the
tree filter and the palette."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, Static
from textual.widgets._tree import Tree

from kb_tui.core.query import kb_filter, kb_index
from kb_tui.core.query.kb_filter import run_filter
from kb_tui.tui import filtering
from kb_tui.tui.screens.export_dialog import ExportDialog

from .conftest import running, settle, tree


def line(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.query_one("#filter", Static).render())


async def test_the_index_is_built_once_the_vault_is_shown(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        kb = app.session.workspace.kb
        for _ in range(100):
            if app.session.search_index.ready(kb):
                break
            await pilot.pause(0.05)
        assert app.session.search_index.ready(kb)  # no "/" pressed
        filter_index = app.session.search_index.get(kb)
        palette = app.palette_index(kb)
        assert palette is not filter_index and palette.entries is filter_index.entries
        assert app.palette_index(kb) is palette  # kept while the vault is


async def test_a_large_query_is_drawn_then_counted_when_typing_pauses(  # type: ignore[no-untyped-def]
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kb_filter, "LARGE", -1)  # every query counts as large here
    monkeypatch.setattr(kb_index, "LARGE", -1)
    monkeypatch.setattr(kb_index, "CHEAP_WORK", -1)
    monkeypatch.setattr(kb_index, "NARROW_CHEAP", -1)
    monkeypatch.setattr(filtering, "COUNT_DELAY", 0.6)
    async with running(make_app()) as (app, pilot):
        kb = app.session.workspace.kb
        await pilot.press("slash", *"network")
        await settle(pilot)
        assert "counting matches…" in line(app)
        assert app.main.filtering.state.items is None
        best = run_filter(app.session.search_index.get(kb).twin(), "network")
        assert tree(app).current is not None and tree(app).current.key == best.best
        await pilot.pause(0.8)
        await pilot.pause()
        assert f"{best.matches:,} matches · {best.items:,} items" in line(app)
        assert app.main.filtering.state.items == best.items
        await pilot.press("enter", "x")
        assert isinstance(app.screen, ExportDialog)
        label = str(app.screen.query_one("#apply-filter", Checkbox).label)
        assert f"({best.items:,} items)" in label


async def test_typing_on_drops_the_count_of_the_query_typed_over(  # type: ignore[no-untyped-def]
    make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kb_filter, "LARGE", -1)
    monkeypatch.setattr(filtering, "COUNT_DELAY", 0.3)
    counted: list[str] = []
    real = filtering.run_filter

    def spy(index, text, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted.append(text)
        return real(index, text, *args, **kwargs)

    monkeypatch.setattr(filtering, "run_filter", spy)
    async with running(make_app()) as (app, pilot):
        await pilot.press("slash", *"net")
        await pilot.pause(0.1)
        await pilot.press(*"work")
        await pilot.pause(0.8)
        await pilot.pause()
        assert counted == ["network"]  # "net" was typed over before its count began
        assert "matches ·" in line(app)


async def test_a_filtered_tree_is_laid_out_once(make_app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    layouts: list[int] = []
    real = Tree._invalidate

    def counting(self) -> None:  # type: ignore[no-untyped-def]
        layouts.append(1)
        real(self)

    async with running(make_app()) as (app, pilot):
        monkeypatch.setattr(Tree, "_invalidate", counting)
        await pilot.press("slash", *"se")
        await settle(pilot)
        nodes = len(tree(app).nodes)
        assert nodes > 20
        assert len(layouts) <= 3  # was one for every node added or expanded


async def test_my_items_filters_the_tree_to_what_i_own(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: ``M`` ("My items", also in the palette) types owner:"ME" into the filter."""
    from kb_tui.cli.headless import main as headless_main

    from .conftest import CAPACITY

    allocation = CAPACITY.rsplit("/", 1)[0] + "/resource-allocation"
    assert headless_main(["mark", str(vault), CAPACITY, "done", "--owner", "tester"]) == 0
    assert headless_main(["mark", str(vault), allocation, "todo", "--owner", "someone else"]) == 0
    async with running(make_app()) as (app, pilot):
        await pilot.press("M")
        await settle(pilot)
        assert '/ owner:"tester"' in line(app)
        assert "1 match · 1 item" in line(app)
        items = [key for key, node in tree(app).nodes.items() if node.data.kind == "item"]
        assert items == [CAPACITY]
        await pilot.press("enter", "x")
        assert isinstance(app.screen, ExportDialog)
        assert "(1 item)" in str(app.screen.query_one("#apply-filter", Checkbox).label)
