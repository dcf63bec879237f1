"""What the explorer keeps for its dashboard from one opening to the next.

The dashboard is computed afresh at each opening, from the items as shown and the whole
history; on ops-kb with 100,000 records that is about 0.2 s, and the first time 0.7 s more
to parse the history. Kept between openings, each exact (the same figures as a fresh
computation, which the tests check):

* the history, parsed once and then only what was appended (the store's reader);
* each document's facts and what is counted of them
  (:class:`~kb_tui.core.stats.facts_cache.FactsCache`), forgotten when a status in it
  changes (it follows the workspace's tallies);
* the trend's days before today (:class:`~kb_tui.core.stats.replay.PastDays`), checked
  against what they were replayed from.

:func:`warm` fills all three ahead of the first opening (the explorer runs it on a worker
thread once a vault is shown and its search index built).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.stats.facts_cache import FactsCache, kept_facts
from kb_tui.core.stats.replay import PastDays
from kb_tui.core.status.store import StatusStore


class StatsCache:
    """One knowledge base's kept facts and trend days (see the module's doc)."""

    def __init__(self) -> None:
        self.facts = FactsCache()
        self.past = PastDays()
        self.warmed = threading.Event()  # set when :func:`warm` is done (or failed)

    def forget(self, paths: Iterable[str]) -> None:
        """Statuses changed in the documents at ``paths`` (called through the tallies)."""
        self.facts.forget(paths)

    def clear(self) -> None:
        self.facts.clear()


def warm(kb: KnowledgeBase, store: StatusStore, cache: StatsCache) -> None:
    """Read the history and compute the dashboard once, keeping what the next computation
    reuses (the result itself is dropped: the figures depend on the time they are asked
    for). Raises what reading the history raises; ``cache.warmed`` is set either way."""
    # imported when warming, not with every workspace (commands that never show figures)
    from kb_tui.core.stats.dashboard import build_dashboard

    try:
        history = store.read_history()
        facts, parts = kept_facts(kb, cache.facts)
        build_dashboard(facts, history.records, past=cache.past, parts=parts)
    finally:
        cache.warmed.set()
