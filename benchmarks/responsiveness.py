"""Issue #6 responsiveness: a section of a 1 MB document shown within 150 ms (p95), and the
tree responsive while a 100,000-heading document loads.

    python benchmarks/responsiveness.py [--selections 60] [--runs 1] [--only select|load]
                                        [--doc FILE] [--profile]

The real app runs in-process under ``App.run_test`` (headless, 160×48), each run in a fresh
interpreter (so its peak RSS is its own), the collector paused at start as ``kb-tui`` does,
the parse cache off. Documents come from big_docs.py.

select — once a ~1 MB sample-shaped document (or a copy of --doc) is loaded, N sections at
random (seeded; every level, the last H2 and last section included; 3 unmeasured first) are
selected as the app does (``KbTree.select_key``, then the main screen's
``selection.show_ref(ref, immediate=True)``).
Shown = the first frame after the request (``App._display`` runs headless too) whose first
non-blank line in the viewer's content region, rendered back to text, holds the heading's
words: the tree label and checklist title that repeat it, or a parent section showing it
lower down, cannot match. Only the first section goes through the quick preview; later ones
render straight into the Markdown widget. Informational: the frame after
``Viewer.render_markdown`` returned; at start-up, the first section in the preview and in
Markdown (``Viewer.ready``).

load — 100,000 headings (H2–H5, a bullet under every third), read by the app's thread worker
(no preload) and by the real preload (a forked reader). Until loaded (as tests/tui/conftest
waits) a 10 ms ``set_interval`` records the gaps between ticks, and a thread types ``down``
every 50 ms as the driver's input thread does (latency: until the tree's cursor-down action
runs). Responsive = gap p95 ≤ 100 ms and max ≤ 250 ms (a gap includes the 10 ms period). A
watchdog samples the main thread's stack every 20 ms the loop has not ticked for 50 ms.

Percentiles are nearest-rank. Exit status 0 when every target is met, 1 otherwise.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import gc
import itertools
import json
import math
import os
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb_tui.core.model import Section
    from kb_tui.tui.app import KbApp
    from kb_tui.tui.viewer import Viewer

HERE = Path(__file__).resolve().parent
SIZE = (160, 48)
WARMUP = 3
SHOW_P95, GAP_P95, GAP_MAX = 0.150, 0.100, 0.250
VERDICT = {True: "met", False: "NOT met"}
now = time.perf_counter


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else math.nan


def words(text: str) -> str:
    """Only the ASCII words, space-delimited: emoji widths and styling cannot interfere."""
    return " " + " ".join(re.findall(r"[A-Za-z0-9.]+", text)) + " "


def peak_mb(who: int = resource.RUSAGE_SELF) -> int:
    return resource.getrusage(who).ru_maxrss // 1024


class Frames:
    """Every frame the app composes (headless too), checked for a heading atop the viewer."""

    def __init__(self, app: KbApp) -> None:
        self.app = app
        self.viewer: Viewer | None = None
        self.want: str | None = None  # None: the title of whatever the viewer shows
        self.shown: float | None = None
        self.done: float | None = None
        self.finished = asyncio.Event()
        original = app._display

        def display(screen: Any, renderable: Any) -> None:
            original(screen, renderable)
            self.frame()

        app._display = display  # type: ignore[method-assign]

    def expect(self, title: str | None) -> None:
        self.want, self.shown, self.done = words(title) if title else None, None, None
        self.finished.clear()

    def frame(self) -> None:
        from kb_tui.tui.viewer import Viewer

        at = now()
        self.viewer = self.viewer or next(iter(self.app.query(Viewer)), None)
        viewer = self.viewer
        if self.done is not None or viewer is None or viewer.ref is None:
            return
        if self.shown is None and (self.want or words(viewer.ref.title)) in self.top(viewer):
            self.shown = at
        if self.shown is not None and viewer.ready and not viewer._render_pending:
            self.done = at
            self.finished.set()

    def top(self, viewer: Viewer) -> str:
        """The first non-blank line of the viewer's content region, as composed on screen."""
        from textual.strip import Strip

        region = viewer.content_region
        rows = range(region.y, region.bottom)
        chops = self.app.screen._compositor._render_chops(region, lambda y: y in rows)
        for y in rows:  # every cut is filled: the screen itself lies under everything
            line = Strip.join(strip for strip in chops[y].values() if strip is not None)
            text = words(line.crop(region.x, region.right).text)
            if text.strip():
                return text
        return ""


