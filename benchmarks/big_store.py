"""kb-tui with a large status store, beside the same command with an empty store (issue #13).

    python benchmarks/big_store.py [--vault PATH] [--runs 7] [--orphans 100000]

Three copies of the vault (default: ../shared/vaults/ops-kb) are made in a temporary folder:

- empty: no status store (the floor, measured in the same run);
- full: every item of the vault marked done, with a note, an owner and a time (27,076
  entries on ops-kb);
- orphans: ``--orphans`` entries for items that no longer exist.

Then ``kb-tui mark`` (one item, done) and ``kb-tui export --format json`` run in turn,
floor and store interleaved (empty, full, orphans, empty, …) so that the machine's drift
hits all alike; every run is a fresh process with a warm parse cache. Each ratio is the
median of the runs' ratios to the empty store of the same round.

Targets: with the full store, ``mark`` ≤ 2× and ``export`` ≤ 1.5× the empty store; with
the orphans, ``mark`` ≤ 3×. Exit status 1 when one is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPS_KB = HERE.parent.parent / "shared" / "vaults" / "ops-kb"
sys.path.insert(0, str(HERE.parent / "src"))

from kb_tui.core.status.store import Entry, serialize  # noqa: E402
from kb_tui.core.workspace.load import load_kb  # noqa: E402

TARGETS = {("mark", "full"): 2.0, ("export", "full"): 1.5, ("mark", "orphans"): 3.0}


def _timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stderr.decode()}")
    return elapsed


def _prepare(vault: Path, work: Path, orphans: int) -> tuple[dict[str, Path], str, int]:
    copies = {name: work / name for name in ("empty", "full", "orphans")}
    for copy in copies.values():
        shutil.copytree(vault, copy, symlinks=True)
    ids = [item.id for item in load_kb(copies["full"]).iter_items()]
    stamp = "2026-12-01T00:00:00Z"
    full = {i: Entry("done", note="checked", owner="ana", updated=stamp, by="ana") for i in ids}
    gone = {
        f"gone/note-{n // 100}.md#gone/item-{n}": Entry("done", updated=stamp, by="ana")
        for n in range(orphans)
    }
    for name, entries in (("full", full), ("orphans", gone)):
        folder = copies[name] / ".kb-tui"
        folder.mkdir()
        (folder / "status.yaml").write_text(serialize(entries), encoding="utf-8")
    return copies, ids[0], len(ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vault", type=Path, default=OPS_KB)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--orphans", type=int, default=100_000)
    args = parser.parse_args()
    kb_tui = [sys.executable, "-m", "kb_tui"]
    with tempfile.TemporaryDirectory(prefix="kb-tui-big-store-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, KB_TUI_USER="bench", XDG_CACHE_HOME=str(work / "cache"))
        copies, item, count = _prepare(args.vault, work, args.orphans)
        print(f"vault {args.vault.name}: {count:,} items; orphans store: {args.orphans:,}")
        commands = {
            "mark": lambda v: [*kb_tui, "mark", str(v), item, "done"],
            "export": lambda v: [*kb_tui, "export", str(v), "--format", "json", "-o", os.devnull],
        }
        for copy in copies.values():  # warm the parse caches
            _timed(commands["export"](copy), env)
        times: dict[tuple[str, str], list[float]] = {}
        ratios: dict[tuple[str, str], list[float]] = {}
        for _ in range(args.runs):
            for command, build in commands.items():
                floor = _timed(build(copies["empty"]), env)
                times.setdefault((command, "empty"), []).append(floor)
                for name in ("full", "orphans"):
                    if (command, name) not in TARGETS:
                        continue
                    elapsed = _timed(build(copies[name]), env)
                    times.setdefault((command, name), []).append(elapsed)
                    ratios.setdefault((command, name), []).append(elapsed / floor)
    print(f"{'command':<8} {'store':<8} {'median':>8} {'ratio':>7} {'spread':>13} {'target':>7}")
    missed = 0
    for (command, name), values in sorted(times.items()):
        median = statistics.median(values)
        if name == "empty":
            print(f"{command:<8} {name:<8} {median:7.2f}s {'1.00':>7} {'(floor)':>13}")
            continue
        runs = ratios[(command, name)]
        ratio, target = statistics.median(runs), TARGETS[(command, name)]
        missed += ratio > target
        spread = f"{min(runs):.2f}-{max(runs):.2f}"
        print(f"{command:<8} {name:<8} {median:7.2f}s {ratio:7.2f} {spread:>13} {target:7.1f}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
