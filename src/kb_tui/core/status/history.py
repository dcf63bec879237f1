"""The status history: ``<root>/.kb-tui/history.jsonl``, one JSON object per change.

:class:`~kb_tui.core.status.store.StatusStore` appends a line for every change (time, user, item,
from, to, note; ``moved_from``/``moved_to`` when an orphan is re-attached). Since format 2
(``"v": 2``) a line also says what else changed: ``owner`` (the owner after the change) and,
only when they changed, ``owner_from`` and ``note_from`` (before the change); ``due`` (the
due date after, when there is one) and ``due_from`` (before, only when it changed). A line without
``v`` (written by an older kb-tui) still reads: it only cannot tell whether the note or the
owner changed. Reading never fails on a bad line — a line cut short by a killed writer, or a
hand edit, is skipped and counted.

:func:`~kb_tui.core.status.history_text.describe` is the one wording of a change.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from typing import Any

from kb_tui.core.status.format import MergeEvent

MAX_HISTORY_BYTES = 64 * 1024 * 1024
FORMAT = 2  # the ``v`` of lines that say which of status, owner and note changed


@dataclass(slots=True, unsafe_hash=True)
class HistoryRecord:
    """One change of one item's status.

    Treat it as frozen (it hashes by value; the store hands the same records to every
    reader): it is not declared so because a history holds 100,000 records and more, and
    a frozen dataclass is built three times slower (slots keep each one small)."""

    time: str
    user: str
    item: str
    before: str | None
    after: str | None
    note: str = ""
    moved_from: str = ""
    moved_to: str = ""
    # Format 2: the owner after, and the owner and note before when they changed (``None``:
    # unchanged). ``explicit`` is False for older lines, which never said.
    owner: str = ""
    owner_before: str | None = None
    note_before: str | None = None
    # The due date after the change, and before it when it changed (``None``: unchanged,
    # or a line written before due dates existed).
    due: str = ""
    due_before: str | None = None
    explicit: bool = False
    merge: MergeEvent | None = None  # a value that lost in a merge (the store's merge log)

    @classmethod
    def of_merge(cls, event: MergeEvent) -> HistoryRecord:
        """The history's line for a merge event: when and by whom the branches merged."""
        return cls(event.at, event.by, event.item, None, None, merge=event, explicit=True)


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

    def filtered(
        self, *, by: str | None = None, since: str | None = None, items: set[str] | None = None
    ) -> list[HistoryRecord]:
        """The records by ``by`` (who made the change or the merge, compared case-folded),
        at or after ``since`` (a UTC time as :func:`since_time` gives), of ``items``."""
        records = self.records
        if by is not None:
            who = by.casefold()
            records = [r for r in records if r.user.casefold() == who]
        if since is not None:
            records = [r for r in records if r.time >= since]
        if items is not None:
            records = [r for r in records if r.item in items]
        return records


_SINCE_RE = re.compile(r"(\d+)([hdw])")


