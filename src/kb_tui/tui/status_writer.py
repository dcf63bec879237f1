"""Status writes off the UI thread: one writer thread, in the order the keys were pressed.

A write re-reads, merges and atomically replaces the whole store, then appends to the
history with an fsync, after waiting for the lock another writer may hold: with a big store,
a slow disk or a busy lock that is up to seconds, and on the UI thread every status key
froze the explorer that long. The app shows a change at once and hands
the write to :class:`StatusWriter`, which hears back through ``report`` (called on the
writer thread; the app turns it into a message). One thread and its queue: two quick key
presses are written in order, never at the same time, each on top of what the previous
one left. The thread is not a daemon (``concurrent.futures`` joins it when the interpreter
exits), so a write handed over is finished even if the app ends first.

No Textual here: this module is plain threads and the core store.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from kb_tui.core.errors import StoreError
from kb_tui.core.status.store import Entry, StatusStore

Changes = dict[str, Entry | None]


def _go_ahead() -> str:
    return ""


@dataclass(eq=False)
class Write:
    """One batch of changes on its way to the store, and what undoing it restores."""

    store: StatusStore
    changes: Changes
    before: Changes  # what was shown before: pushed on the undo stack when ``recorded``
    recorded: bool = True
    undo: Changes | None = None  # an undo's batch: back on the stack if the write fails
    # Asked on the writer thread just before writing: a reason not to write, or "".
    refusal: Callable[[], str] = _go_ahead
    error: str = ""  # set on the writer thread when the write failed
    reported: bool = False  # the app has handled the outcome (shown it, or rolled back)


@dataclass
class StatusWriter:
    """A single writer thread with its queue; ``report(write)`` is called after each write."""

    report: Callable[[Write], object]
    failed: list[Write] = field(default_factory=list)  # every failed write, for the exit
    _executor: ThreadPoolExecutor | None = None
    _idle: threading.Condition = field(default_factory=threading.Condition)
    _queued: int = 0

    def submit(self, write: Write) -> None:
        if self._executor is None:  # the thread starts with the first write
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kb-tui-store")
        with self._idle:
            self._queued += 1
        self._executor.submit(self._run, write)

    def _run(self, write: Write) -> None:
        try:
            reason = write.refusal()
            if reason:
                raise StoreError(reason)
            write.store.update(write.changes)
        except StoreError as exc:
            write.error = str(exc) or f"{write.store.path}: cannot write"
        except Exception as exc:  # any failure is rolled back on screen, never a crash
            write.error = f"{write.store.path}: cannot write: {exc}"
        with self._idle:
            if write.error:
                self.failed.append(write)
            self._queued -= 1
            self._idle.notify_all()
        with contextlib.suppress(RuntimeError):  # the app's event loop has closed
            self.report(write)

    @property
    def busy(self) -> bool:
        return self._queued > 0

    def wait(self, timeout: float) -> bool:
        """Until every write handed over is done (True), or ``timeout`` seconds (False)."""
        with self._idle:
            return self._idle.wait_for(lambda: self._queued == 0, timeout)

    def close(self) -> None:
        """No more writes: the thread ends once the queue is done (never cut short)."""
        if self._executor is not None:
            self._executor.shutdown(wait=False)

    def unreported(self) -> list[str]:
        """Errors of failed writes the app never got to show (it had already exited)."""
        with self._idle:
            return [write.error for write in self.failed if not write.reported]