async def loaded(app: KbApp, timeout: float = 300.0) -> None:
    """As tests/tui/conftest.py ``loaded``, polled without forcing frames."""
    from kb_tui.tui.checklist import ChecklistPane
    from kb_tui.tui.footer import LateFooter
    from kb_tui.tui.viewer import Viewer

    deadline = now() + timeout
    while now() < deadline:
        v = next(iter(app.query(Viewer)), None)
        c = next(iter(app.query(ChecklistPane)), None)
        f = next(iter(app.query(LateFooter)), None)
        if app.workspace and v and v.ref and v.ready and c and c.ready and f and f.started:
            return
        await asyncio.sleep(0.02)
    raise TimeoutError("the app never finished loading")


def walk(sections: list[Section]) -> list[Section]:
    return [s for section in sections for s in (section, *walk(section.sections))]


async def scenario_select(path: Path, count: int, seed: int) -> dict[str, Any]:
    from kb_tui.tui.app import KbApp
    from kb_tui.tui.tree import KbTree

    gc.disable()  # as cli.run_explorer; KbApp.on_mount turns it back on
    start = now()
    app = KbApp(path)
    frames = Frames(app)
    shown: list[float] = []
    done: list[float] = []
    levels: list[int] = []
    async with app.run_test(size=SIZE):
        await loaded(app)
        await asyncio.wait_for(frames.finished.wait(), 60)
        assert frames.shown is not None and frames.done is not None and app.workspace
        startup = [frames.shown - start, frames.done - start]
        sections = [s for s in walk(app.workspace.kb.documents[0].sections) if s.level > 1]
        last_h2 = [s for s in sections if s.level == 2][-1]
        rng = random.Random(seed)
        pool = [s for s in sections[1:-1] if s is not last_h2]
        picks = rng.sample(pool, min(len(pool), count + WARMUP - 2))
        measured = [*picks[WARMUP:], last_h2, sections[-1]]
        rng.shuffle(measured)
        tree = app.query_one(KbTree)
        for index, section in enumerate([*picks[:WARMUP], *measured]):
            frames.expect(section.title)
            asked = now()
            app.heap.touched()  # what the key press that selects it does
            assert tree.select_key(section.id) and tree.current is not None
            app.main.selection.show_ref(tree.current, immediate=True)
            try:
                await asyncio.wait_for(frames.finished.wait(), 10)
            except TimeoutError:
                frames.shown, frames.done = frames.shown or math.inf, math.inf
            if index >= WARMUP:
                assert frames.shown is not None and frames.done is not None
                shown.append(frames.shown - asked)
                done.append(frames.done - asked)
                levels.append(section.level)
            await asyncio.sleep(0.15)  # the tree's own debounced highlight lands meanwhile
    by_level = {
        f"H{k}": [t for t, lv in zip(shown, levels, strict=True) if lv == k] for k in (2, 3, 4)
    }
    result = dict(bytes=path.stat().st_size, sections=len(sections), shown=shown, done=done)
    medians = {level: statistics.median(times) for level, times in by_level.items() if times}
    return result | dict(levels=medians, startup=startup, rss=peak_mb())


def short(frame: Any) -> str:
    """``kb_tui/tui/tree.py:load``, ``textual/widgets/_tree.py:add``, ``x.py:f``."""
    file = frame.f_code.co_filename
    return f"{re.sub(r'^.*/(?=(kb_tui|textual)/)|^.*/', '', file)}:{frame.f_code.co_name}"


