"""kb-tui on large vaults, each figure beside its floor measured in the same run (issue #6).

    python benchmarks/scale.py [--docs 1000 5000 10000] [--ops-kb PATH] [--runs 3]

For each vault (synthetic ones from gen_vault.py, and ops-kb when it is there):

- floor: pyromark producing the events of every file (read from disk, fresh process), timed
  just before and just after each cold run (this machine's speed drifts by a fifth within
  seconds: each run's ratio compares like with like);
- cold: ``kb-tui check`` with an empty parse cache (it reads, indexes and caches every note);
- warm: ``kb-tui check`` again, with the cache;
- peak RSS of ``kb-tui check`` and ``kb-tui export --format json`` (which must complete);
- first frame: the explorer on a pseudo-terminal until the vault's first tree entry is
  drawn, beside the explorer on the bundled sample until its first section is drawn
  (interleaved runs, medians; see first_frame.py).

Targets: cold ≤ 2.5× floor, warm ≤ 0.35× cold, RSS ≤ 600 MB, first frame ≤ 1.3× the
sample's. Medians of --runs. Exit status 1 when a target is missed at 5,000 notes.
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
FLOOR = """
import pathlib, sys, pyromark
opts = (pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_TASKLISTS
        | pyromark.Options.ENABLE_WIKILINKS | pyromark.Options.ENABLE_STRIKETHROUGH)
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.md")):
    for _ in pyromark.events_with_range(path.read_text(encoding="utf-8"), options=opts):
        pass
"""


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall seconds, the child's peak RSS in MB and its exit status."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status)


def first_entry(root: Path) -> str:
    """A word of the first tree entry of ``root``: its first folder, or its first note's title."""
    from kb_tui.core.vault.files import iter_markdown
    from kb_tui.core.workspace.load import load_kb

    first = next(iter(iter_markdown(root)))
    rel = first.relative_to(root).as_posix()
    if "/" in rel:
        return rel.split("/", 1)[0]
    title = load_kb(first).documents[0].title
    words = [w for w in title.split() if w.isascii() and len(w) >= 4]
    return words[0] if words else title


def measure(root: Path, runs: int, frames: int) -> dict[str, float]:
    """Every figure for one vault."""
    from first_frame import time_once

    kb_tui = [sys.executable, "-m", "kb_tui"]
    base = {**os.environ, "XDG_STATE_HOME": tempfile.mkdtemp(prefix="kb-tui-scale-state-")}
    floor, cold, warm, rss = [], [], [], 0
    cold_ratio, warm_ratio = [], []
    for _ in range(runs):
        cache = tempfile.mkdtemp(prefix="kb-tui-scale-cache-")
        env = {**base, "XDG_CACHE_HOME": cache}
        before = timed([sys.executable, "-c", FLOOR, str(root)], env)[0]
        seconds, peak, _ = timed([*kb_tui, "check", str(root)], env)
        cold.append(seconds)
        rss = max(rss, peak)
        after = timed([sys.executable, "-c", FLOOR, str(root)], env)[0]
        floor.append((before + after) / 2)  # on each side of the cold run: drift cancels
        seconds, peak, _ = timed([*kb_tui, "check", str(root)], env)
        warm.append(seconds)
        rss = max(rss, peak)
        cold_ratio.append(cold[-1] / floor[-1])
        warm_ratio.append(warm[-1] / cold[-1])
        if _ < runs - 1:
            shutil.rmtree(cache, ignore_errors=True)
    out = Path(tempfile.mkdtemp(prefix="kb-tui-scale-export-")) / "report.json"
    export_s, export_rss, status = timed(
        [*kb_tui, "export", str(root), "--format", "json", "-o", str(out)], env
    )
    result = {
        "floor": statistics.median(floor),
        "cold": statistics.median(cold),
        "warm": statistics.median(warm),
        "cold_ratio": statistics.median(cold_ratio),
        "cold_spread": max(cold_ratio) - min(cold_ratio),
        "warm_ratio": statistics.median(warm_ratio),
        "rss": float(rss),
        "export": export_s if status == 0 and out.stat().st_size > 0 else float("nan"),
        "export_rss": float(export_rss),
    }
    term = {**env, "TERM": "xterm-256color"}
    marker = first_entry(root).encode()
    ours, sample = [], []
    for _ in range(frames):
        sample.append(time_once(kb_tui, term, b"comprehensive"))
        ours.append(time_once([*kb_tui, str(root)], term, marker))
    result["frame"] = statistics.median(ours)
    result["frame_sample"] = statistics.median(sample)
    shutil.rmtree(cache, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--ops-kb", type=Path, default=OPS_KB)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frames", type=int, default=7, help="first-frame runs per vault")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    import compileall

    from gen_vault import generate

    import kb_tui

    compileall.compile_dir(str(Path(kb_tui.__file__).parent), quiet=1)
    vaults: list[tuple[str, Path]] = []
    for docs in args.docs:
        root = Path(tempfile.mkdtemp(prefix=f"kb-vault-{docs}-"))
        generate(root, docs)
        vaults.append((f"{docs:,} notes", root))
    if args.ops_kb.is_dir():
        vaults.append(("ops-kb", args.ops_kb))
    head = (
        f"{'vault':<13}{'floor':>7}{'cold':>8}{'×floor':>7}{'warm':>7}{'×cold':>6}"
        f"{'RSS':>8}{'export':>8}{'frame':>8}{'sample':>8}{'×':>6}"
    )
    print(head)
    print("targets" + " " * 21 + "≤2.5" + " " * 9 + "≤0.35  ≤600MB" + " " * 22 + "≤1.3")
    failed = False
    for name, root in vaults:
        r = measure(root, args.runs, args.frames)
        ratio, warm_ratio = r["cold_ratio"], r["warm_ratio"]
        frame_ratio = r["frame"] / r["frame_sample"]
        print(
            f"{name:<13}{r['floor']:>6.2f}s{r['cold']:>7.2f}s{ratio:>7.2f}{r['warm']:>6.2f}s"
            f"{warm_ratio:>6.2f}{r['rss']:>5.0f} MB{r['export']:>7.1f}s"
            f"{r['frame'] * 1000:>6.0f}ms{r['frame_sample'] * 1000:>6.0f}ms{frame_ratio:>6.2f}"
            f"   (cold/floor over runs: ±{r['cold_spread'] / 2:.2f})",
            flush=True,
        )
        if name == "5,000 notes":
            failed = ratio > 2.5 or warm_ratio > 0.35 or r["rss"] > 600 or frame_ratio > 1.3
    print(
        f"medians of {args.runs} runs ({args.frames} for first frames); the ratios are medians "
        "of each run's (the floor timed before and after its cold run); 160x48 pty"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
