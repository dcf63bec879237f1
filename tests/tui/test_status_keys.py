"""Status keys in the tree and the checklist, undo, bulk mark and note editing."""

from __future__ import annotations

import pytest

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.screens.confirm import ConfirmScreen
from kb_tui.tui.screens.note_editor import NoteEditor

from .conftest import CAPACITY, checklist, running, settle, status_of, tree, written


async def _to_capacity(pilot, app) -> None:  # type: ignore[no-untyped-def]
    assert tree(app).select_key(CAPACITY)
    await settle(pilot)
    assert tree(app).current.key == CAPACITY


@pytest.mark.parametrize(
    ("key", "status"),
    [("t", "todo"), ("i", "in_progress"), ("d", "done"), ("b", "blocked"), ("n", "na")],
)
async def test_status_keys_in_tree_write_the_store(make_app, vault, key: str, status: str) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _to_capacity(pilot, app)
        await pilot.press(key)
        assert status_of(app, CAPACITY) == status
        await written(pilot)
        on_disk = StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY]
        assert on_disk.status == status and on_disk.by == "tester"
        label = str(tree(app).cursor_node.label)
        assert label.startswith(
            {"todo": "○", "in_progress": "◐", "done": "●", "blocked": "✖", "na": "–"}[status]
        )


async def test_space_cycles_and_progress_updates_everywhere(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _to_capacity(pilot, app)
        await pilot.press("space")
        assert status_of(app, CAPACITY) == "in_progress"
        await pilot.press("space")
        assert status_of(app, CAPACITY) == "done"
        parent = tree(app).cursor_node.parent
        assert "1/4 25%" in str(parent.label)
        assert app.sub_title.startswith("1/135 done")
        assert checklist(app).items[CAPACITY].status == "done"
        await pilot.press("space")
        assert status_of(app, CAPACITY) == "todo"


async def test_status_keys_in_checklist(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _to_capacity(pilot, app)
        checklist(app).option_list.focus()
        await pilot.pause()
        assert checklist(app).current.id == CAPACITY
        await pilot.press("j", "b")
        second = checklist(app).current
        assert second is not None and second.text == "Resource allocation"
        assert status_of(app, second.id) == "blocked"
        await pilot.press("k", "d")
        assert status_of(app, CAPACITY) == "done"
        assert "1/4 done" in str(app.query_one("#checklist-title").render())


async def test_undo_several_levels(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _to_capacity(pilot, app)
        await pilot.press("i", "d")
        assert status_of(app, CAPACITY) == "done"
        await pilot.press("u")
        assert status_of(app, CAPACITY) == "in_progress"
        await pilot.press("u")
        assert status_of(app, CAPACITY) is None
        assert str(tree(app).cursor_node.label).startswith("○")


async def test_bulk_mark_done_asks_first(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        section = CAPACITY.rsplit("/", 2)[0]  # Compute Resources
        tree(app).select_key(section)
        await settle(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert status_of(app, CAPACITY) is None
        await pilot.press("D")
        await pilot.press("y")
        await written(pilot)
        assert app.session.workspace is not None
        done = [e for e in app.session.workspace.store.entries.values() if e.status == "done"]
        assert len(done) == 8
        assert "8/8 100%" in str(tree(app).cursor_node.label)
        await pilot.press("u")
        await written(pilot)
        assert not app.session.workspace.store.entries


async def test_status_key_on_a_section_explains(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("d")
        assert app.session.workspace is not None and not app.session.workspace.store.entries
        assert any("cursor on an item" in n.message for n in app._notifications)


async def test_note_editor_saves_note_and_owner(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _to_capacity(pilot, app)
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"ana", "tab", "tab")  # Owner first, as drawn, then Due, then Note
        await pilot.press(*"sized for 2027")
        await pilot.press("ctrl+s")
        await written(pilot)
        entry = StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY]
        assert (entry.note, entry.owner, entry.status) == ("sized for 2027", "ana", "todo")
        assert "@ana" in str(tree(app).cursor_node.label)
        checklist(app).option_list.focus()
        await pilot.press("enter")  # enter in the checklist edits the note too
        assert isinstance(app.screen, NoteEditor)
        await pilot.press("escape")
        assert not isinstance(app.screen, NoteEditor)


async def test_bulk_mark_done_leaves_na_and_done_items_alone(make_app) -> None:  # type: ignore[no-untyped-def]
    """Issue 15 #4: ``D`` changes only todo, in-progress and blocked items, and says so."""
    async with running(make_app()) as (app, pilot):
        group = CAPACITY.rsplit("/", 1)[0]  # Resource Management: 4 items
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("n")  # capacity planning: n/a
        await written(pilot)
        assert status_of(app, CAPACITY) == "na"
        tree(app).select_key(group)
        await settle(pilot)
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Mark all 3 remaining items" in str(app.screen.question)
        await pilot.press("y")
        await written(pilot)
        assert status_of(app, CAPACITY) == "na"
        assert "3/3 100%" in str(tree(app).cursor_node.label)