async def scenario_load(path: Path, preload: bool) -> dict[str, Any]:
    from textual import events

    from kb_tui.core.workspace.preload import start as start_preload
    from kb_tui.tui.app import KbApp
    from kb_tui.tui.tree import KbTree

    gc.disable()  # as cli.run_explorer; KbApp.on_mount turns it back on
    start = now()
    app = KbApp(path, None, start_preload(path, None) if preload else None)
    ticks: list[float] = []
    keys: list[float] = []
    sent: collections.deque[float] = collections.deque()
    inclusive: collections.Counter[str] = collections.Counter()  # samples per function
    innermost: collections.Counter[str] = collections.Counter()
    stop, main_id = threading.Event(), threading.get_ident()
    async with app.run_test(size=SIZE):
        ticks.append(now())
        app.set_interval(0.01, lambda: ticks.append(now()))
        tree = app.query_one(KbTree)
        cursor_down, loop = tree.action_cursor_down, asyncio.get_running_loop()

        def down() -> None:
            if sent:
                keys.append(now() - sent.popleft())
            cursor_down()

        def typist() -> None:
            while not stop.wait(0.05):
                sent.append(now())
                loop.call_soon_threadsafe(app.post_message, events.Key("down", None))

        def watchdog() -> None:
            while not stop.wait(0.02):
                if now() - ticks[-1] > 0.05:
                    stack = traceback.walk_stack(sys._current_frames()[main_id])
                    names = [short(frame) for frame, _ in stack]
                    innermost[names[0]] += 1
                    inclusive.update({n for n in names if n.startswith(("kb_tui/", "textual/w"))})

        tree.action_cursor_down = down  # type: ignore[method-assign]
        threads = [threading.Thread(target=t, daemon=True) for t in (typist, watchdog)]
        for thread in threads:
            thread.start()
        await loaded(app)
        load = now() - start
        stop.set()
        gaps, keys = [b - a for a, b in itertools.pairwise(ticks)], keys[:]  # while loading
        for thread in threads:
            thread.join()
        await asyncio.sleep(0.2)  # the reader process is reaped meanwhile
    result = dict(load=load, gaps=gaps, keys=keys, rss=peak_mb())
    return result | dict(
        reader_rss=peak_mb(resource.RUSAGE_CHILDREN),
        inclusive=inclusive.most_common(7),
        innermost=innermost.most_common(4),
    )


def run_child(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, __file__, *argv]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    sys.stderr.write(proc.stderr)
    if proc.returncode != 0:
        raise SystemExit(f"scenario {argv} failed")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def child_main(args: argparse.Namespace) -> int:
    path = Path(args.path)
    coro: Any = (
        scenario_select(path, args.selections, args.seed)
        if args.scenario == "select"
        else scenario_load(path, args.scenario == "preload")
    )
    profile = cProfile.Profile() if args.profile else None  # the main thread (the loop's)
    print(json.dumps(profile.runcall(asyncio.run, coro) if profile else asyncio.run(coro)))
    if profile:
        stats = pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative")
        stats.print_stats(r"kb_tui|_tree\.py|_markdown\.py", 25)
    return 0


def ms(value: float) -> str:
    return f"{value * 1000:>7.0f} ms" if math.isfinite(value) else "    never"


def figures(values: list[float]) -> str:
    return f"{ms(statistics.median(values))}{ms(pct(values, 95))}{ms(max(values))}"


