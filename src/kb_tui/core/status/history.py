"""The status history: ``<root>/.kb-tui/history.jsonl``, one JSON object per change.

:class:`~kb_tui.core.status.store.StatusStore` appends a line for every change (time, user, item,
from, to, note; ``moved_from``/``moved_to`` when an orphan is re-attached). Reading never
fails on a bad line — a line cut short by a killed writer, or a hand edit, is skipped and
counted.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.text import clean

MAX_HISTORY_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class HistoryRecord:
    """One change of one item's status."""

    time: str
    user: str
    item: str
    before: str | None
    after: str | None
    note: str = ""
    moved_from: str = ""
    moved_to: str = ""


@dataclass
class History:
    """All readable records of a history file, oldest first, and how many lines were bad."""

    records: list[HistoryRecord]
    skipped: int = 0

    def for_items(self, item_ids: set[str]) -> list[HistoryRecord]:
        """The records of ``item_ids`` and of the orphans re-attached to them (transitively)."""
        ids = set(item_ids)
        while True:
            sources = {r.moved_from for r in self.records if r.item in ids and r.moved_from}
            if sources <= ids:
                break
            ids |= sources
        return [r for r in self.records if r.item in ids]

    def items(self) -> set[str]:
        return {r.item for r in self.records}


def _text(value: object) -> str:
    return "" if value is None else str(value)


def _status(value: object) -> str | None:
    return None if value is None else str(value)


def parse_line(line: str) -> HistoryRecord | None:
    """A record from one line, or ``None`` for anything that is not a history record."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("item"), str):
        return None
    return HistoryRecord(
        time=_text(data.get("time")),
        user=_text(data.get("user")),
        item=data["item"],
        before=_status(data.get("from")),
        after=_status(data.get("to")),
        note=_text(data.get("note")),
        moved_from=_text(data.get("moved_from")),
        moved_to=_text(data.get("moved_to")),
    )


def read_history(path: Path) -> History:
    """Read ``path`` (missing: empty); bad or partial lines are skipped, never raised."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_HISTORY_BYTES)
    except OSError:
        return History([])
    return parse_history(data)


def parse_history(data: bytes) -> History:
    """The records of a history file's bytes; bad or partial lines are skipped and counted."""
    records: list[HistoryRecord] = []
    skipped = 0
    for raw in data.decode("utf-8", errors="replace").splitlines():
        if not raw.strip():
            continue
        record = parse_line(raw)
        if record is None:
            skipped += 1
        else:
            records.append(record)
    return History(records, skipped)


def format_record(record: HistoryRecord) -> str:
    """``time  user  item  from → to  note``, every field cleaned of control characters."""
    before = record.before or "—"
    after = record.after or "—"
    note = record.note
    if record.moved_from:
        note = f"(re-attached from {record.moved_from}) {note}".rstrip()
    elif record.moved_to:
        note = f"(re-attached to {record.moved_to}) {note}".rstrip()
    line = f"{record.time}  {record.user}  {record.item}  {before} → {after}"
    if note:
        line += "  " + " ".join(note.split())
    return clean(line).replace("\n", " ").replace("\t", " ")
