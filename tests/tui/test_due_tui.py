"""Due dates in the explorer: the edit dialog's Due field (checked), overdue items marked in
the tree and the checklist and counted in the header, and a status change keeping the date."""

from __future__ import annotations

from pathlib import Path

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.checklist import ChecklistHeader
from kb_tui.tui.screens.note_editor import NoteEditor

from .conftest import CAPACITY, checklist, running, settle, tree, written


def _store(vault: Path) -> StatusStore:
    return StatusStore(vault / ".kb-tui" / "status.yaml")


async def _edit(pilot, app) -> NoteEditor:  # type: ignore[no-untyped-def]
    assert tree(app).select_key(CAPACITY)
    await settle(pilot)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(app.screen, NoteEditor)
    return app.screen


async def test_due_field_sets_the_date_and_overdue_shows_everywhere(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(120, 30)) as (app, pilot):
        await _edit(pilot, app)
        await pilot.press("tab", *"2020-01-31", "ctrl+s")
        await written(pilot)
        await settle(pilot)
        assert _store(vault).entries[CAPACITY].due == "2020-01-31"
        assert "1 overdue" in app.sub_title
        node = tree(app).nodes[CAPACITY]
        assert str(node.label).startswith("○ ! Capacity planning")
        assert "overdue" in str(node.label) and "(due 2020-01-31)" in str(node.label)
        pane = checklist(app)
        assert pane.current is not None and pane.current.id == CAPACITY
        assert "0/4 done · 0% · 1 overdue" in pane.query_one(ChecklistHeader).title.plain
        strip = pane.query_one("#checklist-detail")
        assert "(due 2020-01-31)" in strip.render().plain.replace("\n", " ")  # type: ignore[attr-defined]


async def test_a_bad_due_date_is_refused_in_the_dialog(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        editor = await _edit(pilot, app)
        await pilot.press("tab", *"31/01/2027", "ctrl+s")
        await pilot.pause()
        assert app.screen is editor  # still open: nothing saved
        error = editor.query_one("#due-error")
        assert error.display and "YYYY-MM-DD" in error.render().plain  # type: ignore[attr-defined]
        assert app.focused is not None and app.focused.id == "due"
        await pilot.press("escape")
        await pilot.pause()
        assert CAPACITY not in _store(vault).entries


async def test_a_status_change_keeps_the_due_date(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    _store(vault).set(CAPACITY, "todo", due="2999-01-31", user="ana")
    async with running(make_app()) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("space")
        await written(pilot)
        entry = _store(vault).entries[CAPACITY]
        assert (entry.status, entry.due) == ("in_progress", "2999-01-31")
        assert "1 overdue" not in app.sub_title and "overdue" not in app.sub_title


async def test_odd_stored_values_are_shown_clean_and_kept(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    """A hand-edited store: a due date that is no day (with an escape sequence in it) and
    an owner holding one. The dialog shows them without control characters, and saving a
    note keeps the due date as it was rather than refusing the dialog."""
    from kb_tui.core.status.format import Entry
    from kb_tui.tui.labels import item_label

    odd = "soon\x1b[2J"
    _store(vault).update({CAPACITY: Entry("todo", owner="\x1b]0;X\x07bo", due=odd)}, user="t")
    async with running(make_app()) as (app, pilot):
        editor = await _edit(pilot, app)
        assert "\x1b" not in editor.query_one("#due").value  # type: ignore[attr-defined]
        assert "\x1b" not in editor.query_one("#owner").value  # type: ignore[attr-defined]
        assert "\x1b" not in item_label(tree(app).nodes[CAPACITY].data.item, True).plain  # type: ignore[union-attr,arg-type]
        await pilot.press("tab", "tab", *"checked", "ctrl+s")
        await written(pilot)
        entry = _store(vault).entries[CAPACITY]
        assert (entry.note, entry.due) == ("checked", odd)
