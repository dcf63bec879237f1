"""A three-way merge of two status stores, by item and by field: what git's merge driver
(``kb-tui merge-driver``, see :mod:`kb_tui.cli.merge_driver`) writes.

The rules, for each item ID found in any of the three stores (the common ancestor ``base``,
``ours``, ``theirs``):

* changed on one side only (added, edited or removed): that side's entry;
* changed on both sides to the same entry: that entry;
* removed on one side and changed on the other: the changed entry (an orphan if its item
  has gone: the store keeps orphans);
* changed on both sides differently: field by field (status, note, owner, checkbox and any
  later field). A field changed on one side takes that side's value; a field changed on
  both sides to different values takes the value of the side whose entry was ``updated``
  later (ties: the greater of (updated, by, value), so that every machine merges alike),
  and the value that lost goes to the merge log with who set it and when — nothing is lost.
  The entry's ``updated`` and ``by`` are the later side's.

The merge log of the result is every event of the three logs (once) and the new ones,
oldest first. Text that does not parse as a store is not merged: the caller leaves git's
conflict in place.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from kb_tui.core.status.format import Entry, MergeEvent
from kb_tui.core.status.read import StoreText, parse_store

MERGED_FIELDS = tuple(f.name for f in fields(Entry) if f.name not in ("updated", "by"))


@dataclass(frozen=True)
class Merged:
    """The merged entries and merge log, and the clashes this merge decided (new events)."""

    entries: dict[str, Entry]
    merges: tuple[MergeEvent, ...]
    clashes: tuple[MergeEvent, ...]


def read_side(text: str, path: Path) -> StoreText:
    """One side's store; an empty file (git's ancestor when both sides added the store)
    is an empty store. :class:`~kb_tui.core.errors.StoreError` when it does not parse."""
    if not text.strip():
        return StoreText({}, {}, {})
    return parse_store(text, path)


def merge_stores(base: StoreText, ours: StoreText, theirs: StoreText, by: str, at: str) -> Merged:
    """``ours`` and ``theirs`` merged by the rules above; ``by`` and ``at``: who merges and
    when (for the merge log)."""
    entries: dict[str, Entry] = {}
    clashes: list[MergeEvent] = []
    for item_id in sorted(base.entries.keys() | ours.entries.keys() | theirs.entries.keys()):
        old = base.entries.get(item_id)
        mine, other = ours.entries.get(item_id), theirs.entries.get(item_id)
        if mine == other or other == old:
            kept = mine
        elif mine == old:
            kept = other
        elif mine is None or other is None:
            kept = mine if other is None else other  # removed on one side, changed on the other
        else:
            kept = _fields(item_id, old, mine, other, clashes, by, at)
        if kept is not None:
            entries[item_id] = kept
    log = set(base.merges) | set(ours.merges) | set(theirs.merges) | set(clashes)
    ordered = tuple(sorted(log, key=lambda e: (e.at, e.item, e.field, e.lost, e.kept, e.by)))
    return Merged(entries, ordered, tuple(clashes))


def _later(mine: Entry, other: Entry) -> Entry:
    """The entry updated later; the same time: the greater (updated, by, then every field)."""
    key_mine = (mine.updated, mine.by, *map(str, (getattr(mine, n) for n in MERGED_FIELDS)))
    key_other = (other.updated, other.by, *map(str, (getattr(other, n) for n in MERGED_FIELDS)))
    return mine if key_mine >= key_other else other


def _fields(
    item_id: str,
    old: Entry | None,
    mine: Entry,
    other: Entry,
    clashes: list[MergeEvent],
    by: str,
    at: str,
) -> Entry:
    """Both sides changed ``item_id``: merged field by field."""
    base = old or Entry()
    winner = _later(mine, other)
    loser = other if winner is mine else mine
    values: dict[str, object] = {}
    for name in MERGED_FIELDS:
        was, a, b = getattr(base, name), getattr(mine, name), getattr(other, name)
        if a == b or b == was:
            values[name] = a
        elif a == was:
            values[name] = b
        else:
            kept, lost = getattr(winner, name), getattr(loser, name)
            values[name] = kept
            clashes.append(
                MergeEvent(
                    item_id,
                    name,
                    "" if kept is None else str(kept),
                    "" if lost is None else str(lost),
                    loser.by,
                    loser.updated,
                    by,
                    at,
                )
            )
    return replace(winner, **values)  # type: ignore[arg-type]
