"""Live reload: documents and statuses changed on disk show up in the running app."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.app import KbApp
from kb_tui.tui.live_reload import LiveState
from kb_tui.tui.screens.help import HelpScreen
from kb_tui.tui.watcher import StopSignal

from .conftest import CAPACITY, checklist, loaded, running, settle, status_of, tree, viewer

DOC = "infrastructure-architecture.md"
ALLOCATION = CAPACITY.rsplit("/", 1)[0] + "/resource-allocation"
ALLOTMENT = CAPACITY.rsplit("/", 1)[0] + "/resource-allotment"


async def watching(pilot: Pilot[None]) -> tuple[KbApp, list[str]]:
    """The loaded app once its watchers are in place, and the list of what it says."""
    app = await loaded(pilot)
    said: list[str] = []
    app.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
    for _ in range(300):
        if app.session.live is not None and app.session.live.ready():
            break
        await pilot.pause(0.02)
    assert app.session.live is not None and app.session.live.ready()
    return app, said


async def press_on(pilot: Pilot[None], app: KbApp, key: str, *keys: str) -> None:
    """Select the item ``key`` in the tree and press ``keys`` on it."""
    assert tree(app).select_key(key)
    await settle(pilot)
    await pilot.press(*keys)


def live(app: KbApp) -> LiveState:
    assert app.session.live is not None
    return app.session.live


async def until(pilot: Pilot[None], predicate: Callable[[], bool], timeout: float = 5.0) -> float:
    """Seconds until ``predicate()`` holds (fails after ``timeout``)."""
    start = time.monotonic()
    while not predicate():
        assert time.monotonic() - start < timeout, "timed out"
        await pilot.pause(0.02)
    return time.monotonic() - start


async def rendered(pilot: Pilot[None], app: KbApp) -> None:
    """Until the viewer's height has stayed the same for half a second."""
    heights = [-1.0]
    while len(heights) < 6 or len(set(heights[-5:])) > 1:
        await pilot.pause(0.1)
        heights.append(viewer(app).max_scroll_y)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