def since_time(text: str, now: dt.datetime | None = None) -> str:
    """``2026-12-01``, ``2026-12-01T09:00:00Z`` or ``7d``/``2w``/``12h`` (before now) as the
    history's time format (``YYYY-MM-DDTHH:MM:SSZ``, UTC); ``ValueError`` otherwise."""
    value = text.strip()
    relative = _SINCE_RE.fullmatch(value)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)
        try:
            delta = dt.timedelta(**{{"h": "hours", "d": "days"}.get(unit, "weeks"): amount})
            moment = (now or dt.datetime.now(dt.UTC)) - delta
        except OverflowError:  # 99999999999w: a span longer than the calendar
            raise ValueError(f"too far back (before year 1): {text!r}") from None
    else:
        try:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise ValueError(f"not a date, a time or a span like 7d/2w/12h: {text!r}") from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
    try:
        moment = moment.astimezone(dt.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00: before the calendar's first hour in UTC
        raise ValueError(f"outside the calendar (years 1 to 9999 in UTC): {text!r}") from None
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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
    return _record(data) if isinstance(data, dict) else None


_TEXTS = ("time", "user", "item", "note", "owner", "due", "moved_from", "moved_to")
_OPTIONAL = ("from", "to", "owner_from", "note_from", "due_from")  # null: none or unchanged


def _tolerant(data: dict[str, Any]) -> HistoryRecord | None:
    """A record from a line's object whatever its values' types (a hand edit: numbers
    become text, nulls empty); ``None`` without an item."""
    if not isinstance(data.get("item"), str):
        return None
    fixed: dict[str, Any] = {key: _text(data.get(key)) for key in _TEXTS}
    fixed.update({key: _status(data.get(key)) for key in _OPTIONAL})
    fixed["v"] = data.get("v")
    return _record(fixed)


_join = "".join
_intern = sys.intern


def _record(data: dict[str, Any]) -> HistoryRecord | None:
    """A record from a line's object, built fast for a line whose fields are all text (or
    null where allowed), as kb-tui writes them; by :func:`_tolerant` otherwise. A history
    holds 100,000 lines and more, and the dashboard reads them all."""
    get = data.get
    time, user, item = get("time", ""), get("user", ""), get("item")
    note, owner, due = get("note", ""), get("owner", ""), get("due", "")
    moved_from, moved_to = get("moved_from", ""), get("moved_to", "")
    before, after = get("from"), get("to")
    owner_before, note_before, due_before = get("owner_from"), get("note_from"), get("due_from")
    version = get("v")
    if not isinstance(item, str):
        return _tolerant(data)
    try:  # one call checks that every other text field is text (a TypeError otherwise)
        _join((time, user, note, owner, due, moved_from, moved_to))
    except TypeError:
        return _tolerant(data)
    for value in (before, after, owner_before, note_before, due_before):
        if value is not None and value.__class__ is not str:
            return _tolerant(data)
    # The same few names and statuses, and each item's ID, come back line after line: one
    # string each rather than one a line (a third of what a read history keeps).
    return HistoryRecord(
        time, _intern(user), _intern(item), before and _intern(before),
        after and _intern(after), note, moved_from, moved_to, _intern(owner), owner_before,
        note_before, _intern(due), due_before, _version(version) >= FORMAT,
    )  # fmt: skip


def _objects(lines: list[str]) -> list[object]:
    """Each line's JSON value (``None`` for a line that is not JSON).

    All at once when every line is a value (one ``json.loads`` of the lines joined as an
    array: half the time of a call per line); a line per call only when the file holds a
    bad one (cut short by a killed writer, or edited by hand)."""
    try:
        # Only lines that each look like one whole object: a line cut short could join the
        # next into one value (``{"a": 1,`` + ``"b": 2}``) and still add up.
        whole = all(line[:1] == "{" and line.rstrip()[-1:] == "}" for line in lines)
        values = json.loads("[" + ",".join(lines) + "]") if whole else None
        if isinstance(values, list) and len(values) == len(lines):
            return values
    except (ValueError, RecursionError):
        pass
    out: list[object] = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except (ValueError, RecursionError):
            out.append(None)
    return out


def parse_lines(lines: Iterable[str]) -> tuple[list[HistoryRecord], int, list[str]]:
    """The records of ``lines`` in their order, how many were bad, and the lines read
    (blank ones left out, a line seen before skipped)."""
    unique = [raw for raw in dict.fromkeys(lines) if raw and (raw[0] == "{" or raw.strip())]
    records: list[HistoryRecord] = []
    skipped = 0
    for value in _objects(unique):
        record = _record(value) if value.__class__ is dict else None
        if record is None:
            skipped += 1
        else:
            records.append(record)
    return records, skipped, unique


def record_fields(
    before: tuple[str, str, str, str] | None, after: tuple[str, str, str, str] | None
) -> dict[str, str | int | None]:
    """The JSON fields of one change, from ``(status, note, owner, due)`` before and after it
    (``None``: no entry) — the writing side of :func:`parse_line`."""
    old_status, old_note, old_owner, old_due = before or (None, "", "", "")
    new_status, new_note, new_owner, new_due = after or (None, "", "", "")
    fields: dict[str, str | int | None] = {
        "v": FORMAT,
        "from": old_status,
        "to": new_status,
        "note": new_note,
        "owner": new_owner,
    }
    if old_owner != new_owner:
        fields["owner_from"] = old_owner
    if old_note != new_note:
        fields["note_from"] = old_note
    if new_due:
        fields["due"] = new_due
    if old_due != new_due:
        fields["due_from"] = old_due
    return fields


def read_history(path: Path) -> History:
    """Read ``path`` (missing: empty); bad or partial lines are skipped, never raised."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_HISTORY_BYTES)
    except OSError:
        return History([])
    return parse_history(data)


def parse_history(data: bytes, merges: Iterable[MergeEvent] = ()) -> History:
    """The records of a history file's bytes and of the store's merge log, oldest first;
    bad or partial lines are skipped and counted.

    Two branches' histories are merged by git as a union of their lines (``merge=union``:
    no kb-tui needed on the machine that merges, no conflict ever), so a line can come
    twice (a commit cherry-picked onto both) and the lines of the two branches interleave
    in blocks: a line seen before is skipped, and the records are sorted by time (stable:
    records of the same second keep their order)."""
    records, skipped, _ = parse_lines(split_lines(data))
    return with_merges(sort_by_time(records), skipped, merges)


def split_lines(data: bytes) -> list[str]:
    """A history file's lines: split at newlines only (JSON keeps U+2028, U+0085 and the
    like unescaped inside a string: they are not line breaks here); a ``\r`` before a
    newline (a checkout that converted line ends) is dropped."""
    lines = data.decode("utf-8", errors="replace").split("\n")
    if b"\r" in data:
        lines = [line.removesuffix("\r") for line in lines]
    return lines


def sort_by_time(records: list[HistoryRecord]) -> list[HistoryRecord]:
    """``records`` sorted in place by time, stably (records of one second keep their
    order); returned."""
    records.sort(key=_time)
    return records


def with_merges(
    records: list[HistoryRecord], skipped: int, merges: Iterable[MergeEvent] = ()
) -> History:
    """A history of ``records`` (sorted by time) with the merge log's events among them."""
    events = [HistoryRecord.of_merge(event) for event in merges]
    if events:
        records.extend(events)
        sort_by_time(records)
    return History(records, skipped)


_time = attrgetter("time")


def _version(value: object) -> int:
    """A line's format (``v``); an old line has none, an odd one counts as old."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 1
