"""The status store: ``<root>/.kb-tui/status.yaml``, durable and merge-friendly.

One YAML block per item, sorted by ID, blank lines between blocks, so that two people's
changes to different items merge cleanly in git. Every write takes a lock, re-reads the
file, applies only this process's changes on top of what is on disk, and replaces the
file atomically (temporary file, fsync, rename). A store that cannot be parsed is never
overwritten. Entries whose item has gone are kept as orphans.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from kb_tui.core.atomic import write_text_atomic
from kb_tui.core.errors import StoreError as StoreError
from kb_tui.core.model import STATUSES, Item, KnowledgeBase, Orphan, Problem

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


class StatusStore:
    """Statuses of one knowledge base, loaded from and written to one YAML file."""

    def __init__(self, path: Path, history_path: Path | None = None) -> None:
        self.path = path
        self.history_path = history_path or path.parent / "history.jsonl"
        self.entries: dict[str, Entry] = {}
        self.error: str = ""
        self.stamp: tuple[int, int, int] | None = None
        # Bumped when ``entries`` take in changes not made here (a load that found new
        # content, another writer's merged by a write): a watcher skips our own writes.
        self.revision = 0
        self.load()

    # -- reading ---------------------------------------------------------------------
    def _read(self) -> tuple[dict[str, Entry], tuple[int, int, int] | None]:
        try:
            info = self.path.stat()
            text = self.path.read_bytes().decode("utf-8")
        except FileNotFoundError:
            return {}, None
        except (OSError, UnicodeDecodeError) as exc:
            raise StoreError(f"{self.path}: cannot read: {exc}") from None
        return parse(text, self.path), _stamp(info)

    def load(self) -> None:
        """(Re)load from disk; a broken store leaves ``error`` set and the store read-only."""
        before = self.entries
        try:
            self.entries, self.stamp = self._read()
            self.error = ""
        except StoreError as exc:
            self.entries, self.error = {}, str(exc)
        if self.entries != before:
            self.revision += 1

    def changed_on_disk(self) -> bool:
        """Whether the file is not the one last read or written (an atomic write: new inode)."""
        try:
            info = self.path.stat()
        except OSError:
            return self.stamp is not None
        return _stamp(info) != self.stamp

    @property
    def read_only(self) -> bool:
        return bool(self.error)

    # -- writing ---------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        from filelock import FileLock, Timeout  # only writers pay for the import

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path) + ".lock", timeout=15)
        try:
            with lock:
                yield
        except Timeout:
            raise StoreError(f"{self.path}: another kb-tui holds the lock; try again") from None

    def update(self, changes: Mapping[str, Entry | None], user: str | None = None) -> None:
        """Apply ``changes`` (``None`` removes an entry) on top of the file as it is now."""
        self._commit(lambda disk: (changes, {}), user)

    def move(
        self,
        old_id: str,
        new_id: str,
        *,
        status: str | None = None,
        note: str | None = None,
        owner: str | None = None,
        checkbox: str | None = None,
        user: str | None = None,
    ) -> Entry:
        """Re-attach ``old_id``'s entry (an orphan) to ``new_id`` in one atomic write.

        The entry is taken from the file as it is under the lock; ``old_id`` is removed and
        the history records both sides. Raises :class:`StoreError` if ``old_id`` has no entry.
        """

        def compute(
            disk: dict[str, Entry],
        ) -> tuple[Mapping[str, Entry | None], dict[str, dict[str, str]]]:
            old = disk.get(old_id)
            if old is None:
                raise StoreError(f"{self.path}: no stored status for {old_id!r}")
            entry = Entry(
                status=status or old.status,
                note=old.note if note is None else note,
                owner=old.owner if owner is None else owner,
                checkbox=checkbox,
            )
            extra = {old_id: {"moved_to": new_id}, new_id: {"moved_from": old_id}}
            return {old_id: None, new_id: entry}, extra

        if old_id == new_id:
            raise StoreError(f"cannot re-attach {old_id!r} to itself")
        self._commit(compute, user)
        return self.entries[new_id]

    def _commit(
        self,
        compute: Callable[
            [dict[str, Entry]],
            tuple[Mapping[str, Entry | None], Mapping[str, Mapping[str, str]]],
        ],
        user: str | None,
    ) -> None:
        """Under the lock: re-read, apply ``compute(disk)``'s changes, write, log history."""
        if self.error:
            raise StoreError(f"{self.error} (the store is left untouched)")
        user = user or current_user()
        try:
            with self._locked():
                try:
                    disk, _ = self._read()
                except StoreError as exc:  # broken since we loaded it: never overwrite
                    self.error = str(exc)
                    raise
                if disk != self.entries:  # another writer's changes are merged in
                    self.revision += 1
                changes, extras = compute(disk)
                history = []
                for item_id, entry in changes.items():
                    before = disk.get(item_id)
                    if entry is None:
                        disk.pop(item_id, None)
                    else:
                        entry = replace(entry, updated=entry.updated or utc_now(), by=user)
                        disk[item_id] = entry
                    history.append(_history_line(item_id, before, entry, user, extras.get(item_id)))
                self._write_atomic(serialize(disk))
                self._append_history(history)
                self.entries = disk
                self.stamp = _stamp(self.path.stat())
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write: {exc.strerror or exc}") from None

    def set(
        self,
        item_id: str,
        status: str | None = None,
        *,
        note: str | None = None,
        owner: str | None = None,
        checkbox: str | None = None,
        user: str | None = None,
    ) -> Entry:
        """Change one item's status and/or note and owner; returns the stored entry."""
        current = self.entries.get(item_id, Entry())
        entry = Entry(
            status=status or current.status,
            note=current.note if note is None else note,
            owner=current.owner if owner is None else owner,
            checkbox=checkbox if checkbox is not None else current.checkbox,
        )
        self.update({item_id: entry}, user)
        return self.entries[item_id]

    def _write_atomic(self, text: str) -> None:
        write_text_atomic(self.path, text)

    def _append_history(self, lines: list[str]) -> None:
        with open(self.history_path, "a", encoding="utf-8") as handle:
            handle.write("".join(line + "\n" for line in lines))
            handle.flush()
            os.fsync(handle.fileno())

    # -- applying to a knowledge base -------------------------------------------------
    def apply_item(self, item: Item) -> None:
        """Set one item's status, note and owner from the store.

        For a task whose checkbox was edited since the entry was stored, the document wins.
        """
        entry = self.entries.get(item.id)
        status = checkbox_status(item.checkbox) if item.kind == "task" else "todo"
        if entry is not None:
            task_moved = item.kind == "task" and entry.checkbox not in (None, item.checkbox)
            status = status if task_moved else entry.status
            item.note, item.owner, item.updated, item.by = (
                entry.note,
                entry.owner,
                entry.updated,
                entry.by,
            )
        else:
            item.note = item.owner = item.updated = item.by = ""
        item.status = status  # type: ignore[assignment]

    def apply(self, kb: KnowledgeBase) -> None:
        """Set every item's status from the store; collect entries with no item as orphans."""
        known: set[str] = set()
        for item in kb.iter_items():
            known.add(item.id)
            self.apply_item(item)
        doc_paths = {doc.path for doc in kb.documents}
        kb.orphans = [
            Orphan(id=item_id, **{k: v for k, v in asdict(entry).items() if k != "checkbox"})
            for item_id, entry in sorted(self.entries.items())
            if item_id not in known
            and (
                item_id.split("#", 1)[0] in doc_paths
                or not (kb.root / item_id.split("#", 1)[0]).exists()
            )
        ]
        kb.problems[:] = [p for p in kb.problems if p.code != "orphan-status"]
        text = _read_quietly(self.path) if kb.orphans else ""
        shown = self.path
        if self.path.is_relative_to(kb.root):  # inside the vault: a vault-relative path
            shown = self.path.relative_to(kb.root)
        kb.problems.extend(
            Problem(
                shown.as_posix(),
                _line_of(text, quote_key(orphan.id) + ":"),
                "warning",
                "orphan-status",
                f"status {orphan.status!r} of {orphan.id!r} is kept as an orphan: no item has "
                "this ID any more (re-attach it: kb-tui mark --from OLD_ID NEW_ITEM)",
            )
            for orphan in kb.orphans
        )


def _stamp(info: os.stat_result) -> tuple[int, int, int]:
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _history_line(
    item_id: str,
    before: Entry | None,
    after: Entry | None,
    user: str,
    extra: Mapping[str, str] | None = None,
) -> str:
    record: dict[str, str | None] = {
        "time": after.updated if after else utc_now(),
        "user": user,
        "item": item_id,
        "from": before.status if before else None,
        "to": after.status if after else None,
        "note": after.note if after else "",
        **(extra or {}),
    }
    return json.dumps(record, ensure_ascii=False)
