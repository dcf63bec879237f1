"""The dashboard in the real app, headless: ``s`` to its figures drawn (``dashboard.py --app``).

The app (:class:`~kb_tui.tui.app.KbApp`, Pilot, 160×48) opens the vault as a user's
terminal would; once the vault is shown and the search index built, it waits
``settle`` seconds (what runs in the background after a load is done by then; the time
the history took to warm is printed when the store says it is read). Then, ``opens``
times plus the first one:

* ``s`` is sent as a terminal sends it; timed until the dashboard's figures are drawn
  (its ``computed`` showed them and the screen was repainted after that), and until
  its first frame ("Computing the dashboard…") was drawn;
* ``escape`` closes it; a status change is made as the status keys make it
  (``apply_changes``: shown at once, written by the writer thread); once written,
  a moment's rest;
* the floor, in the same run: ``?`` until the help screen is drawn, and ``escape``.

The first opening is reported apart from the others (medians and p95 over these).
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb_tui.tui.app import KbApp
from kb_tui.tui.screens import dashboard as dashboard_module
from kb_tui.tui.screens.dashboard import DashboardScreen
from kb_tui.tui.screens.help import HelpScreen

now = time.perf_counter
STATUSES = ("done", "in_progress", "blocked", "todo")
TIMEOUT = 30.0


@dataclass
class Marks:
    """When things were drawn, set by the hooks on the app's screens."""

    figures: asyncio.Event = field(default_factory=asyncio.Event)
    help: asyncio.Event = field(default_factory=asyncio.Event)
    at: dict[str, float] = field(default_factory=dict)
    cpu: dict[str, float] = field(default_factory=dict)  # the UI thread's CPU time then
    elapsed: float = 0.0  # the dashboard's own computation (its worker thread)
    worker_cpu: float = 0.0  # the CPU time of that thread while computing

    def mark(self, name: str, event: asyncio.Event | None = None) -> None:
        self.at[name] = now()
        self.cpu[name] = time.thread_time()
        if event is not None:
            event.set()


def hook(app: KbApp, marks: Marks) -> None:
    """Record when the dashboard's figures and each screen's first frame are drawn."""
    shown = DashboardScreen.computed

    def computed(self: DashboardScreen, *args: Any, **kwargs: Any) -> None:
        marks.mark("computed")
        shown(self, *args, **kwargs)
        marks.mark("shown")
        if self.dashboard is not None and not self.computing:
            marks.elapsed = self.elapsed
            self.call_after_refresh(marks.mark, "figures", marks.figures)

    DashboardScreen.computed = computed  # type: ignore[method-assign]
    compute = dashboard_module.compute

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.thread_time()
        try:
            return compute(*args, **kwargs)
        finally:
            marks.worker_cpu = time.thread_time() - started

    dashboard_module.compute = timed

    def pushed(screen: object) -> None:
        if isinstance(screen, HelpScreen):
            screen.call_after_refresh(marks.mark, "help", marks.help)
        elif isinstance(screen, DashboardScreen):
            screen.call_after_refresh(marks.mark, "computing")

    app.screen_change_signal.subscribe(app, pushed, immediate=True)


async def key(app: KbApp, name: str, char: str | None) -> float:
    from textual import events  # with the app (imported above): no cost

    driver = app._driver
    assert driver is not None
    driver.send_message(events.Key(name, char))
    return now()


async def measure_app(vault: Path, opens: int, settle: float) -> dict[str, list[float]]:
    """Times in seconds: ``first`` (key to figures on the first opening), ``figures``,
    ``computing``, ``compute`` (the worker's own time) and ``floor`` (key to help)."""
    app = KbApp(vault)
    marks = Marks()
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(160, 48)) as pilot:
        started = now()
        while app.session.workspace is None:
            await pilot.pause(0.05)
            if now() - started > 120:
                raise SystemExit("the vault did not load in 2 minutes")
        shown = now()
        workspace = app.session.workspace
        kb = workspace.kb
        while not app.session.search_index.ready(kb):
            await pilot.pause(0.05)
        indexed = now() - shown
        warm = getattr(workspace, "stats", None)  # read ahead (absent before that work)
        while warm is not None and not warm.warmed.is_set() and now() - shown < 120:
            await pilot.pause(0.05)
        warmed = now() - shown
        print(f"app: vault shown; search index ready {indexed:.2f} s later", end="")
        print(f", history read ahead {warmed:.2f} s later" if warm is not None else "", end="")
        await pilot.pause(settle)
        print(f"; first opening {now() - shown:.1f} s after the vault was shown")
        hook(app, marks)
        items = list(kb.iter_items())[::97]  # spread over the vault
        for number in range(opens + 1):
            for event in (marks.figures, marks.help):
                event.clear()
            sent = await key(app, "s", "s")
            await asyncio.wait_for(marks.figures.wait(), TIMEOUT)
            name = "first" if number == 0 else "figures"
            times.setdefault(name, []).append(marks.at["figures"] - sent)
            if number:
                times.setdefault("computing", []).append(marks.at["computing"] - sent)
                times.setdefault("compute", []).append(marks.elapsed)
            await pilot.press("escape")
            await pilot.pause(0.3)
            item = items[number % len(items)]
            status = STATUSES[number % len(STATUSES)]
            session = app.session
            app.main.status.apply_changes({item.id: session.entry_for(item, status=status)})
            while session.writes:
                await pilot.pause(0.02)
            await pilot.pause(0.5)
            sent = await key(app, "question_mark", "?")
            await asyncio.wait_for(marks.help.wait(), TIMEOUT)
            times.setdefault("floor", []).append(marks.at["help"] - sent)
            await pilot.press("escape")
            await pilot.pause(0.5)
    return times


def summary(times: dict[str, list[float]]) -> str:
    """One line per measurement: median, p95, max (ms)."""
    from dashboard import ms, pct  # the core benchmark's formatting

    names = {
        "first": "first opening: s → figures drawn",
        "figures": "s → figures drawn",
        "computing": "s → 'Computing…' drawn",
        "compute": "of which the worker's compute",
        "floor": "floor: ? → help drawn",
    }
    lines = [f"{'app, ' + str(len(times['figures'])) + ' openings':36}"
             f"{'median':>11}{'p95':>11}{'max':>11}"]  # fmt: skip
    for key_name, title in names.items():
        values = times.get(key_name, [])
        if values:
            lines.append(
                f"  {title:34}{ms(statistics.median(values))}{ms(pct(values, 95))}{ms(max(values))}"
            )
    return "\n".join(lines)
