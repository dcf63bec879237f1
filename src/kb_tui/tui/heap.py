"""Keeping Python's cyclic garbage collector out of the way of keystrokes.

A vault's model and tree are hundreds of thousands of long-lived objects, and every
Markdown rendering leaves tens of thousands more behind. A full collection walks all of
them: on a 1 MB note it took 250–450 ms, and it came at whatever moment the allocation
count said, typically in the middle of drawing the next selection.

So full collections happen only when the user is idle (or when very many are overdue):
the objects a load built are frozen, which the collector skips (reference counting still
frees them), and the automatic full collection is switched off while the app runs; a timer
collects once input has rested. Young collections, which only look at new objects, stay
as they are.
"""

from __future__ import annotations

import gc
import time

from textual import events
from textual.app import App

NEVER = 1 << 30  # a threshold no count reaches: no automatic full collection
IDLE_SECONDS = 1.0  # input quiet this long: a pause cannot be felt
MIN_PENDING = 10  # young-generation collections since the last full one, before one pays
MAX_PENDING = 2_000  # this many pending (constant typing for minutes): collect anyway
TICK_SECONDS = 0.5
BUSY_GROUPS = ("load", "warm")  # workers a collection would stop (holding the interpreter)


class HeapKeeper:
    """Freezes what a load built and runs full collections in idle moments."""

    def __init__(self) -> None:
        self.saved = gc.get_threshold()
        self.frozen = False
        self.refreeze = False  # a reload unfroze the heap: collect and freeze when idle
        self.running = False
        self.last_input = time.monotonic()
        self.collections = 0  # idle collections run (for tests)

    def start(self) -> None:
        """Switch the automatic full collection off (the app calls :meth:`tick`)."""
        if not self.running:
            self.saved = gc.get_threshold()
            gc.set_threshold(self.saved[0], self.saved[1], NEVER)
            self.running = True

    def stop(self) -> None:
        """Back to the interpreter's own rules, nothing frozen (the app is closing)."""
        if self.running:
            gc.set_threshold(*self.saved)
            self.running = False
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def settle(self) -> None:
        """A load finished: freeze its objects.

        After a reload, the previous load's objects are unfrozen instead, and everything is
        collected and frozen again at the next idle moment, so the reference cycles of a
        replaced tree are freed rather than kept for ever, and the reload is not held up
        by a full collection.
        """
        if self.frozen or self.refreeze:  # a reload (maybe before the last one's collection)
            gc.unfreeze()
            self.frozen = False
            self.refreeze = True
            return
        gc.freeze()
        self.frozen = True

    def settle_more(self) -> None:
        """More long-lived objects were built after a load (the history read ahead): at
        the next idle moment collect what is not frozen and freeze it, so that later
        idle collections skip these too."""
        if self.frozen:
            self.refreeze = True

    def idle_for(self) -> float:
        """Seconds since the last key or click."""
        return time.monotonic() - self.last_input

    def touched(self) -> None:
        """A key or a click: not idle."""
        self.last_input = time.monotonic()

    def tick(self, busy: bool = False) -> bool:
        """Collect if it is due and input has rested; True when it collected. ``busy``: a
        vault is being read by a thread, which a collection (holding the interpreter)
        would stop."""
        if busy:
            return False
        pending = gc.get_count()[2]
        idle = time.monotonic() - self.last_input >= IDLE_SECONDS
        if not gc.isenabled() or (not idle and pending < MAX_PENDING):
            return False
        if pending < MIN_PENDING and not self.refreeze:
            return False
        gc.collect()
        self.collections += 1
        if self.refreeze:
            gc.freeze()
            self.frozen, self.refreeze = True, False
        return True


class HeapKeeping(App[None]):
    """The app's side: a :class:`HeapKeeper`, ticked, told about input, stopped on exit."""

    heap: HeapKeeper

    def keep_heap(self) -> None:
        """Start (from ``on_mount``)."""
        self.heap = HeapKeeper()
        self.heap.start()
        self.set_interval(TICK_SECONDS, self._heap_tick)

    def settle_heap(self) -> None:
        """A load is shown: freeze it (see :meth:`HeapKeeper.settle`)."""
        if hasattr(self, "heap"):
            self.heap.settle()

    def settle_more_heap(self) -> None:
        """Objects built after the load will last: freeze them when idle (see
        :meth:`HeapKeeper.settle_more`)."""
        if hasattr(self, "heap"):
            self.heap.settle_more()

    def _heap_tick(self) -> None:
        # Not while a vault is read, nor while the history is read ahead (kb_tui.tui.loading)
        busy = any(w.group in BUSY_GROUPS and w.is_running for w in self.workers)
        self.heap.tick(busy=busy)

    def on_unmount(self) -> None:
        if hasattr(self, "heap"):
            self.heap.stop()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(
            event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp)
        ) and hasattr(self, "heap"):
            self.heap.touched()  # full collections wait for input to rest
        await super().on_event(event)
