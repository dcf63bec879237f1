"""Live reload's state, without an app (and without Textual)."""

from __future__ import annotations

import sys
from pathlib import Path

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.live_state import LiveState
from kb_tui.tui.watcher import StopSignal


def test_a_watcher_registering_after_stop_all_is_stopped_at_once() -> None:
    live = LiveState()
    early = StopSignal()
    live.register(early)
    live.stop_all()
    assert live.closed and early.stopped.is_set()
    late = StopSignal()
    live.register(late)
    assert late.stopped.is_set() and live.signals == [early, late]


def test_applied_from_records_the_store_shown(tmp_path: Path) -> None:
    store = StatusStore(tmp_path / "status.yaml")
    live = LiveState()
    live.applied_from(store)
    assert live.seen == (id(store), store.revision) and live.applied is store.entries


def test_not_ready_until_every_watcher_is_in_place() -> None:
    live = LiveState()
    assert not live.ready() and live.running() == 0


def test_the_module_needs_no_textual() -> None:
    assert "kb_tui.tui.live_state" in sys.modules
    source = Path(sys.modules["kb_tui.tui.live_state"].__file__ or "").read_text()
    assert "textual" not in source
