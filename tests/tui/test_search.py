"""The search dialog (ctrl+f): results as you type, the jump, the highlight in the viewer."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.command import CommandPalette
from textual.content import Content
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.markdown import MarkdownFence

from kb_tui.core.query.search import SearchIndex, SearchResult
from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.search import SearchScreen
from kb_tui.tui.viewer import MATCH_STYLE

from .conftest import loaded, running, settle, tree, viewer

COMPUTE_RESOURCES = (
    "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
    "compute-resources"
)


async def open_search(pilot: Pilot[None]) -> SearchScreen:
    await pilot.press("ctrl+f")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def results(pilot: Pilot[None], screen: SearchScreen) -> SearchResult:
    """Wait until the results of the latest edit are listed."""
    for _ in range(500):
        await pilot.pause(0.02)
        if screen.result is not None and screen.shown == screen.generation:
            return screen.result
    raise AssertionError("no results")


async def marked(pilot: Pilot[None], app: KbApp) -> Widget:
    """Wait until the viewer has marked the match."""
    for _ in range(500):
        await pilot.pause(0.02)
        block = viewer(app).marked
        if block is not None:
            return block
    raise AssertionError("nothing marked")


def shown(block: Widget) -> Content:
    holder = block.query_one(Label) if isinstance(block, MarkdownFence) else block
    assert isinstance(holder, Static) and isinstance(holder.content, Content)
    return holder.content


def highlighted(block: Widget) -> list[str]:
    content = shown(block)
    return [content.plain[s.start : s.end] for s in content.spans if str(s.style) == MATCH_STYLE]


def status(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-status", Static).content)


async def test_search_jumps_to_the_section_and_highlights_code(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"Allocate_Physical")
        result = await results(pilot, screen)
        assert result.total == 1 and status(screen) == "1 result"
        assert screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert tree(app).current is not None and tree(app).current.key == COMPUTE_RESOURCES
        assert app.focused is tree(app)
        block = await marked(pilot, app)
        assert isinstance(block, MarkdownFence)
        assert highlighted(block) == ["allocate_physical"]
        await pilot.press("backspace")  # the jump is in the history like any other
        await settle(pilot)
        assert tree(app).current.key != COMPUTE_RESOURCES


@pytest.mark.slow
async def test_heading_and_list_item_matches(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"virtualization layer")
        result = await results(pilot, screen)
        assert result.hits[0].heading
        await pilot.press("enter")
        block = await marked(pilot, app)
        assert "MarkdownHeader" in {cls.__name__ for cls in type(block).__mro__}
        assert highlighted(block) == ["Virtualization Layer"]

        screen = await open_search(pilot)
        await pilot.press(*"capacity planning")
        await results(pilot, screen)
        await pilot.press("enter")
        block = await marked(pilot, app)
        assert highlighted(block) == ["Capacity planning"]
        assert tree(app).current.key == COMPUTE_RESOURCES


async def test_escape_closes_and_stays(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        before = tree(app).current.key
        screen = await open_search(pilot)
        await pilot.press(*"network")
        await results(pilot, screen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, SearchScreen)
        assert tree(app).current.key == before
        assert viewer(app).match is None


async def test_up_down_choose_a_result(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"resource")
        result = await results(pilot, screen)
        assert result.total > 2
        await pilot.press("down", "down", "up")
        assert screen.query_one(OptionList).highlighted == 1
        await pilot.press("enter")
        await settle(pilot)
        assert tree(app).current.key == result.hits[1].section.id  # type: ignore[union-attr]


async def test_enter_typed_ahead_of_the_results_takes_the_first(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("ctrl+f", *"capacity planning", "enter")
        block = await marked(pilot, app)
        assert not isinstance(app.screen, SearchScreen)
        assert tree(app).current.key == COMPUTE_RESOURCES
        assert highlighted(block) == ["Capacity planning"]


async def test_palette_runs_search(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Search")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.focused is app.screen.query_one(Input)


async def test_stale_results_are_dropped(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (_app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"storage")
        current = await results(pilot, screen)
        assert screen.index is not None
        old = screen.index.search("network")
        screen.post_message(SearchScreen.Results(screen.generation - 1, old))
        await settle(pilot)
        assert screen.result is current
        await pilot.press("ctrl+u")  # Input: clear the line
        await settle(pilot)
        assert screen.query_one(OptionList).option_count == 0
        assert status(screen).startswith("Type to search 1 document.")


async def test_indexing_state_then_results(make_app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    build = SearchIndex.build

    def slow_build(kb):  # type: ignore[no-untyped-def]
        release.wait(10)
        return build(kb)

    monkeypatch.setattr(SearchIndex, "build", slow_build)
    async with running(make_app()) as (app, pilot):
        screen = await open_search(pilot)
        assert screen.index is None
        assert status(screen) == "Indexing 1 document…"
        await pilot.press(*"storage")
        await pilot.pause(0.4)
        assert screen.result is None and status(screen) == "Indexing 1 document…"
        release.set()
        result = await results(pilot, screen)  # the query typed meanwhile runs when ready
        assert result.total > 0
        assert app.main.search.search_index is screen.index is not None
        await pilot.press("escape")
        screen = await open_search(pilot)  # built once per load
        assert screen.index is app.main.search.search_index
        await pilot.press("escape")
        first, old = app.main.search.search_index, app.session.workspace
        await pilot.press("r")
        for _ in range(500):
            await pilot.pause(0.02)
            if app.session.workspace is not old:
                break
        assert app.session.workspace is not None and not first.covers(app.session.workspace.kb)
        screen = await open_search(pilot)  # reloaded: the index is built again
        assert screen.index is not first
        await pilot.press(*"storage")
        assert (await results(pilot, screen)).total == result.total
        assert screen.index is app.main.search.search_index and screen.index is not first


async def test_long_section_scrolls_to_the_match(tmp_path: Path) -> None:
    root = tmp_path / "long"
    root.mkdir()
    paragraphs = "\n\n".join(f"Paragraph {n} of filler text." for n in range(120))
    (root / "long.md").write_text(
        f"# Long\n\n## Big section\n\n{paragraphs}\n\nThe unique needle is here.\n\n{paragraphs}\n",
        encoding="utf-8",
    )
    async with running(KbApp(root), size=(120, 40)) as (app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"unique needle")
        await results(pilot, screen)
        await pilot.press("enter")
        block = await marked(pilot, app)
        await settle(pilot)
        assert highlighted(block) == ["unique needle"]
        shown_region = viewer(app).content_region
        assert viewer(app).scroll_y > 50
        assert shown_region.contains_region(block.region)


async def test_a_repeated_match_is_marked_nearest_its_line(tmp_path: Path) -> None:
    root = tmp_path / "rep"
    root.mkdir()
    (root / "rep.md").write_text(
        "# Rep\n\n## Twice\n\nfirst gamma here\n\nfiller\n\nsecond gamma here\n",
        encoding="utf-8",
    )
    async with running(KbApp(root), size=(120, 40)) as (app, pilot):
        assert tree(app).select_key("rep.md#rep/twice")
        await settle(pilot)
        view = viewer(app)
        view.mark_match(("gamma",), 9)
        block = await marked(pilot, app)
        assert shown(block).plain == "second gamma here"
        view.mark_match(("gamma",), 5)  # the earlier mark is undone
        await settle(pilot)
        assert view.marked is not block and shown(view.marked).plain == "first gamma here"
        assert highlighted(block) == []


def assert_rows_fit(screen: SearchScreen, result: SearchResult) -> None:
    """Each row's first line fits the list and keeps the hit's section and its place."""
    listed = screen.query_one(OptionList)
    width = listed.scrollable_content_region.width
    assert result.hits and listed.option_count == len(result.hits)
    for number, hit in enumerate(result.hits):
        prompt = listed.get_option_at_index(number).prompt
        assert isinstance(prompt, Text)
        head = prompt.plain.split("\n")[0]
        assert hit.path[-1] in head and head.endswith(f".md:{hit.line}"), head
        assert cell_len(head) <= width


async def test_results_at_80x24_keep_the_section_and_its_place(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(80, 24)) as (_app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"capacity")
        assert_rows_fit(screen, await results(pilot, screen))


async def test_results_fit_again_after_a_resize(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(160, 48)) as (_app, pilot):
        screen = await open_search(pilot)
        await pilot.press(*"storage")
        result = await results(pilot, screen)
        screen.query_one(OptionList).highlighted = 2
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert_rows_fit(screen, result)
        assert screen.query_one(OptionList).highlighted == 2


def test_search_screen_snapshot(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await loaded(pilot)
        screen = await open_search(pilot)
        box = screen.query_one(Input)
        box.cursor_blink = False  # a blinking cursor would make the picture depend on timing
        await pilot.press(*"resource")
        await results(pilot, screen)
        await settle(pilot)

    assert snap_compare(KbApp(vault), terminal_size=(140, 40), run_before=run_before)
