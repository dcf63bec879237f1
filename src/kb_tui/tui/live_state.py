"""Live reload's state (see :mod:`kb_tui.tui.live_reload`): plain data, no Textual."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Protocol

from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.tui.watcher import ChangeFilter, Reload, StopSignal, WatchSpec


class Stoppable(Protocol):
    """A timer that can be stopped (Textual's, in the app)."""

    def stop(self) -> None: ...


@dataclass
class LiveState:
    """The app's live-reload state; the counters are there for tests and the curious."""

    spec: WatchSpec | None = None
    changes_filter: ChangeFilter | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    signals: list[StopSignal] = field(default_factory=list)
    watchers: int = 0
    docs: set[str] = field(default_factory=set)
    store: bool = False
    timer: Stoppable | None = None  # the quiet period before a reload
    worker: object | None = None  # the reload's worker while it reads
    pending: Reload | None = None
    viewer_restore: tuple[str, float] | None = None
    seen: tuple[int, int] = (0, -1)  # (id(store), revision) last applied to the tree
    applied: dict[str, Entry] = field(default_factory=dict)  # the entries last applied
    reloads: int = 0
    status_reloads: int = 0
    own_writes: int = 0
    # Reading only the changed notes is safe while the last read is whole and of today
    # (Templater renders dates): a failed reload, or a new day, means reading everything.
    read_whole: bool = False
    day: str = field(default_factory=lambda: dt.date.today().isoformat())

    closed: bool = False  # the app is ending: every watcher stops, even one starting late

    def register(self, signal: StopSignal) -> None:
        """A watcher thread starts: it is stopped at once if the app is already ending.

        A watcher's thread can start after the app has begun to exit (Textual then has
        nothing left to cancel), and would watch forever: the test run hung on it.
        """
        with self.lock:
            self.signals.append(signal)
            if self.closed:
                signal.stopped.set()

    def stop_all(self) -> None:
        """Stop every watcher, now and any that registers later."""
        with self.lock:
            self.closed = True
            for signal in self.signals:
                signal.stopped.set()

    def applied_from(self, store: StatusStore) -> None:
        """The tree now shows ``store``'s entries."""
        self.seen, self.applied = (id(store), store.revision), store.entries

    def ready(self) -> bool:
        """Every watcher is in place (or has failed and said so)."""
        started = self.spec is not None and len(self.signals) == self.watchers
        return started and all(s.ready.is_set() for s in self.signals)

    def running(self) -> int:
        return sum(s.running for s in self.signals)
