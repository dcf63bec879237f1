"""``ctrl+e`` (the note in $EDITOR), ``y`` (its wikilink) and ``Y`` (its ID) under Pilot.

The headless driver cannot suspend, as a browser cannot: one test shows what the user is
told then; the others stand in a suspend that hands nothing over (the editor is a script
that edits the file and exits, as an editor would)."""

from __future__ import annotations

import contextlib
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kb_tui.tui.app import KbApp

from .conftest import CAPACITY, checklist, running, settle, tree

DOC = "infrastructure-architecture.md"
CAPACITY_LINK = "[[infrastructure-architecture#Compute Resources]]"
BULLET = "Written in the editor"


def said_to(app: KbApp) -> list[str]:
    said: list[str] = []
    app.notify = lambda message, **_: said.append(str(message))  # type: ignore[method-assign]
    return said


def appender(tmp_path: Path, name: str = "editor") -> Path:
    """An editor that appends the bullet :data:`BULLET` to the file it is given, and exits."""
    return script(tmp_path, name, f'for last; do :; done\nprintf -- "\\n- {BULLET}\\n" >> "$last"')


def has_bullet(app: KbApp) -> bool:
    kb = app.session.kb
    return kb is not None and any(item.text == BULLET for item in kb.iter_items())


def script(tmp_path: Path, name: str, body: str) -> Path:
    """An executable ``name`` in a folder of its own (named ``vim``, it is given ``+LINE``)."""
    (tmp_path / "bin").mkdir(exist_ok=True)
    path = tmp_path / "bin" / name
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def can_suspend(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A suspend that works (it hands nothing over: the editor is a script); counts uses."""
    uses: list[int] = []

    @contextlib.contextmanager
    def suspend(self: KbApp) -> Iterator[None]:
        uses.append(1)
        yield

    monkeypatch.setattr(KbApp, "suspend", suspend)
    return uses


async def on_capacity(pilot: Pilot[None], app: KbApp) -> None:
    assert tree(app).select_key(CAPACITY)
    await settle(pilot)


async def until(pilot: Pilot[None], predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("timed out")


# -- y and Y ------------------------------------------------------------------------------
async def test_y_copies_the_items_section_link_and_Y_its_id(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        said = said_to(app)
        await on_capacity(pilot, app)
        await pilot.press("y")
        assert app.clipboard == CAPACITY_LINK
        assert said[-1] == f"Copied {CAPACITY_LINK}"
        await pilot.press("Y")
        assert app.clipboard == CAPACITY
        assert said[-1] == f"Copied {CAPACITY}"


async def test_y_on_a_section_and_on_the_note(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        section = CAPACITY.split("/resource-management")[0]  # Compute Resources
        assert tree(app).select_key(section)
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == CAPACITY_LINK
        await pilot.press("g")  # the note's node
        await settle(pilot)
        assert tree(app).current is not None and tree(app).current.kind == "document"
        await pilot.press("y", "Y")
        assert app.clipboard == DOC
        await pilot.press("y")
        assert app.clipboard == "[[infrastructure-architecture]]"


async def test_y_and_Y_in_the_checklist_copy_its_highlighted_item(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await on_capacity(pilot, app)
        checklist(app).option_list.focus()
        await pilot.press("j", "Y")
        second = checklist(app).current
        assert second is not None and second.id != CAPACITY
        assert app.clipboard == second.id
        await pilot.press("y")
        assert app.clipboard == CAPACITY_LINK


async def test_a_typed_y_goes_into_the_filter_not_the_clipboard(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("slash", "y", "Y", "e")
        await settle(pilot)
        assert app.main.filtering.state.text == "yYe"
        assert app.clipboard == ""


# -- ctrl+e --------------------------------------------------------------------------------
async def test_ctrl_e_edits_the_note_and_the_reload_shows_it_selection_kept(  # type: ignore[no-untyped-def]
    make_app, vault, tmp_path, monkeypatch, can_suspend
) -> None:
    calls = tmp_path / "editor-args"
    editor = script(
        tmp_path,
        "vim",
        f'printf "%s\\n" "$@" > "{calls}"\nfor last; do :; done\n'
        f'printf -- "\\n- {BULLET}\\n" >> "$last"',
    )
    monkeypatch.setenv("EDITOR", f"{editor} --flag")
    monkeypatch.setenv("VISUAL", "")
    async with running(make_app()) as (app, pilot):
        said = said_to(app)
        for _ in range(300):  # the watchers in place
            if app.session.live is not None and app.session.live.ready():
                break
            await pilot.pause(0.02)
        await on_capacity(pilot, app)
        line = tree(app).current.item.line  # type: ignore[union-attr]
        await pilot.press("ctrl+e")
        assert can_suspend == [1]
        assert calls.read_text().split("\n")[:3] == ["--flag", f"+{line}", str(vault / DOC)]
        await until(pilot, lambda: has_bullet(app))
        await settle(pilot)
        assert tree(app).current is not None and tree(app).current.key == CAPACITY
        assert not [message for message in said if "editor" in message.lower()]


async def test_ctrl_e_with_live_reload_off_reads_the_vault_again(  # type: ignore[no-untyped-def]
    make_app, tmp_path, monkeypatch, can_suspend
) -> None:
    monkeypatch.setenv("KB_TUI_NO_WATCH", "1")
    monkeypatch.setenv("VISUAL", str(appender(tmp_path)))
    async with running(make_app()) as (app, pilot):
        await on_capacity(pilot, app)
        await pilot.press("ctrl+e")
        await until(pilot, lambda: has_bullet(app))
        await settle(pilot)
        assert tree(app).current is not None and tree(app).current.key == CAPACITY


@pytest.mark.parametrize(
    ("editor", "message"),
    [
        ("/no/such/editor --wait", "Editor not found: '/no/such/editor' (from $EDITOR)"),
        ("FAIL", "exited with status 1"),
        ("vim 'unclosed", "$EDITOR cannot be read as a command"),
    ],
)
async def test_an_editor_that_is_missing_or_fails_is_said(  # type: ignore[no-untyped-def]
    make_app, tmp_path, monkeypatch, can_suspend, editor, message
) -> None:
    if editor == "FAIL":
        editor = str(script(tmp_path, "failing-editor", "exit 1"))
    monkeypatch.setenv("EDITOR", editor)
    monkeypatch.delenv("VISUAL", raising=False)
    async with running(make_app()) as (app, pilot):
        said = said_to(app)
        await on_capacity(pilot, app)
        await pilot.press("ctrl+e")
        assert any(message in text for text in said), said
        assert app.is_running


async def test_where_the_app_cannot_suspend_the_user_is_told(make_app, vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("EDITOR", "true")
    async with running(make_app()) as (app, pilot):
        said = said_to(app)
        await on_capacity(pilot, app)
        await pilot.press("ctrl+e")
        assert any("cannot be handed to an editor" in text for text in said), said
        assert any(str(vault / DOC) in text for text in said)


async def test_a_note_linking_outside_the_vault_is_not_opened(  # type: ignore[no-untyped-def]
    make_app, vault, tmp_path, monkeypatch, can_suspend
) -> None:
    """The scan lists no such note; one replaced by such a link after it was read (live
    reload off, so the tree still shows it) is refused, and the editor never runs."""
    monkeypatch.setenv("KB_TUI_NO_WATCH", "1")
    calls = tmp_path / "calls"
    monkeypatch.setenv("EDITOR", str(script(tmp_path, "vim", f'echo "$@" >> "{calls}"')))
    async with running(make_app()) as (app, pilot):
        said = said_to(app)
        await on_capacity(pilot, app)
        outside = tmp_path / "outside.md"
        (vault / DOC).rename(outside)
        (vault / DOC).symlink_to(outside)
        await pilot.press("ctrl+e")
        assert any("links to a file outside the vault: not opened" in text for text in said)
        assert not calls.exists() and can_suspend == []


# -- the palette ---------------------------------------------------------------------------
@pytest.mark.slow
async def test_the_palette_copies_and_opens_the_editor(  # type: ignore[no-untyped-def]
    make_app, tmp_path, monkeypatch, can_suspend
) -> None:
    monkeypatch.setenv("KB_TUI_NO_WATCH", "1")
    monkeypatch.setenv("VISUAL", str(appender(tmp_path)))
    async with running(make_app()) as (app, pilot):
        await on_capacity(pilot, app)
        for title in ("Copy link", "Open in editor"):
            await pilot.press("ctrl+p")
            await settle(pilot)
            await pilot.press(*title)
            await settle(pilot)
            await pilot.press("enter")
            await settle(pilot)
        assert app.clipboard == CAPACITY_LINK
        assert can_suspend == [1]
        await until(pilot, lambda: has_bullet(app))


@pytest.mark.slow
async def test_inputs_keep_y_Y_and_ctrl_e_for_themselves(make_app, can_suspend) -> None:  # type: ignore[no-untyped-def]
    """In the note editor's fields and the search box, ``y`` and ``Y`` are typed and
    ``ctrl+e`` goes to the end of the field: nothing is copied, no editor runs."""
    from textual.widgets import Input

    from kb_tui.tui.screens.note_editor import NoteEditor
    from kb_tui.tui.screens.search import SearchScreen

    async with running(make_app()) as (app, pilot):
        await on_capacity(pilot, app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteEditor)
        owner = app.screen.query_one("#owner", Input)
        assert app.screen.focused is owner
        await pilot.press("y", "Y", "home", "ctrl+e", "x")
        assert owner.value == "yYx"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+f")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("y", "Y", "ctrl+e")
        assert app.screen.query_one(Input).value == "yY"
        assert app.clipboard == "" and can_suspend == []


async def test_a_folder_has_no_link_id_or_file(make_app, tmp_path, can_suspend) -> None:  # type: ignore[no-untyped-def]
    """On a folder's node nothing is copied nor opened, and the user is told why; a note of
    the Obsidian fixture vault gets its name (unique there) in the link."""
    import shutil

    root = tmp_path / "obsidian"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "obsidian", root)
    async with running(make_app(root)) as (app, pilot):
        said = said_to(app)
        assert tree(app).select_key("folder:notes")
        await settle(pilot)
        await pilot.press("y", "Y", "ctrl+e")
        assert app.clipboard == "" and can_suspend == []
        assert said[:2] == [
            "A folder has no link to copy: select a note, a section or an item.",
            "A folder has no ID to copy: select a note, a section or an item.",
        ]
        assert "Select a note, a section or an item" in said[2]
        assert tree(app).select_key("notes/Internal links.md#internal-links/link-to-a-block")
        await settle(pilot)
        await pilot.press("y")
        assert app.clipboard == "[[Internal links#Link to a block]]"


async def test_the_bundled_sample_is_not_opened_in_an_editor(
    vault, monkeypatch, can_suspend
) -> None:  # type: ignore[no-untyped-def]
    """kb-tui with no PATH shows its bundled sample, part of the installed program."""
    monkeypatch.delenv("KB_TUI_PATH", raising=False)
    async with running(KbApp()) as (app, pilot):
        said = said_to(app)
        await on_capacity(pilot, app)
        await pilot.press("ctrl+e")
        assert can_suspend == []
        assert said and "bundled sample" in said[-1]
        await pilot.press("y")  # copying is fine
        assert app.clipboard == CAPACITY_LINK
