"""The status store's file format: entries, their YAML text, and reading it back.

Written by hand, not with ``yaml.safe_dump``: sorted blocks, quoted scalars, blank lines
between blocks, so that the file diffs and merges well (see :mod:`kb_tui.core.store`).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.errors import StoreError
from kb_tui.core.model import STATUSES

SCHEMA = "kb-tui/status@1"
HEADER = (
    f"# kb-tui status store ({SCHEMA}): one block per item, sorted by ID.\n"
    "# Safe to commit and merge. Entries whose item no longer exists are kept as orphans.\n"
)
CHECKBOX_STATUS = {
    " ": "todo",
    "/": "in_progress",
    "x": "done",
    "X": "done",
    "-": "na",
    "h": "blocked",
}
_FIELDS = ("status", "note", "owner", "updated", "by", "checkbox")


@dataclass(frozen=True)
class Entry:
    status: str = "todo"
    note: str = ""
    owner: str = ""
    updated: str = ""
    by: str = ""
    checkbox: str | None = None

    def to_yaml_fields(self) -> dict[str, str]:
        out = {"status": self.status}
        for name in ("note", "owner", "updated", "by"):
            if value := getattr(self, name):
                out[name] = value
        if self.checkbox is not None:
            out["checkbox"] = self.checkbox
        return out


def checkbox_status(checkbox: str | None) -> str:
    return CHECKBOX_STATUS.get(checkbox or " ", "todo")


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def current_user() -> str:
    try:
        return os.environ.get("KB_TUI_USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def default_store_path(root: Path, bundled: bool = False) -> Path:
    """``<root>/.kb-tui/status.yaml``, or the user's state directory for read-only vaults."""
    if not bundled and os.access(root, os.W_OK):
        return root / ".kb-tui" / "status.yaml"
    import platformdirs

    digest = hashlib.sha256(str(root).encode()).hexdigest()[:12]
    name = "bundled-sample" if bundled else f"{root.name}-{digest}"
    return Path(platformdirs.user_state_dir("kb-tui")) / name / "status.yaml"


_YAML_UNSAFE_RE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def quote_key(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax, which YAML shares) for any text.

    Written by hand rather than with ``yaml.safe_dump``, which mangles some characters
    (NEL, for one) and switches to ``? key`` syntax for IDs over 128 characters.
    """
    return _YAML_UNSAFE_RE.sub(
        lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False)
    )


def serialize(entries: Mapping[str, Entry]) -> str:
    """Stable text for the store: header, then sorted blocks separated by blank lines."""
    blocks = []
    for item_id in sorted(entries):
        fields = entries[item_id].to_yaml_fields()
        body = "".join(
            f"    {name}: {value if name == 'status' else quote_key(value)}\n"
            for name, value in fields.items()
        )
        blocks.append(f"  {quote_key(item_id)}:\n{body}")
    if not blocks:
        return HEADER + "items: {}\n"
    return HEADER + "items:\n" + "\n".join(blocks)


def parse(text: str, path: Path) -> dict[str, Entry]:
    """Parse store text; raise :class:`StoreError` naming the file and line on any doubt."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<<", ">>>>>>>", "=======")):
            raise StoreError(f"{path}:{number}: merge conflict markers; resolve them first")
    import yaml  # loaded on first read: the explorer can start without it

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", exc)
        raise StoreError(f"{path}:{where}: not valid YAML: {problem}") from None
    if data is None:
        return {}
    items = data.get("items") if isinstance(data, dict) else None
    if items is None and isinstance(data, dict) and "items" in data:
        return {}
    if not isinstance(items, dict):
        raise StoreError(f"{path}:1: expected a mapping with an 'items' mapping")
    entries: dict[str, Entry] = {}
    for item_id, fields in items.items():
        if not isinstance(fields, dict) or fields.get("status") not in STATUSES:
            where = _line_of(text, str(item_id))
            raise StoreError(f"{path}:{where}: entry {item_id!r} has no valid status")
        values = {k: ("" if fields.get(k) is None else str(fields.get(k))) for k in _FIELDS[:-1]}
        checkbox = fields.get("checkbox")
        entries[str(item_id)] = Entry(
            **values, checkbox=None if checkbox is None else str(checkbox)
        )
    return entries


def _read_quietly(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _line_of(text: str, needle: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    return 0
