"""What the dashboard counts of its items, in pieces that add up document by document.

Three things are read from every item each time the dashboard is computed: how many items
there are of each (layer, owner, status); the few that may need attention or be overdue;
and each item's status (where the trend's replay starts). :func:`parts_of` takes them
from a run of facts; :func:`join_parts` joins the parts of consecutive runs, which is
what :func:`parts_of` gives for the runs joined, but for ``triples``: there a key may come
again in a later run, so they are counted again as they are read
(:func:`kb_tui.core.stats.dashboard.build_dashboard` adds them up, keys first met in the
same order). So the explorer keeps each document's parts with its facts
(:mod:`kb_tui.core.stats.facts_cache`) and joins 723 small pieces on ops-kb rather than
looking at 53,816 items again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import attrgetter

from kb_tui.core.stats.attention import may_need_attention
from kb_tui.core.stats.model import ItemFacts

_triple = attrgetter("layer", "owner", "status")
Triple = tuple[str, str, str]  # layer, owner (as written), status


@dataclass(slots=True)
class FactsParts:
    """The parts of a run of facts (see the module's doc). Treat as frozen: a kept
    document's parts are handed to every computation."""

    triples: list[tuple[Triple, int]]  # items per (layer, owner, status), in order first met
    watched: list[ItemFacts]  # those that may need attention or be overdue, in order
    statuses: dict[str, str]  # each item's status by its ID (the last, for an ID met twice)


def parts_of(facts: Sequence[ItemFacts]) -> FactsParts:
    """The parts of ``facts``, counted in C where it can be (it runs over every item)."""
    return FactsParts(
        list(Counter(map(_triple, facts)).items()),
        list(filter(may_need_attention, facts)),
        {fact.id: fact.status for fact in facts},
    )


def join_parts(runs: Iterable[FactsParts], statuses: dict[str, str] | None = None) -> FactsParts:
    """The parts of consecutive runs of facts joined (new lists; the runs' are left as
    they are). ``statuses``: the runs' statuses joined already (kept by the caller)."""
    triples: list[tuple[Triple, int]] = []
    watched: list[ItemFacts] = []
    joined: dict[str, str] = {}
    for run in runs:
        triples += run.triples
        watched += run.watched
        if statuses is None:
            joined.update(run.statuses)
    return FactsParts(triples, watched, joined if statuses is None else statuses)
