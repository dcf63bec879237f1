"""The status store's file format: entries, their YAML text, and reading it back.

Written by hand, not with ``yaml.safe_dump``: sorted blocks, quoted scalars, blank lines
between blocks, so that the file diffs and merges well (see :mod:`kb_tui.core.status.store`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.model import STATUSES
from kb_tui.core.model.tasks import CHECKBOX_STATUS
from kb_tui.core.team.identity import who
from kb_tui.core.text import valid_unicode

SCHEMA = "kb-tui/status@1"
HEADER = (
    f"# kb-tui status store ({SCHEMA}): one block per item, sorted by ID.\n"
    "# Safe to commit and merge. Entries whose item no longer exists are kept as orphans.\n"
)
FIELDS = ("status", "note", "owner", "due", "updated", "by", "checkbox")


@dataclass(frozen=True, slots=True)
class Entry:
    status: str = "todo"
    note: str = ""
    owner: str = ""
    updated: str = ""
    by: str = ""
    checkbox: str | None = None
    due: str = ""  # YYYY-MM-DD (see kb_tui.core.model.due); written after the owner

    def __post_init__(self) -> None:
        if self.status not in STATUSES:  # written, it would make the store unreadable
            raise ValueError(f"unknown status {self.status!r}; use one of {', '.join(STATUSES)}")

    def cleaned(self) -> Entry:
        """This entry with its text valid Unicode (see :func:`valid_unicode`)."""
        return Entry(
            self.status,
            valid_unicode(self.note),
            valid_unicode(self.owner),
            valid_unicode(self.updated),
            valid_unicode(self.by),
            None if self.checkbox is None else valid_unicode(self.checkbox),
            valid_unicode(self.due),
        )

    def to_yaml_fields(self) -> dict[str, str]:
        out = {"status": self.status}
        for name in ("note", "owner", "due", "updated", "by"):
            if value := getattr(self, name):
                out[name] = value
        if self.checkbox is not None:
            out["checkbox"] = self.checkbox
        return out


@dataclass(frozen=True, slots=True)
class MergeEvent:
    """A value that lost when two people changed the same field of one item on two
    branches (see :mod:`kb_tui.core.status.merge`): kept in the store's merge log, so the
    value that lost, who set it and when are never lost, and shown in the history."""

    item: str
    field: str
    kept: str
    lost: str
    lost_by: str = ""
    lost_at: str = ""
    by: str = ""  # who merged
    at: str = ""  # when

    def to_line(self) -> str:
        """One JSON object (YAML flow syntax too) with its keys sorted: the log's line."""
        text = json.dumps(
            {name: getattr(self, name) for name in MERGE_FIELDS},
            ensure_ascii=False,
            sort_keys=True,
        )
        return _YAML_UNSAFE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)

    @classmethod
    def from_mapping(cls, data: object) -> MergeEvent | None:
        """An event from a parsed log line, None unless every field is text."""
        if not isinstance(data, dict) or set(data) != set(MERGE_FIELDS):
            return None
        if not all(isinstance(data[name], str) for name in MERGE_FIELDS):
            return None
        return cls(**{name: valid_unicode(data[name]) for name in MERGE_FIELDS})


MERGE_FIELDS = ("item", "field", "kept", "lost", "lost_by", "lost_at", "by", "at")


def checkbox_status(checkbox: str | None) -> str:
    return CHECKBOX_STATUS.get(checkbox or " ", "todo")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def current_user() -> str:
    """``$KB_TUI_USER``, else the login name: :func:`~kb_tui.core.team.identity.who` without
    a vault (with one, it asks git first)."""
    return who(None)


def default_store_path(root: Path, bundled: bool = False) -> Path:
    """``<root>/.kb-tui/status.yaml``; for the bundled sample, the user's state directory.

    A vault that cannot be written keeps its store where it is: reading it elsewhere would
    show no statuses (and let a CI gate pass or fail on nothing), and a write that cannot go
    there fails with a message rather than landing somewhere nobody looks.
    """
    if not bundled:
        return root / ".kb-tui" / "status.yaml"
    import platformdirs  # only the bundled sample's store lives in the state folder

    digest = hashlib.sha256(str(root).encode()).hexdigest()[:12]
    name = "bundled-sample" if bundled else f"{root.name}-{digest}"
    return Path(platformdirs.user_state_dir("kb-tui")) / name / "status.yaml"


_YAML_UNSAFE_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


# What makes a string need more than quotes around it: what JSON escapes, what YAML refuses.
_NEEDS_ESCAPE_RE = re.compile(
    '["\\\\\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]'
)


def quote_key(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax, which YAML shares) for any text.

    Written by hand rather than with ``yaml.safe_dump``, which mangles some characters
    (NEL, for one) and switches to ``? key`` syntax for IDs over 128 characters. Text with
    nothing to escape — nearly every ID and note — is only put between quotes.
    """
    if _NEEDS_ESCAPE_RE.search(text) is None:
        return f'"{text}"'
    return _YAML_UNSAFE_RE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
    )


def serialize(
    entries: Mapping[str, Entry],
    written: Mapping[str, str] | None = None,
    merges: Sequence[MergeEvent] = (),
) -> str:
    """Stable text for the store: header, then sorted blocks separated by blank lines, then
    the merge log (when there is one), a line an event, oldest first.

    ``written``: blocks known to be exactly this function's text for their entry (read
    from a file it wrote, the entry unchanged since), taken as they are.
    """
    log = ""
    if merges:
        log = "\nmerges:\n" + "".join(f"  - {event.to_line()}\n" for event in merges)
    blocks = []
    known = written or {}
    for item_id in sorted(entries):
        if (block := known.get(item_id)) is not None:
            blocks.append(block)
            continue
        entry = entries[item_id]
        body = [f"  {quote_key(item_id)}:\n    status: {entry.status}\n"]
        for name in ("note", "owner", "due", "updated", "by"):
            if value := getattr(entry, name):
                body.append(f"    {name}: {quote_key(value)}\n")
        if entry.checkbox is not None:
            body.append(f"    checkbox: {quote_key(entry.checkbox)}\n")
        blocks.append("".join(body))
    if not blocks:
        return HEADER + "items: {}\n" + log
    return HEADER + "items:\n" + "\n".join(blocks) + log
