"""Issue 15 #14 and #15: the note editor's focus order and ``ctrl+s``, the note shown outside
the editor (checklist detail strip, tree tooltip), and the history dialog's lines."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import OptionList

from kb_tui.core.model import Item
from kb_tui.core.status.history import read_history
from kb_tui.core.status.store import StatusStore
from kb_tui.tui.preview import clip_lines, item_detail
from kb_tui.tui.screens.history import HistoryScreen
from kb_tui.tui.screens.note_editor import NoteEditor

from .conftest import CAPACITY, checklist, running, settle, tree, written

RESOURCE_ALLOCATION = CAPACITY.rsplit("/", 1)[0] + "/resource-allocation"


async def _edit_capacity(pilot, app) -> NoteEditor:  # type: ignore[no-untyped-def]
    assert tree(app).select_key(CAPACITY)
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, NoteEditor)
    return app.screen


async def test_focus_follows_the_drawing_order(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        editor = await _edit_capacity(pilot, app)
        drawn = [w.id for w in editor.query("Input, TextArea, Button")]
        assert drawn == ["owner", "due", "note", "save", "cancel"]
        seen = [app.focused.id if app.focused else None]
        for _ in range(4):
            await pilot.press("tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen == drawn  # initial focus on the first field, then tab in drawing order
        for _ in range(4):
            await pilot.press("shift+tab")
            seen.append(app.focused.id if app.focused else None)
        assert seen[4:] == ["cancel", "save", "note", "due", "owner"]


async def test_owner_then_tab_then_note_then_ctrl_s_saves_both(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _edit_capacity(pilot, app)
        await pilot.press(*"alice", "tab", "tab", *"sized for 2027")
        assert app.focused is not None and app.focused.id == "note"
        await pilot.press("ctrl+s")  # from the TextArea
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditor)
        await written(pilot)
        entry = StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY]
        assert (entry.owner, entry.note, entry.status) == ("alice", "sized for 2027", "todo")


async def test_ctrl_s_saves_from_the_owner_field(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _edit_capacity(pilot, app)
        await pilot.press(*"bob", "ctrl+s")
        await written(pilot)
        assert StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY].owner == "bob"


async def test_checklist_detail_strip_shows_the_highlighted_items_note(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(100, 30)) as (app, pilot):
        await _edit_capacity(pilot, app)
        note = "sized for 2027 \x1b[31mred\x1b[0m " + "and a long tail " * 20
        await pilot.press(*"ana", "tab", "tab")
        app.screen.query_one("#note").text = note  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await written(pilot)
        await settle(pilot)
        pane = checklist(app)
        assert pane.current is not None and pane.current.id == CAPACITY
        strip = pane.query_one("#checklist-detail")
        assert strip.display and strip.region.height == 2  # two lines, cut with …
        shown = "".join(strip.render_line(y).text for y in range(2))
        assert "@ana" in shown and "✎ sized for 2027" in shown and shown.rstrip().endswith("…")
        assert "\x1b" not in shown
        pane.option_list.focus()
        await pilot.press("j")  # Resource allocation: no note, no owner
        await pilot.pause()
        assert pane.current is not None and pane.current.id == RESOURCE_ALLOCATION
        assert not strip.display
        await pilot.press("k")
        await pilot.pause()
        assert strip.display


async def test_tree_tooltip_shows_the_note_of_the_item_under_the_mouse(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _edit_capacity(pilot, app)
        await pilot.press(*"ana", "tab", "tab", *"sized for 2027", "ctrl+s")
        await written(pilot)
        await settle(pilot)
        kb_tree = tree(app)
        node = kb_tree.nodes[CAPACITY]
        y = node.line - round(kb_tree.scroll_offset.y)
        await pilot.hover(kb_tree, offset=(12, y))
        await pilot.pause()
        assert kb_tree.hover_line == node.line
        tooltip = kb_tree.tooltip
        assert tooltip is not None and "✎ sized for 2027" in str(tooltip)
        assert "@ana" in str(tooltip)
        other = kb_tree.nodes[RESOURCE_ALLOCATION]
        await pilot.hover(kb_tree, offset=(12, other.line - round(kb_tree.scroll_offset.y)))
        await pilot.pause()
        assert kb_tree.tooltip is None


async def test_history_records_note_and_owner_changes(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _edit_capacity(pilot, app)
        await pilot.press(*"alice", "tab", "tab", *"sized", "ctrl+s")
        await written(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("tab", "tab", "end", *" twice", "ctrl+s")  # the note only
        await written(pilot)
        await pilot.press("d")
        await written(pilot)
        records = read_history(vault / ".kb-tui" / "history.jsonl").records
        assert [(r.before, r.after, r.owner_before, r.note_before) for r in records] == [
            (None, "todo", "", ""),
            ("todo", "todo", None, "sized"),
            ("todo", "done", None, None),
        ]
        await pilot.press("H")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        options = app.screen.query_one(OptionList)
        lines = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(lines) == 3
        assert lines[0].endswith("tester  owner — → alice · note added “sized”")
        assert lines[1].endswith("tester  note edited “sized twice”")
        assert lines[2].endswith("tester  todo → done")
        assert not any("todo → todo" in line or CAPACITY in line for line in lines)
        title = str(app.screen.query_one("#dialog-title").render())
        assert "Capacity planning" in title


def test_item_detail_is_one_clean_line_and_clips_at_words() -> None:
    item = Item("a.md#x", "X", "list", 1, note="first\nsecond \x1b]0;T\x07 [bold]b[/]", owner="ana")
    detail = item_detail(item)
    assert detail is not None and detail.plain == "@ana  ✎ first second ]0;T [bold]b[/]"
    assert item_detail(Item("a.md#y", "Y", "list", 2)) is None
    assert clip_lines(Text("aaa bbb ccc"), 7, 2).plain == "aaa bbb\nccc"
    assert clip_lines(Text("aaa bbb ccc ddd eee"), 7, 2).plain == "aaa bbb\nccc dd…"
    assert clip_lines(Text("abcdefghij"), 4, 2).plain == "abcd\nefg…"
    assert clip_lines(Text("short"), 10, 2).plain == "short"