async def test_edited_document_updates_the_tree_and_keeps_the_selection(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        expanded = {k for k, n in tree(app).nodes.items() if n.is_expanded}
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        elapsed = await until(pilot, lambda: ALLOTMENT in tree(app).nodes)
        assert elapsed < 2.0  # about 0.5 s on an idle machine
        await until(pilot, lambda: live(app).reloads == 1)
        await settle(pilot)
        assert ALLOCATION not in tree(app).nodes
        assert tree(app).current.key == CAPACITY
        assert expanded <= {k for k, n in tree(app).nodes.items() if n.is_expanded}
        assert ALLOTMENT in checklist(app).items  # the checklist shows the new text too
        assert said == ["Reloaded: 1 document changed"]
        assert live(app).reloads == 1


async def test_the_checklist_of_a_selected_group_shows_the_new_items(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    group = CAPACITY.rsplit("/", 1)[0]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        assert tree(app).select_key(group)
        await settle(pilot)
        assert checklist(app).ref.key == group and ALLOCATION in checklist(app).items
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        await until(pilot, lambda: live(app).reloads == 1)
        await settle(pilot)
        assert tree(app).current.key == group
        assert ALLOTMENT in checklist(app).items and ALLOCATION not in checklist(app).items


async def test_scroll_positions_survive_a_reload(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    section = CAPACITY.split("/compute-resources")[0] + "/virtualization-layer"
    async with running(make_app(), size=(160, 20)) as (app, pilot):
        app, _ = await watching(pilot)
        for node in list(tree(app).nodes.values()):
            if node.allow_expand:
                node.expand()
        await settle(pilot)
        assert tree(app).select_key(section)
        await until(pilot, lambda: viewer(app).ref is not None and viewer(app).ref.key == section)
        await rendered(pilot, app)
        tree(app).scroll_to(y=tree(app).cursor_line - 2, animate=False, immediate=True)
        viewer(app).scroll_to(y=2, animate=False, immediate=True)
        await settle(pilot)
        tree_y, viewer_y = tree(app).scroll_y, viewer(app).scroll_y
        assert tree_y > 0 and viewer_y == 2
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        await until(pilot, lambda: live(app).reloads == 1)
        assert viewer(app).ref.key == section
        # The viewer shows the new text from the top, then scrolls back once it is rendered.
        await until(pilot, lambda: (tree(app).scroll_y, viewer(app).scroll_y) == (tree_y, 2))
        await pilot.pause(0.3)
        assert (tree(app).scroll_y, viewer(app).scroll_y) == (tree_y, viewer_y)


async def test_a_renamed_section_keeps_the_cursor_on_its_document(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        edit(vault / DOC, "### Compute Resources", "### Compute Capacity")
        await until(pilot, lambda: live(app).reloads == 1)
        await settle(pilot)
        # Every ID under the heading changed: the nearest surviving ancestor is selected.
        assert tree(app).current.key == CAPACITY.split("/compute-resources")[0]


async def test_added_and_removed_documents(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        (vault / "notes").mkdir()
        (vault / "notes" / "runbook.md").write_text("# Runbook\n\n## Steps\n\n- Restart\n")
        await until(pilot, lambda: live(app).reloads == 1)
        assert "notes/runbook.md" in tree(app).nodes
        assert said == ["Reloaded: 1 document changed"]
        (vault / "notes" / "runbook.md").unlink()
        await until(pilot, lambda: live(app).reloads == 2)
        assert "notes/runbook.md" not in tree(app).nodes
        assert len(app.session.workspace.kb.documents) == 1


async def test_a_folder_moved_in_and_out_is_seen(make_app, vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.md").write_text("# A\n\n- one\n")
    (outside / "b.md").write_text("# B\n\n- two\n")
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        os.rename(outside, vault / "moved")
        await until(pilot, lambda: live(app).reloads == 1)
        assert {"moved/a.md", "moved/b.md"} <= set(tree(app).nodes)
        assert said == ["Reloaded: 2 documents changed"]
        os.rename(vault / "moved", outside)
        await until(pilot, lambda: live(app).reloads == 2)
        assert "moved/a.md" not in tree(app).nodes


async def test_hidden_folders_and_other_files_are_ignored(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        for folder in (".obsidian", ".git", "node_modules"):
            (vault / folder).mkdir()
            (vault / folder / "x.md").write_text("# X\n- item\n")
        (vault / "picture.png").write_bytes(b"\x89PNG")
        (vault / "empty").mkdir()
        (vault / f".{DOC}.swp").write_text("swap")
        await pilot.pause(1.0)
        assert live(app).reloads == 0 and live(app).status_reloads == 0
        assert said == []


async def test_store_written_by_another_process_updates_the_checklist(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        env = {**os.environ, "KB_TUI_USER": "other"}
        subprocess.run(
            [sys.executable, "-m", "kb_tui", "mark", str(vault), CAPACITY, "done"],
            check=True,
            env=env,
            capture_output=True,
        )
        await until(pilot, lambda: status_of(app, CAPACITY) == "done")
        await settle(pilot)
        item = app.session.items_by_id[CAPACITY]
        assert item.status == "done" and item.by == "other"
        options = checklist(app).option_list
        label = options.get_option(CAPACITY).prompt
        assert str(label).lstrip().startswith("●")
        assert str(tree(app).cursor_node.label).startswith("●")
        assert app.sub_title.startswith("1/135 done")
        assert live(app).reloads == 0 and live(app).status_reloads == 1  # nothing re-parsed
        assert said == ["Reloaded: 1 status changed"]


async def test_the_apps_own_status_key_does_not_reload(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        for key in ("d", "b", "space"):
            await pilot.press(key)
            await until(pilot, lambda: live(app).own_writes >= 1)
            await pilot.pause(0.5)
        assert status_of(app, CAPACITY) == "todo"
        assert live(app).reloads == 0 and live(app).status_reloads == 0
        assert said == []


async def test_a_write_that_merges_another_writers_change_shows_it(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        other = StatusStore(vault / ".kb-tui" / "status.yaml")
        other.set(ALLOCATION, "blocked", user="other")
        await pilot.press("d")  # at once: the app's write merges the other one in
        await until(pilot, lambda: app.session.items_by_id[ALLOCATION].status == "blocked")
        assert status_of(app, CAPACITY) == "done"


async def test_store_outside_the_vault_is_watched_even_before_it_exists(vault, tmp_path) -> None:  # type: ignore[no-untyped-def]
    store_path = tmp_path / "state" / "kb" / "deep" / "status.yaml"
    async with running(KbApp(vault, store_path)) as (app, pilot):
        app, _ = await watching(pilot)
        assert live(app).watchers == 2
        StatusStore(store_path).set(CAPACITY, "in_progress", user="other")
        await until(pilot, lambda: status_of(app, CAPACITY) == "in_progress")
        StatusStore(store_path).set(CAPACITY, "done", user="other")
        await until(pilot, lambda: app.session.items_by_id[CAPACITY].status == "done")


async def test_a_dialog_defers_the_document_reload_until_it_closes(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        StatusStore(vault / ".kb-tui" / "status.yaml").set(CAPACITY, "done", user="other")
        await until(pilot, lambda: app.session.items_by_id[CAPACITY].status == "done")  # at once
        await pilot.pause(0.6)
        assert live(app).reloads == 0 and isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await until(pilot, lambda: live(app).reloads == 1)
        assert ALLOTMENT in app.session.items_by_id and status_of(app, CAPACITY) == "done"


async def test_the_filter_survives_a_reload(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        await pilot.press("slash", *"capacity", "enter")
        await settle(pilot)
        assert app.main.filtering.state.active and tree(app).current.key == CAPACITY
        edit(vault / DOC, "   - Resource allocation", "   - Capacity allotment")
        new_item = CAPACITY.rsplit("/", 1)[0] + "/capacity-allotment"
        await until(pilot, lambda: live(app).reloads == 1)
        await settle(pilot)
        assert new_item in tree(app).nodes
        assert app.main.filtering.state.active and app.main.filtering.state.text == "capacity"
        assert ALLOCATION not in tree(app).nodes  # still only the matches
        assert tree(app).current.key == CAPACITY
        await pilot.press("escape")
        await settle(pilot)
        assert not app.main.filtering.state.active and tree(app).current.key == CAPACITY


async def test_a_broken_store_keeps_the_statuses_and_turns_read_only(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        await press_on(pilot, app, CAPACITY, "d")
        path = vault / ".kb-tui" / "status.yaml"
        good = path.read_text()
        path.write_text("<<<<<<< HEAD\n" + good + "=======\n>>>>>>> theirs\n")
        await until(pilot, lambda: bool(app.query("#banner")))
        assert app.session.workspace.store.read_only and status_of(app, CAPACITY) == "done"
        assert "merge conflict" in said[-1]
        path.write_text(good)
        await until(pilot, lambda: not app.query("#banner"))
        assert not app.session.workspace.store.read_only and status_of(app, CAPACITY) == "done"


async def test_a_single_file_knowledge_base_watches_only_its_file(vault) -> None:  # type: ignore[no-untyped-def]
    (vault / "other.md").write_text("# Other\n- thing\n")
    async with running(KbApp(vault / DOC)) as (app, pilot):
        app, _ = await watching(pilot)
        (vault / "other.md").write_text("# Other\n- changed\n")
        await pilot.pause(0.8)
        assert live(app).reloads == 0
        edit(vault / DOC, "   - Resource allocation", "   - Resource allotment")
        await until(pilot, lambda: ALLOTMENT in app.session.items_by_id)


async def test_watchers_stop_when_the_app_exits(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        state = live(app)
        assert state.running() == 1
    deadline = time.monotonic() + 2
    while state.running() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert state.running() == 0


async def test_no_watch(make_app, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("KB_TUI_NO_WATCH", "1")
    async with running(make_app()) as (app, pilot):
        await pilot.pause(0.5)
        assert app.session.live is None


async def test_the_bundled_sample_watches_only_its_store(vault, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("KB_TUI_PATH", raising=False)
    async with running(KbApp()) as (app, pilot):
        app, said = await watching(pilot)
        spec = live(app).spec
        assert spec is not None and not spec.documents and live(app).watchers == 1
        assert not app.session.workspace.store.path.exists()  # its folder is created by this write:
        StatusStore(app.session.workspace.store.path).set(CAPACITY, "blocked", user="other")
        await until(pilot, lambda: app.session.items_by_id[CAPACITY].status == "blocked")
        assert said == ["Reloaded: 1 status changed"]


async def test_a_reload_reads_only_the_changed_note(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    (vault / "other.md").write_text("# Other\n\n## Part\n\n- [[infrastructure-architecture]]\n")
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        sample = next(d for d in app.session.workspace.kb.documents if d.path == DOC)
        (vault / "other.md").write_text("# Other\n\n## Part two\n\n- [[nowhere]]\n")
        await until(pilot, lambda: live(app).reloads == 1)
        docs = {d.path: d for d in app.session.workspace.kb.documents}
        assert docs[DOC] is sample  # taken as it was, not read again
        assert [s.title for s in docs["other.md"].iter_sections()][-1] == "Part two"
        assert "other.md#other/part-two" in tree(app).nodes
        assert any(
            p.path == "other.md" and p.code == "link-unresolved"
            for p in app.session.workspace.kb.problems
        )
        assert said == ["Reloaded: 1 document changed"]


def test_a_watcher_that_starts_after_the_app_ended_stops_at_once() -> None:
    """A watcher thread can start once the app is exiting: it must not watch forever."""
    live = LiveState()
    early = StopSignal()
    live.register(early)
    assert not early.requested()
    live.stop_all()
    assert early.requested()
    late = StopSignal()
    live.register(late)  # the thread got going after the app ended
    assert late.requested()


async def test_no_watcher_thread_outlives_the_app(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(80, 24)) as (app, pilot):
        app, _ = await watching(pilot)
        signals = list(app.session.live.signals)
    assert signals and all(s.requested() for s in signals)
    assert app.session.live.closed
