"""The explorer's collector policy: freeze what a load built, collect when input rests."""

from __future__ import annotations

import gc

import pytest

from kb_tui.tui import heap
from kb_tui.tui.heap import HeapKeeper


@pytest.fixture
def keeper():  # type: ignore[no-untyped-def]
    saved = gc.get_threshold()
    keeper = HeapKeeper()
    yield keeper
    keeper.stop()
    gc.set_threshold(*saved)
    gc.unfreeze()


def test_start_and_stop_switch_the_automatic_full_collection(keeper: HeapKeeper) -> None:
    before = gc.get_threshold()
    keeper.start()
    assert gc.get_threshold()[:2] == before[:2] and gc.get_threshold()[2] == heap.NEVER
    keeper.settle()
    assert gc.get_freeze_count() > 0
    keeper.stop()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def test_a_reload_unfreezes_and_the_next_idle_moment_collects_and_freezes(
    keeper: HeapKeeper, monkeypatch: pytest.MonkeyPatch
) -> None:
    keeper.start()
    keeper.settle()
    keeper.settle()  # a reload: nothing frozen until the heap is collected
    assert gc.get_freeze_count() == 0 and keeper.refreeze
    keeper.touched()
    assert not keeper.tick()  # typing: no pause now
    monkeypatch.setattr(heap, "IDLE_SECONDS", 0.0)
    assert keeper.tick()
    assert keeper.frozen and not keeper.refreeze and gc.get_freeze_count() > 0


def test_collections_wait_for_input_to_rest_unless_very_overdue(
    keeper: HeapKeeper, monkeypatch: pytest.MonkeyPatch
) -> None:
    keeper.start()
    keeper.touched()
    monkeypatch.setattr(heap.gc, "get_count", lambda: (0, 0, heap.MIN_PENDING))
    assert not keeper.tick()  # due, but the user is typing
    monkeypatch.setattr(heap.gc, "get_count", lambda: (0, 0, heap.MAX_PENDING))
    assert keeper.tick()  # too long overdue: collect anyway
    monkeypatch.setattr(heap, "IDLE_SECONDS", 0.0)
    monkeypatch.setattr(heap.gc, "get_count", lambda: (0, 0, 1))
    assert not keeper.tick()  # idle, but next to nothing to collect
    assert keeper.collections == 1


def test_objects_built_after_the_load_are_frozen_at_the_next_idle_moment(
    keeper: HeapKeeper, monkeypatch: pytest.MonkeyPatch
) -> None:
    keeper.settle_more()  # nothing frozen yet (no load shown): nothing to do
    assert not keeper.refreeze
    keeper.start()
    keeper.settle()
    frozen = gc.get_freeze_count()
    built = [[n] for n in range(1000)]  # the history read ahead, say
    keeper.settle_more()
    assert keeper.refreeze and keeper.frozen  # the load stays frozen meanwhile
    keeper.touched()
    assert not keeper.tick()
    monkeypatch.setattr(heap, "IDLE_SECONDS", 0.0)
    assert keeper.tick()
    assert not keeper.refreeze and gc.get_freeze_count() >= frozen + len(built)
