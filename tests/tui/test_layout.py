"""The main screen's layout at every size: after each single resize, and with panes hidden."""

from __future__ import annotations

import itertools

import pytest
from textual.geometry import Region
from textual.pilot import Pilot

from kb_tui.tui.app import KbApp

from .conftest import running, settle

PANES = {"tree": "#tree-pane", "viewer": "#viewer", "checklist": "#checklist"}
KEYS = {"tree": "f2", "viewer": "f3", "checklist": "f4"}
SIZES = [(80, 24), (160, 48), (100, 30), (120, 40), (80, 24), (120, 40), (160, 48)]


def regions(app: KbApp) -> dict[str, Region]:
    """The region of each pane shown."""
    shown = {name: app.screen.query_one(selector) for name, selector in PANES.items()}
    return {name: widget.region for name, widget in shown.items() if widget.display}


def assert_side_by_side(app: KbApp, width: int) -> None:
    tree, viewer, checklist = regions(app).values()
    assert tree.y == viewer.y == checklist.y
    assert tree.height == viewer.height == checklist.height
    assert tree.right == viewer.x and viewer.right == checklist.x
    assert tree.width + viewer.width + checklist.width == width
    assert viewer.width >= width * 0.4  # the viewer is the widest pane


def assert_stacked(app: KbApp, width: int) -> None:
    tree, viewer, checklist = regions(app).values()
    assert tree.right == viewer.x == checklist.x
    assert viewer.bottom == checklist.y and tree.height == viewer.height + checklist.height
    assert tree.width + viewer.width == width == tree.width + checklist.width
    assert viewer.width >= width * 0.5


def assert_fills(app: KbApp) -> None:
    """The panes shown cover the space between the header and the footer, and no more."""
    main = app.screen.query_one("#main").region
    shown = list(regions(app).values())
    assert all(main.contains_region(region) for region in shown)
    for one, other in itertools.combinations(shown, 2):
        assert not one.overlaps(other), (one, other)
    assert sum(region.area for region in shown) == main.area, shown


async def test_the_layout_follows_each_single_resize(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(160, 48)) as (app, pilot):
        assert_side_by_side(app, 160)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert app.screen.size == (width, height)
            if width < 120:
                assert_stacked(app, width)
                assert app.screen.has_class("-narrow")
            else:
                assert_side_by_side(app, width)
                assert app.screen.has_class("-wide")
            assert_fills(app)


async def toggle(pilot: Pilot[None], panes: tuple[str, ...]) -> None:
    for pane in panes:
        await pilot.press(KEYS[pane])
    await settle(pilot)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_hidden_panes_leave_their_space_to_the_others(make_app, size) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=size) as (app, pilot):
        assert_fills(app)
        for count in (1, 2):
            for hidden in itertools.combinations(PANES, count):
                await toggle(pilot, hidden)
                assert set(regions(app)) == set(PANES) - set(hidden), hidden
                assert_fills(app)
                await toggle(pilot, hidden)  # shown again: the layout of all three is back
                assert len(regions(app)) == 3
                assert_fills(app)


async def test_hidden_panes_stay_filled_across_a_resize(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(160, 48)) as (app, pilot):
        await toggle(pilot, ("viewer",))
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await settle(pilot)
            assert set(regions(app)) == {"tree", "checklist"}
            assert_fills(app)


@pytest.mark.parametrize(
    "order", [("viewer", "checklist", "tree"), ("tree", "viewer", "checklist")]
)
async def test_the_last_pane_shown_cannot_be_hidden(make_app, order) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(80, 24)) as (app, pilot):
        await toggle(pilot, order)
        last = order[-1]
        assert set(regions(app)) == {last}
        assert_fills(app)
        message = f"The {last} is the last pane shown; it cannot be hidden."
        assert any(n.message == message for n in app._notifications)
        focused = app.focused
        assert focused is not None and focused.region.overlaps(regions(app)[last])


async def test_the_filter_shows_a_hidden_tree(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(80, 24)) as (app, pilot):
        await toggle(pilot, ("tree",))
        await pilot.press("slash")
        await settle(pilot)
        assert set(regions(app)) == set(PANES)
        assert_fills(app)
        line = app.screen.query_one("#filter")
        assert line.display and line.region.width > 0
        assert app.focused is app.screen.query_one("#tree")


async def test_a_resize_under_a_dialog_reaches_the_main_screen(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(160, 48)) as (app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert_stacked(app, 80)
