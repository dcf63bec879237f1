"""Issue 17: the dashboard opens in ≤ 200 ms on ops-kb with a history of 100,000 records.

    python benchmarks/dashboard.py [VAULT] [--records 100000] [--runs 9] [--seed 0]
                                   [--app] [--opens 11] [--settle 3]

VAULT (default ``../shared/vaults/ops-kb`` beside the checkout, or ``$KB_TUI_OPS_KB``) is
copied to a temporary folder, and ``make_history.py`` writes a store and a history of
``--records`` records into the copy. The vault is read once (the explorer has it when the
dashboard is asked for) and the history read ahead as the explorer does once the vault is
shown (``stats.cache.warm``: its time and CPU are printed); the collector is set as the app
sets it (the load frozen, no automatic full collection: kb_tui.tui.heap). Then, in each
round, a status is changed as the explorer changes one (the store written, the item shown,
its document forgotten through the tallies) and timed:

* opening  — the dashboard as the explorer computes it: the history read (only what was
             appended), the facts from each document's kept (one built again), and
             ``build_dashboard`` with the kept trend days and parts;
* nothing kept — the same with the facts built and counted again, the trend replayed;
* first    — nothing read ahead: the whole history parsed by a new store, all built;
* floors   — measured in the same round: one look at each record and each item (a loop
             reading one field of each: the least any dashboard over them costs), and one
             ``json.loads`` of the history's lines joined (the least a first read costs).

``--app`` then runs the real app on the same copy, headless (``dashboard_app.py``): ``s``
until the dashboard's figures are drawn, the first opening apart, beside a floor (``?`` until
the help screen is drawn) measured in the same run; a status change between openings.

Target: the opening's median ≤ 200 ms (also printed as a ratio to its floor); with
``--app``, the app's p95 and first opening as well. Exit status 0 when met.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE))

from make_history import make_history  # noqa: E402

from kb_tui.core.stats.cache import warm  # noqa: E402
from kb_tui.core.stats.dashboard import build_dashboard  # noqa: E402
from kb_tui.core.stats.facts import facts_of_kb  # noqa: E402
from kb_tui.core.stats.facts_cache import kept_facts  # noqa: E402
from kb_tui.core.status.store import StatusStore  # noqa: E402
from kb_tui.core.workspace.open import open_workspace  # noqa: E402

OPS_KB = Path(os.environ.get("KB_TUI_OPS_KB") or HERE.parent.parent / "shared/vaults/ops-kb")
TARGET = 0.200
OPENING = "opening (read, kept facts, build)"
UNKEPT = "opening, nothing kept but the history"
FIRST = "first opening, nothing read ahead"
STATUSES = ("done", "in_progress", "blocked", "todo")
FLOOR = "floor: a field of each record, item"
JSON_FLOOR = "floor: json.loads of the lines"
NEVER = 1 << 30
now = time.perf_counter


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def ms(value: float) -> str:
    return f"{value * 1000:>8.1f} ms"


def row(name: str, values: list[float]) -> str:
    return f"  {name:42}{ms(statistics.median(values))}{ms(pct(values, 95))}{ms(max(values))}"


def timed(times: dict[str, list[float]], name: str, work: Callable[[], object]) -> object:
    started = now()
    result = work()
    times.setdefault(name, []).append(now() - started)
    return result


def measure(vault: Path, runs: int) -> bool:
    workspace = open_workspace(vault)
    store, kb, cache = workspace.store, workspace.kb, workspace.stats
    items = kb.item_index()
    facts = facts_of_kb(kb)
    started, cpu = now(), time.process_time()
    warm(kb, store, cache)  # what the explorer does once the vault is shown and input rests
    warmed, warm_cpu = now() - started, time.process_time() - cpu
    history = store.read_history()
    ids = [fact.id for fact in facts]
    size = store.history_path.stat().st_size / 1e6
    print(f"{len(kb.documents):,} notes, {len(facts):,} items, {len(history.records):,} records")
    print(f"(history.jsonl: {size:.1f} MB); read ahead in {warmed:.2f} s ({warm_cpu:.2f} s CPU)")
    gc.freeze()  # as the app's HeapKeeper: what the load built is frozen…
    gc.set_threshold(*gc.get_threshold()[:2], NEVER)  # …and no automatic full collection
    times: dict[str, list[float]] = {}
    lines = store.history_path.read_text(encoding="utf-8").splitlines()
    for run in range(runs + 1):  # the first round warms up and is not counted
        item = items[ids[run * 7919 % len(ids)]]  # someone marks an item, as the explorer does
        store.set(item.id, STATUSES[run % len(STATUSES)], user="bench")
        store.apply_item(item)
        workspace.tallies.forget_items([item.id])

        fresh = StatusStore(store.path, root=vault)  # its store read, its history not yet

        def opening() -> object:
            read = store.read_history()
            kept, parts = kept_facts(kb, cache.facts)
            return build_dashboard(
                kept, read.records, skipped=read.skipped, past=cache.past, parts=parts
            )

        def unkept() -> object:
            read = store.read_history()
            return build_dashboard(facts_of_kb(kb), read.records, skipped=read.skipped)

        def first(fresh: StatusStore = fresh) -> object:
            read = fresh.read_history()
            return build_dashboard(facts_of_kb(kb), read.records, skipped=read.skipped)

        def floor() -> object:
            return [r.item for r in history.records], [f.status for f in facts]

        round_times: dict[str, list[float]] = {}
        timed(round_times, OPENING, opening)
        timed(round_times, "  of which kept_facts", lambda: kept_facts(kb, cache.facts))
        timed(round_times, UNKEPT, unkept)
        timed(round_times, "  of which facts_of_kb", lambda: facts_of_kb(kb))
        timed(round_times, FIRST, first)
        timed(round_times, FLOOR, floor)
        timed(round_times, JSON_FLOOR, lambda: _loads(lines))
        gc.collect()  # the app collects when input rests; never inside a measurement
        if run:
            for name, values in round_times.items():
                times.setdefault(name, []).extend(values)
    title = f"per opening ({runs} runs, a change before each)"
    print(f"{title:44}{'median':>11}{'p95':>11}{'max':>11}")
    for name, values in times.items():
        print(row(name, values))
    med = {name: statistics.median(values) for name, values in times.items()}
    opening = med[OPENING]
    met = opening <= TARGET
    print(f" opening median ≤ {TARGET * 1000:.0f} ms: {'met' if met else 'NOT met'}")
    print(
        f" opening ÷ its floor: {opening / med[FLOOR]:.1f}×; nothing kept: "
        f"{med[UNKEPT] / med[FLOOR]:.1f}×; first opening ÷ its floor: "
        f"{med[FIRST] / med[JSON_FLOOR]:.1f}×"
    )
    return met


def _loads(lines: list[str]) -> object:
    return json.loads("[" + ",".join(lines) + "]")


def app(vault: Path, opens: int, settle: float) -> bool:
    """The real app (see ``dashboard_app.py``); met when its p95 is within the target."""
    import asyncio  # only with --app

    from dashboard_app import measure_app, summary  # imports the app: only with --app

    times = asyncio.run(measure_app(vault, opens, settle))
    print(summary(times))
    p95 = pct(times["figures"], 95)
    met = p95 <= TARGET and times["first"][0] <= TARGET
    print(f" app: s → figures p95 and first opening ≤ {TARGET * 1000:.0f} ms: "
          f"{'met' if met else 'NOT met'}")  # fmt: skip
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", nargs="?", type=Path, default=OPS_KB)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--app", action="store_true", help="also time the real app, headless")
    parser.add_argument("--opens", type=int, default=11, help="openings timed in the app")
    parser.add_argument("--settle", type=float, default=3.0, help="seconds before the first")
    args = parser.parse_args()
    if not args.vault.is_dir():
        print(f"no vault at {args.vault} (pass one, or set KB_TUI_OPS_KB)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kb-tui-dashboard-") as work:
        copy = Path(work) / args.vault.name
        ignore = shutil.ignore_patterns(".kb-tui")  # a store of its own is not the one made
        shutil.copytree(args.vault, copy, symlinks=True, ignore=ignore)
        for folder, _, _ in os.walk(copy):  # a read-only source stays writable in the copy
            os.chmod(folder, 0o755)
        started = now()
        made = make_history(copy, records=args.records, seed=args.seed)
        took = now() - started
        print(f"history of {made.records:,} records over {made.items:,} items: {took:.1f} s")
        met = measure(copy, args.runs)
        if args.app:
            os.environ["XDG_STATE_HOME"] = str(Path(work) / "state")  # the user's stays as is
            os.environ["XDG_CACHE_HOME"] = str(Path(work) / "cache")
            os.environ.setdefault("KB_TUI_USER", "bench")
            met = app(copy, args.opens, args.settle) and met
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
