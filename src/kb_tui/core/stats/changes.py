"""The changes of a period, grouped by layer: a report's "Changes" section.

Every status, owner, note and due date change of the report's items at or after a time,
with who made it and when (the history's records, worded by
:func:`~kb_tui.core.status.history_text.describe` through :attr:`Change.what`). Records of items
not among the facts are left out, so a filtered report shows only its own items' changes;
so are merge records (a value that lost in a merge changed nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from kb_tui.core.stats.facts import layer_order
from kb_tui.core.stats.model import Change, ItemFacts
from kb_tui.core.status.history import HistoryRecord


def changes_since(
    records: Iterable[HistoryRecord], facts: Sequence[ItemFacts], since: str
) -> list[tuple[str, list[Change]]]:
    """``(layer, changes)`` for each layer with changes at or after ``since`` (a UTC time
    as :func:`~kb_tui.core.status.history.since_time` gives), layers in layer order,
    each layer's changes oldest first."""
    by_id = {fact.id: fact for fact in facts}
    grouped: dict[str, list[Change]] = {}
    for record in records:
        if record.time < since or record.merge is not None:
            continue
        fact = by_id.get(record.item)
        if fact is not None:
            grouped.setdefault(fact.layer, []).append(Change(record, fact.text, fact.layer))
    ordered = [(layer, grouped[layer]) for layer in layer_order(facts) if layer in grouped]
    for _, changes in ordered:
        changes.sort(key=lambda change: change.record.time)  # stable: a file's order kept
    return ordered
