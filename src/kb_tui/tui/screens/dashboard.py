"""The dashboard (``s``): where the knowledge base stands, at a glance.

Per layer a stacked bar of done / in progress / blocked / todo; per owner what they hold;
the items that need attention (blocked, overdue, in progress without a change for a while),
each a key press from its place in the tree; and the trend, a burn-up chart with the pace
of the last weeks. Every figure is the core's (:func:`kb_tui.core.stats.dashboard.
build_dashboard`, from the items as shown and the status history), worked out on a thread:
the screen says "computing…" until it is ready and never holds up a key. It is worked out
again when statuses change while it is open (a write done, another process's change seen
by live reload, a reload), a moment after the last change.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.stats.chart import Period, default_period
from kb_tui.core.stats.model import AttentionRow, Dashboard
from kb_tui.core.status.store import StoreError
from kb_tui.core.text import clean
from kb_tui.resources import styles_dir
from kb_tui.tui.footer import SteadyFooter
from kb_tui.tui.screens.dashboard_views import (
    BurnUpView,
    LayerBars,
    attention_heading,
    attention_prompt,
    chart_legend,
    legend,
    owner_table,
    pace_line,
)

if TYPE_CHECKING:
    from textual.timer import Timer

    from kb_tui.core.model import KnowledgeBase
    from kb_tui.core.stats.cache import StatsCache
    from kb_tui.core.status.store import StatusStore
    from kb_tui.tui.session import Session

WIDE = 120  # from this width the sections stand side by side (styles/app.tcss)
MAX_ATTENTION = 500  # rows listed (``kb-tui stats`` lists them all)
RECOMPUTE_DELAY = 0.3  # seconds after the last status change seen while open
COMPUTING = "Computing the dashboard…"
HINT = "enter: go to the item · j k: move · w: weekly/daily · esc: close"


def compute(
    kb: KnowledgeBase, store: StatusStore, now: dt.datetime | None, cache: StatsCache | None = None
) -> tuple[Dashboard, str]:
    """The dashboard of ``kb`` as shown (pending writes included) and of the store's
    history, with the user's ``stale_days`` (runs on a worker thread); and what is wrong
    with the user's config, if anything ("" when nothing is). ``cache``: what the last
    computation (or the warm-up after loading) kept (see :mod:`kb_tui.core.stats.cache`).

    The items are read as they are while it runs, as the header's problem count reads
    them: a status changed meanwhile brings another computation (``statuses_changed``).
    """
    # imported here, on the worker thread: the dashboard opens without waiting for them
    from kb_tui.core.config import ConfigError, read_config
    from kb_tui.core.stats.dashboard import build_dashboard
    from kb_tui.core.stats.facts import facts_of_kb
    from kb_tui.core.stats.facts_cache import kept_facts
    from kb_tui.core.stats.settings import stale_days, stale_days_problem

    try:
        config = read_config()
        problem = stale_days_problem(config)
    except ConfigError as exc:
        config, problem = {}, f"{exc}; using the defaults"
    history = store.read_history()
    if cache is None:
        facts, parts = facts_of_kb(kb), None
    else:
        facts, parts = kept_facts(kb, cache.facts)
    dashboard = build_dashboard(
        facts,
        history.records,
        now=now,
        stale_days=stale_days(config),
        skipped=history.skipped,
        past=cache.past if cache is not None else None,
        parts=parts,
    )
    return dashboard, problem


class DashboardScreen(ModalScreen[str | None]):
    """The dashboard; dismissed with the ID of the item to go to, or ``None``.

    Modal, though it fills the screen: the explorer's keys (filter, export, …) would act on
    the tree hidden under it. Kept between openings (see ``MainScreen.show_dashboard``):
    :meth:`reopen` makes it what a new one would be, computing.
    """

    CSS_PATH = str(styles_dir() / "dashboard.tcss")
    AUTO_FOCUS = ""  # the needs-attention list takes the focus once it is shown
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,s", "close", "Close"),
        Binding("w", "period", "Weekly/daily"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]
    # Textual sets ``-narrow`` or ``-wide`` from the size, before the layout (see MainScreen).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]  # noqa: RUF012

    def __init__(self, session: Session, now: dt.datetime | None = None) -> None:
        super().__init__()
        self.session = session
        self.now = now  # a fixed time (tests, snapshots); None: the clock at each computation
        self.dashboard: Dashboard | None = None
        self.rows: list[AttentionRow] = []  # the needs-attention rows listed
        self.period: Period | None = None  # chosen with w; None: the default for the trend
        self.number = 0  # a computation's result is shown only if it is still the latest
        self.computing = False
        self.elapsed = 0.0  # seconds the last computation took (tests, benchmarks)
        self.error = ""
        self.problem = ""  # what is wrong with the user's config (said once)
        self.waiting: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text("Dashboard", style="bold"), id="dash-title")
        yield Static(Text(COMPUTING, style="italic"), id="dash-computing")
        with VerticalScroll(id="dash-body"):
            with Vertical(id="dash-left", classes="dash-column"):
                with Vertical(id="dash-layers", classes="dash-section"):
                    yield Static(Text("Layers", style="bold"), classes="dash-heading")
                    with VerticalScroll(id="dash-layer-scroll"):
                        yield LayerBars(id="dash-layer-bars")
                    yield Static(legend(), classes="dash-note")
                with Vertical(id="dash-attention", classes="dash-section"):
                    yield Static(Text("Needs attention", style="bold"), id="dash-attention-title")
                    yield OptionList(id="dash-attention-list")
                    yield Static(Text(HINT, style="dim"), classes="dash-note")
            with Vertical(id="dash-right", classes="dash-column"):
                with Vertical(id="dash-trend", classes="dash-section"):
                    yield Static(Text("Trend", style="bold"), id="dash-trend-title")
                    yield BurnUpView(id="dash-chart")
                    yield Static(Text(""), id="dash-chart-legend", classes="dash-note")
                    yield Static(Text(""), id="dash-pace")
                with Vertical(id="dash-owners", classes="dash-section"):
                    yield Static(Text("Owners", style="bold"), classes="dash-heading")
                    yield Static(Text(""), id="dash-owner-table")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one("#dash-body").display = False
        self.recompute()

    def reopen(self, now: dt.datetime | None) -> None:
        """Shown again: as a new dashboard, "computing…" until the figures are worked out
        afresh (none of the last opening's is shown), at the top, with the default chart."""
        self.now = now
        self.dashboard, self.rows, self.period = None, [], None
        self.error = self.problem = ""
        self.query_one("#dash-computing", Static).update(Text(COMPUTING, style="italic"))
        self.query_one("#dash-computing").display = True
        body = self.query_one("#dash-body", VerticalScroll)
        body.display = False
        body.scroll_home(animate=False)
        self.query_one("#dash-layer-scroll", VerticalScroll).scroll_home(animate=False)
        self.set_focus(None)
        self.recompute()

    def close(self, item_id: str | None) -> None:
        """Dismiss with ``item_id`` (or ``None``); a computation on its way is dropped."""
        self.number += 1
        self.computing = False
        if self.waiting is not None:
            self.waiting.stop()
            self.waiting = None
        self.dismiss(item_id)

    # -- computing -------------------------------------------------------------------------
    def recompute(self) -> None:
        """Work the figures out again on a thread; the ones shown stay until it is done."""
        self.waiting = None
        workspace = self.session.workspace
        if workspace is None:
            self.show_error("The knowledge base is still loading.")
            return
        self.number += 1
        self.computing = True
        self.update_title()
        # A description, or Textual builds one from repr() of the arguments: a whole vault.
        self.run_worker(
            partial(
                self._compute, workspace.kb, workspace.store, workspace.stats, self.now, self.number
            ),
            thread=True,
            exclusive=True,
            group="dashboard",
            description="compute the dashboard",
            exit_on_error=False,
        )

    def _compute(
        self,
        kb: KnowledgeBase,
        store: StatusStore,
        cache: StatsCache,
        now: dt.datetime | None,
        number: int,
    ) -> None:
        started = time.perf_counter()
        try:
            dashboard, problem = compute(kb, store, now, cache)
        except (StoreError, OSError) as exc:
            self.app.call_from_thread(self.failed, number, str(exc))
            return
        except Exception as exc:
            self.app.call_from_thread(
                self.failed, number, f"could not work out the figures: {type(exc).__name__}: {exc}"
            )
            return
        elapsed = time.perf_counter() - started
        self.app.call_from_thread(self.computed, number, dashboard, elapsed, problem)

    def failed(self, number: int, error: str) -> None:
        if number == self.number:
            self.computing = False
            self.show_error(f"The dashboard cannot be worked out: {error}")

    def show_error(self, message: str) -> None:
        self.error = message
        self.query_one("#dash-computing", Static).update(Text(clean(message), style="bold red"))
        self.query_one("#dash-computing").display = True
        self.update_title()

    def computed(
        self, number: int, dashboard: Dashboard, elapsed: float, problem: str = ""
    ) -> None:
        """A computation is done: show it, unless a newer one is on its way."""
        if number != self.number or not self.is_attached:
            return
        if problem and problem != self.problem:
            self.notify(clean(problem), severity="warning", markup=False)
        self.problem = problem
        self.computing = False
        self.error = ""
        self.elapsed = elapsed
        self.dashboard = dashboard
        self.query_one("#dash-computing").display = False
        self.query_one("#dash-body").display = True
        self.update_title()
        self.query_one(LayerBars).show(dashboard)
        self.show_trend()
        self.query_one("#dash-owner-table", Static).update(owner_table(dashboard.owners))
        self.show_attention(dashboard)

    def statuses_changed(self) -> None:
        """Statuses changed while the dashboard is open: work it out again once they settle."""
        if self.waiting is not None:
            self.waiting.stop()
        self.waiting = self.set_timer(RECOMPUTE_DELAY, self.recompute)

    # -- showing ---------------------------------------------------------------------------
    def update_title(self) -> None:
        text = Text("Dashboard", style="bold")
        workspace = self.session.workspace
        if workspace is not None:
            text.append(f" · {clean(workspace.kb.name)}", style="bold")
        dashboard = self.dashboard
        if dashboard is not None:
            summary = dashboard.summary
            text.append(f"  {summary.done}/{summary.applicable} done {summary.percent_text}")
            if dashboard.overdue:
                text.append(f" · {dashboard.overdue} overdue", style="bold #e5534b")
            text.append(f" · as of {dashboard.today.isoformat()}", style="dim")
        if self.computing and dashboard is not None:
            text.append(" · updating…", style="dim italic")
        self.query_one("#dash-title", Static).update(text)

    def show_trend(self) -> None:
        dashboard = self.dashboard
        if dashboard is None:
            return
        trend = dashboard.trend
        period = self.period or default_period(trend)
        self.query_one(BurnUpView).show(trend, period)
        self.query_one("#dash-chart-legend", Static).update(chart_legend(period))
        self.query_one("#dash-pace", Static).update(pace_line(dashboard))

    def show_attention(self, dashboard: Dashboard) -> None:
        listed = self.query_one("#dash-attention-list", OptionList)
        kept = self.selected()
        rows = dashboard.attention[:MAX_ATTENTION]
        self.rows = rows
        options = [Option(attention_prompt(row), id=str(n)) for n, row in enumerate(rows)]
        if not rows:
            options.append(Option(Text("Nothing needs attention.", style="dim"), disabled=True))
        elif len(dashboard.attention) > len(rows):
            more = len(dashboard.attention) - len(rows)
            hint = f"… and {more} more (kb-tui stats lists them all)"
            options.append(Option(Text(hint, style="dim"), disabled=True))
        listed.set_options(options)
        heading = attention_heading(dashboard.attention, dashboard.stale_days)
        self.query_one("#dash-attention-title", Static).update(heading)
        ids = [row.item.id for row in rows]
        if kept is not None and kept in ids:
            listed.highlighted = ids.index(kept)
        elif rows:
            listed.highlighted = 0
        if self.focused is None or self.focused is self.query_one("#dash-body"):
            listed.focus(scroll_visible=False)

    def selected(self) -> str | None:
        """The ID of the item under the needs-attention cursor."""
        listed = self.query_one("#dash-attention-list", OptionList)
        index = listed.highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index].item.id

    # -- keys ------------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """``enter`` on an item: close and go to it in the tree."""
        event.stop()
        index = event.option_index
        if 0 <= index < len(self.rows):
            self.close(self.rows[index].item.id)

    def action_period(self) -> None:
        dashboard = self.dashboard
        if dashboard is None:
            return
        current = self.period or default_period(dashboard.trend)
        self.period = "daily" if current == "weekly" else "weekly"
        self.show_trend()

    def action_cursor_down(self) -> None:
        self.query_one("#dash-attention-list", OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one("#dash-attention-list", OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.close(None)