def report_select(path: Path, runs: int, argv: list[str], env: dict[str, str]) -> bool:
    print(f"select: time from the request, headless {SIZE[0]}x{SIZE[1]}, {WARMUP} warm-up")
    print(f"{'':34}{'median':>10}{'p95':>10}{'max':>10}{'peak RSS':>10}")
    shown: list[float] = []
    for run in range(1, runs + 1):
        r = run_child(["--scenario", "select", "--path", str(path), *argv], env)
        shown += r["shown"]
        print(f" run {run}: {r['bytes']:,} bytes, {len(r['shown'])} of {r['sections']:,} sections")
        print(f"  {'heading on screen':32}{figures(r['shown'])}{r['rss']:>7} MB")
        print(f"  {'Markdown done (informational)':32}{figures(r['done'])}")
        print("  medians: " + ", ".join(f"{k} {ms(v).strip()}" for k, v in r["levels"].items()))
        first, ready = (ms(t).strip() for t in r["startup"])
        print(f"  start-up: first section in the preview at {first}, in Markdown at {ready}")
    met = pct(shown, 95) <= SHOW_P95
    print(f" heading on screen p95 {ms(pct(shown, 95)).strip()} (≤ 150 ms): {VERDICT[met]}\n")
    return met


def report_load(path: Path, runs: int, argv: list[str], env: dict[str, str]) -> bool:
    print(f"load: {path.stat().st_size / 1e6:.1f} MB, until loaded; gap = between 10 ms ticks;")
    print("key = a typed down until the tree's action runs; reader = the preload process")
    heads = ["gap p95", "gap max", "key p95", "key max"]
    print(f"{'load':>22}{''.join(f'{h:>10}' for h in heads)}{'RSS':>8}{'reader':>8}")
    met = True
    for mode in ("thread", "preload"):
        gaps: list[float] = []
        for run in range(1, runs + 1):
            r = run_child(["--scenario", mode, "--path", str(path), *argv], env)
            gaps += r["gaps"]
            row = f"{r['load']:>6.1f}s{ms(pct(r['gaps'], 95))}{ms(max(r['gaps']))}"
            row += f"{ms(pct(r['keys'], 95))}{ms(max(r['keys'], default=math.nan))}"
            reader = f"{r['reader_rss']:>5} MB" if mode == "preload" else ""
            print(f"  {mode:8}run {run}{row}{r['rss']:>5} MB{reader}")
            for label in ("inclusive", "innermost"):
                print(f"    {label}: " + ", ".join(f"{n} ~{c * 20} ms" for n, c in r[label]))
        ok = pct(gaps, 95) <= GAP_P95 and max(gaps) <= GAP_MAX
        met &= ok
        worst = f"max {ms(max(gaps)).strip()} (≤ 250 ms)"
        print(f"  {mode}: gap p95 {ms(pct(gaps, 95)).strip()} (≤ 100 ms), {worst}: {VERDICT[ok]}")
    return met


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--selections", type=int, default=60)
    parser.add_argument("--runs", type=int, default=1, help="fresh processes per scenario")
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--headings", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--doc", type=Path, help="select in a copy of this Markdown file")
    parser.add_argument("--only", choices=["select", "load"], help="run one scenario")
    parser.add_argument("--profile", action="store_true", help="cProfile to stderr")
    parser.add_argument("--scenario", choices=["select", "thread", "preload"], help="internal")
    parser.add_argument("--path", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.scenario:
        return child_main(args)
    sys.path.insert(0, str(HERE))
    from big_docs import headings_document, sized_document

    tmp = Path(tempfile.mkdtemp(prefix="kb-tui-resp-"))
    env = {**os.environ, "XDG_STATE_HOME": str(tmp / "state"), "XDG_CACHE_HOME": str(tmp / "c")}
    env["KB_TUI_NO_CACHE"] = "1"
    argv = ["--seed", str(args.seed), "--selections", str(args.selections)]
    argv += ["--profile"] if args.profile else []
    ok = True
    try:
        if args.only != "load":
            (tmp / "big").mkdir()
            doc = tmp / "big" / (args.doc.name if args.doc else "big.md")
            if args.doc:
                shutil.copyfile(args.doc, doc)
            else:
                doc.write_text(sized_document(args.bytes, args.seed), encoding="utf-8")
            ok &= report_select(doc, args.runs, argv, env)
        if args.only != "select":
            (tmp / "many").mkdir()
            many = tmp / "many" / "headings.md"
            many.write_text(headings_document(args.headings, args.seed), encoding="utf-8")
            ok &= report_load(many, args.runs, argv, env)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
