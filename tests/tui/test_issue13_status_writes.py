"""Issue 13: a status key never waits for the store to be written.

``StatusStore.update`` is slowed down to a second (what a 27,000-entry store costs) or made
to fail: the change shows at once everywhere, the event loop keeps running, writes land in
the order the keys were pressed, a failure is rolled back on screen with its message, undo
works, and ``q`` waits for a write on its way.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kb_tui.core.errors import StoreError
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.tui import lifecycle
from kb_tui.tui.app import KbApp

from .conftest import CAPACITY, checklist, loaded, running, settle, status_of, tree, written
from .test_live_reload import live, until, watching

WRITE_SECONDS = 1.0
ALLOCATION = CAPACITY.rsplit("/", 1)[0] + "/resource-allocation"


@pytest.fixture
def slow_writes(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Entry | None]]:
    """Every write takes a second; returns the batches in the order they were written."""
    real = StatusStore.update
    batches: list[dict[str, Entry | None]] = []

    def slow(self: StatusStore, changes, user=None) -> None:  # type: ignore[no-untyped-def]
        time.sleep(WRITE_SECONDS)
        real(self, changes, user)
        batches.append(dict(changes))

    monkeypatch.setattr(StatusStore, "update", slow)
    return batches


def failing_writes(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    def fail(self: StatusStore, changes, user=None) -> None:  # type: ignore[no-untyped-def]
        time.sleep(0.2)
        raise StoreError(message)

    monkeypatch.setattr(StatusStore, "update", fail)


def history(vault: Path) -> list[tuple[str, str | None]]:
    path = vault / ".kb-tui" / "history.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [(record["item"], record["to"]) for record in map(json.loads, lines)]


def ticking(app: KbApp) -> Callable[[], float]:
    """A 10 ms timer; returns a function giving the longest gap between ticks so far."""
    gaps = [0.0]
    last = [time.monotonic()]

    def tick() -> None:
        now = time.monotonic()
        gaps.append(now - last[0])
        last[0] = now

    app.set_interval(0.01, tick)
    return lambda: max(gaps)


async def _at_capacity(pilot, app: KbApp) -> None:  # type: ignore[no-untyped-def]
    """The loaded app with the cursor on the capacity item."""
    await loaded(pilot)
    assert tree(app).select_key(CAPACITY)
    await settle(pilot)


async def test_a_slow_write_shows_at_once_and_the_loop_keeps_running(  # type: ignore[no-untyped-def]
    make_app, vault: Path, slow_writes
) -> None:
    async with running(make_app()) as (app, pilot):
        await _at_capacity(pilot, app)
        longest_gap = ticking(app)
        started = time.monotonic()
        await pilot.press("d")
        assert time.monotonic() - started < WRITE_SECONDS / 2
        assert app.session.writes and not slow_writes  # still being written…
        assert status_of(app, CAPACITY) == "done"  # …and shown everywhere already
        assert str(tree(app).cursor_node.label).startswith("●")
        assert "1/4 25%" in str(tree(app).cursor_node.parent.label)
        assert app.sub_title.startswith("1/135 done")
        assert checklist(app).items[CAPACITY].status == "done"
        assert len(app.main.status.undo_stack) == 1
        await pilot.press("j")  # another key is handled before the write ends
        assert tree(app).current.key == ALLOCATION and app.session.writes
        await written(pilot)
        # A blocked loop would show a gap of the whole write (a second); the benchmark
        # (benchmarks/tui_status_stall.py) measures the real stall against its floor.
        assert longest_gap() < WRITE_SECONDS / 2
    assert slow_writes == [{CAPACITY: Entry(status="done")}]
    assert StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY].status == "done"


@pytest.mark.slow
async def test_quick_keys_are_written_in_order_and_undo_follows(  # type: ignore[no-untyped-def]
    make_app, vault: Path, slow_writes
) -> None:
    async with running(make_app()) as (app, pilot):
        await _at_capacity(pilot, app)
        await pilot.press("i", "d", "b", "u")  # all while the first is being written
        assert status_of(app, CAPACITY) == "done" and len(app.main.status.undo_stack) == 2
        await pilot.press("u")
        assert status_of(app, CAPACITY) == "in_progress" and len(app.main.status.undo_stack) == 1
        await written(pilot)
        assert status_of(app, CAPACITY) == "in_progress"
    assert history(vault) == [
        (CAPACITY, "in_progress"),
        (CAPACITY, "done"),
        (CAPACITY, "blocked"),
        (CAPACITY, "done"),
        (CAPACITY, "in_progress"),
    ]


async def test_a_failed_write_is_rolled_back_with_its_message(  # type: ignore[no-untyped-def]
    make_app, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running(make_app()) as (app, pilot):
        await _at_capacity(pilot, app)
        await pilot.press("d")
        await written(pilot)  # a write that works
        message = f"{vault}/.kb-tui/status.yaml: cannot write: No space left on device"
        failing_writes(monkeypatch, message)
        await pilot.press("b")
        assert status_of(app, CAPACITY) == "blocked" and len(app.main.status.undo_stack) == 2
        await written(pilot)
        assert status_of(app, CAPACITY) == "done" and len(app.main.status.undo_stack) == 1
        assert str(tree(app).cursor_node.label).startswith("●")
        assert checklist(app).items[CAPACITY].status == "done"
        assert app.sub_title.startswith("1/135 done")
        assert app._notifications and list(app._notifications)[-1].message.endswith(message)
        await pilot.press("u")  # an undo that fails goes back on the stack
        assert status_of(app, CAPACITY) is None
        await written(pilot)
        assert status_of(app, CAPACITY) == "done" and len(app.main.status.undo_stack) == 1
    assert history(vault) == [(CAPACITY, "done")]


async def test_q_waits_for_a_write_on_its_way(make_app, vault: Path, slow_writes) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await _at_capacity(pilot, app)
        await pilot.press("d", "q")
        assert app.is_running and app.quitting  # saving…
        await pilot.press("b")  # typed after q: nothing
        for _ in range(200):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
        assert app.return_code == 0
    assert history(vault) == [(CAPACITY, "done")]
    assert StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY].status == "done"


async def test_q_gives_up_waiting_but_the_write_still_lands(  # type: ignore[no-untyped-def]
    make_app, vault: Path, slow_writes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lifecycle, "QUIT_WAIT", 0.2)
    async with running(make_app()) as (app, pilot):
        await _at_capacity(pilot, app)
        await pilot.press("d", "q")
        for _ in range(100):
            if app.return_code is not None:
                break
            await pilot.pause(0.05)
        assert app.return_code == 0 and not slow_writes  # exited before the write ended
    # The app's unmount waited for it.
    assert StatusStore(vault / ".kb-tui" / "status.yaml").entries[CAPACITY].status == "done"


async def test_live_reload_takes_the_apps_slow_write_for_its_own(make_app, slow_writes) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, said = await watching(pilot)
        await _at_capacity(pilot, app)
        await pilot.press("d", "b")
        await written(pilot)
        await until(pilot, lambda: live(app).own_writes >= 1)
        await pilot.pause(0.5)
        assert status_of(app, CAPACITY) == "blocked"
        assert live(app).status_reloads == 0 and live(app).reloads == 0
        assert said == []
