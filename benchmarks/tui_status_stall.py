"""Issue 13: the longest event-loop stall a status key causes, with a huge status store.

    python benchmarks/tui_status_stall.py [--entries 27000] [--presses 10] [--gap 0.2]
                                          [--runs 1] [--sync] [--no-watch]

A status write re-reads, merges and replaces the whole store and appends to its history
(with 27,000 entries: about 0.2 s with the YAML reader, 25–60 ms with the block reader, more
on a slow disk or behind another writer's lock). The explorer hands it to a writer thread
(kb_tui.tui.status_writer) and shows the change at once; this measures what is left of it
on the event loop — the UI's own work, and the writer thread holding the interpreter lock.

Setup (in a temporary folder, removed afterwards): a synthetic vault shaped like the sample
(benchmarks/gen_vault.py, 105 items a note, as many notes as --entries needs) and a status
store with the first --entries items marked done, written once through ``StatusStore``. The
floor is the same vault with an empty store, measured in the same run.

Measurement: the real app under ``App.run_test`` (headless, 160×48, live reload on unless
--no-watch), once the vault is shown and has settled; the cursor goes to an item of the
last note and ``space`` is pressed --presses times, --gap seconds apart (quicker than a big
store is written: the writes queue up, as for a user pressing keys). A 10 ms
``set_interval`` records the gaps between its ticks from the first press until every write
is done and 0.3 s more; a gap includes the 10 ms period, so an idle loop shows ~10 ms.
Printed for each store: the longest and median gap, the 95th percentile, and how long a
write took (on the writer thread). --sync writes on the UI thread instead, as before issue
13 (for comparison). Target: the longest gap with the big store ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ITEMS_PER_NOTE = 105
SIZE = (160, 48)
TICK = 0.01
TARGET = 0.100


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan


def build(root: Path, entries: int) -> tuple[Path, Path]:
    """A vault with at least ``entries`` items, and a copy whose store marks that many.

    Both are read once here, which fills the parse cache: the app then reads them from it.
    (Under ``run_test`` a thread worker cannot start the parse pool's processes — Textual's
    captured stdout has no file descriptor — and the cache is what the explorer normally
    meets on a vault opened before.)
    """
    sys.path.insert(0, str(HERE))
    from gen_vault import generate

    from kb_tui.core.status.store import Entry, StatusStore
    from kb_tui.core.workspace.open import open_workspace

    empty, full = root / "empty", root / "full"
    generate(empty, max(1, math.ceil(entries / ITEMS_PER_NOTE)))
    shutil.copytree(empty, full)
    open_workspace(empty)
    workspace = open_workspace(full).index()
    assert workspace.items is not None
    ids = sorted(workspace.items)[:entries]
    store = StatusStore(full / ".kb-tui" / "status.yaml")
    store.update({item_id: Entry(status="done") for item_id in ids}, user="bench")
    return empty, full


async def measure(vault: Path, presses: int, gap: float) -> tuple[list[float], list[float]]:
    """(gaps between ticks while the keys are pressed and written, write seconds)."""
    from kb_tui.core.status.store import StatusStore
    from kb_tui.tui.app import KbApp
    from kb_tui.tui.tree import KbTree

    writes: list[float] = []
    real = StatusStore.update

    def timed(self: StatusStore, changes, user=None) -> None:  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            real(self, changes, user)
        finally:
            writes.append(time.perf_counter() - start)

    StatusStore.update = timed  # type: ignore[method-assign]
    app = KbApp(vault)
    gaps: list[float] = []
    try:
        async with app.run_test(size=SIZE) as pilot:
            for _ in range(3000):
                await pilot.pause(0.02)
                if app.workspace is not None and app.query(KbTree).first().current is not None:
                    break
            assert app.workspace is not None and app.workspace.items is not None
            await pilot.pause(1.5)  # first frame, Markdown, the collector back on
            item = max(app.workspace.items)  # an item of the last note
            tree = app.query_one(KbTree)
            tree.focus()
            assert tree.select_key(item)
            await pilot.pause(0.5)
            last = [time.perf_counter()]
            recording = [True]

            def tick() -> None:
                at = time.perf_counter()
                if recording[0]:
                    gaps.append(at - last[0])
                last[0] = at

            timer = app.set_interval(TICK, tick)
            for _ in range(presses):
                await pilot.press("space")
                await pilot.pause(gap)
            while app.writes:
                await pilot.pause(0.02)
            await pilot.pause(0.3)
            recording[0] = False
            timer.stop()
    finally:
        StatusStore.update = real  # type: ignore[method-assign]
    return gaps, writes


def synchronous_writes() -> None:
    """--sync: each write on the calling (UI) thread, as before issue 13."""
    from kb_tui.tui.status_writer import StatusWriter, Write

    def submit(self: StatusWriter, write: Write) -> None:
        with self._idle:
            self._queued += 1
        self._run(write)

    StatusWriter.submit = submit  # type: ignore[method-assign]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=27_000)
    parser.add_argument("--presses", type=int, default=10)
    parser.add_argument("--gap", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--sync", action="store_true")
    parser.add_argument("--no-watch", action="store_true")
    args = parser.parse_args()
    if args.no_watch:
        os.environ["KB_TUI_NO_WATCH"] = "1"
    os.environ.setdefault("KB_TUI_USER", "bench")
    if args.sync:
        synchronous_writes()
    with tempfile.TemporaryDirectory(prefix="kb-tui-stall-") as tmp:
        os.environ["XDG_CACHE_HOME"] = str(Path(tmp) / "cache")
        os.environ["XDG_STATE_HOME"] = str(Path(tmp) / "state")
        started = time.perf_counter()
        empty, full = build(Path(tmp), args.entries)
        print(f"setup: {args.entries:,} entries in {time.perf_counter() - started:.1f} s")
        mode = "on the UI thread (--sync)" if args.sync else "on the writer thread"
        print(f"{args.presses} presses of space, {args.gap * 1000:.0f} ms apart; writes {mode}")
        print("store        run  longest gap  median gap  p95 gap  write (median)")
        worst = 0.0
        for run in range(1, args.runs + 1):
            for name, vault in (("empty", empty), (f"{args.entries:,}", full)):
                state = vault / ".kb-tui"
                saved = Path(tmp) / f"saved-{name}"
                if state.exists():
                    shutil.copytree(state, saved, dirs_exist_ok=True)
                gaps, writes = asyncio.run(measure(vault, args.presses, args.gap))
                shutil.rmtree(state, ignore_errors=True)  # as it was, for the next run
                if saved.exists():
                    shutil.copytree(saved, state)
                write = statistics.median(writes) if writes else math.nan
                print(
                    f"{name:>12} {run:>4} {max(gaps) * 1000:>9.0f} ms "
                    f"{statistics.median(gaps) * 1000:>8.0f} ms {pct(gaps, 95) * 1000:>5.0f} ms "
                    f"{write * 1000:>9.0f} ms"
                )
                if vault is full:
                    worst = max(worst, max(gaps))
    verdict = "met" if worst <= TARGET else "NOT met"
    print(f"target: longest gap with the big store ≤ {TARGET * 1000:.0f} ms — {verdict}")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
