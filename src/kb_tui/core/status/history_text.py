"""The one wording of a history record: :func:`describe` for ``kb-tui history``, the ``H``
dialog and the reports' changes, and :func:`format_record` for a whole line. Every field of
a record comes from an untrusted file: all of it is cleaned of control characters."""

from __future__ import annotations

from kb_tui.core.status.format import MergeEvent
from kb_tui.core.status.history import HistoryRecord
from kb_tui.core.text import clean, strip_controls

NOTE_SHOWN = 60  # characters of a note quoted in a description


def _one_line(text: str) -> str:
    """``text`` cleaned of control characters, its whitespace (newlines too) collapsed."""
    return " ".join(clean(text).split())


def _quoted(note: str) -> str:
    text = _one_line(note)
    if len(text) > NOTE_SHOWN:
        text = text[: NOTE_SHOWN - 1].rstrip() + "…"
    return f"“{text}”"


def _note_change(before: str, after: str) -> str:
    if not before:
        return f"note added {_quoted(after)}"
    if not after:
        return "note cleared"
    return f"note edited {_quoted(after)}"


def describe(record: HistoryRecord) -> str:
    """What one record changed, on one line: ``todo → done · owner — → ana · note added “…”``.

    Status only when it changed (``—``: no entry); owner and note when a format 2 line says
    they changed. An older line cannot tell: a change that kept the status
    was a note or owner edit, and its note (the note after the change) is quoted as it was.
    """
    if record.merge is not None:
        return _merge_change(record.merge)
    parts: list[str] = []
    edited = (
        record.owner_before is not None
        or record.note_before is not None
        or record.due_before is not None
    )
    # A first note or owner on an item without an entry stores the todo it already showed.
    quiet = record.before is None and record.after == "todo" and edited
    if record.before != record.after and not quiet:
        before, after = _one_line(record.before or "") or "—", _one_line(record.after or "") or "—"
        parts.append(f"{before} → {after}")
    if record.owner_before is not None:
        parts.append(
            f"owner {_one_line(record.owner_before) or '—'} → {_one_line(record.owner) or '—'}"
        )
    if record.note_before is not None:
        parts.append(_note_change(record.note_before, record.note))
    if record.due_before is not None:
        parts.append(f"due {_one_line(record.due_before) or '—'} → {_one_line(record.due) or '—'}")
    if not record.explicit:
        if not parts:
            parts.append("note or owner edited")
        if record.note:
            parts.append(f"note {_quoted(record.note)}")
    elif not parts:
        parts.append(f"unchanged ({_one_line(record.after or '') or '—'})")
    if record.moved_from:
        parts.append(f"re-attached from {_one_line(record.moved_from)}")
    elif record.moved_to:
        parts.append(f"re-attached to {_one_line(record.moved_to)}")
    return strip_controls(" · ".join(parts))  # every field is cleaned; the line as well


def _merge_change(event: MergeEvent) -> str:
    """``merge: status kept done, lost blocked (bo, 2026-12-01 09:00)``."""
    lost = _one_line(event.lost) or "—"
    who = ", ".join(part for part in (_one_line(event.lost_by), short_time(event.lost_at)) if part)
    text = f"merge: {_one_line(event.field)} kept {_one_line(event.kept) or '—'}, lost {lost}"
    return strip_controls(f"{text} ({who})" if who else text)


def short_time(stamp: str) -> str:
    """``2026-11-26T07:30:00Z`` as ``2026-11-26 07:30`` (anything else as written, cleaned)."""
    text = _one_line(stamp)
    if len(text) >= 16 and text[10:11] == "T" and text[13:14] == ":":
        return f"{text[:10]} {text[11:16]}"
    return text


def format_record(record: HistoryRecord, *, with_item: bool = True, full_time: bool = True) -> str:
    """``time  user  item  what changed`` (see :func:`describe`), cleaned of control characters;
    without the item where it is shown once above the lines, and with the time to the minute,
    in the ``H`` dialog."""
    time = _one_line(record.time) if full_time else short_time(record.time)
    fields = [time, _one_line(record.user) or "?"]
    if with_item:
        fields.append(_one_line(record.item))
    fields.append(describe(record))
    return "  ".join(fields)
