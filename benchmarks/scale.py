"""Cold `kb-tui check` on a synthetic vault beside the floor: pyromark producing events.

    python benchmarks/scale.py [--docs 1000 5000] [--runs 3]

For each size: a vault from gen_vault.py, the floor (pyromark.events over every file, read
from disk, in a fresh process), and `kb-tui check` in a fresh process; medians of --runs, the
ratio, and the peak RSS of `kb-tui check`. Issue #6 targets: ratio ≤ 2.5, RSS ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
FLOOR = """
import pathlib, sys, pyromark
opts = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_TASKLISTS
        | pyromark.Options.ENABLE_WIKILINKS | pyromark.Options.ENABLE_STRIKETHROUGH)
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    for _ in pyromark.events_with_range(path.read_text(encoding="utf-8"), options=opts):
        pass
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and the child's peak RSS in MB."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from gen_vault import generate

    env = {**os.environ, "XDG_STATE_HOME": tempfile.mkdtemp(prefix="kb-tui-scale-")}
    print(f"{'docs':>6} {'floor (pyromark)':>17} {'kb-tui check':>13} {'ratio':>6} {'peak RSS':>9}")
    for docs in args.docs:
        root = Path(tempfile.mkdtemp(prefix=f"kb-vault-{docs}-"))
        generate(root, docs)
        floor_runs, check_runs, rss = [], [], 0
        for _ in range(args.runs):
            floor_runs.append(timed([sys.executable, "-c", FLOOR, str(root)], env)[0])
            seconds, peak = timed([sys.executable, "-m", "kb_tui", "check", str(root)], env)
            check_runs.append(seconds)
            rss = max(rss, peak)
        floor, check = statistics.median(floor_runs), statistics.median(check_runs)
        print(f"{docs:>6} {floor:>16.2f}s {check:>12.2f}s {check / floor:>6.2f} {rss:>7} MB")


if __name__ == "__main__":
    main()
