"""The status store: ``<root>/.kb-tui/status.yaml``, durable and merge-friendly.

One YAML block per item, sorted by ID, blank lines between blocks, so that two people's
changes to different items merge cleanly in git. Every write takes a lock, re-reads the
file, applies only this process's changes on top of what is on disk, and replaces the
file atomically (temporary file, fsync, rename). A store that cannot be parsed is never
overwritten. Entries whose item has gone are kept as orphans.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path

from kb_tui.core.atomic import write_text_atomic
from kb_tui.core.errors import StoreError as StoreError
from kb_tui.core.model import STATUSES, Document, Item, KnowledgeBase, Orphan, Problem
from kb_tui.core.store_format import (
    CHECKBOX_STATUS as CHECKBOX_STATUS,
)
from kb_tui.core.store_format import (
    HEADER as HEADER,
)
from kb_tui.core.store_format import (  # re-exported: the store's public names
    SCHEMA as SCHEMA,
)
from kb_tui.core.store_format import (
    Entry as Entry,
)
from kb_tui.core.store_format import (
    _line_of,
    _read_quietly,
)
from kb_tui.core.store_format import (
    checkbox_status as checkbox_status,
)
from kb_tui.core.store_format import (
    current_user as current_user,
)
from kb_tui.core.store_format import (
    default_store_path as default_store_path,
)
from kb_tui.core.store_format import (
    parse as parse,
)
from kb_tui.core.store_format import (
    quote_key as quote_key,
)
from kb_tui.core.store_format import (
    serialize as serialize,
)
from kb_tui.core.store_format import (
    utc_now as utc_now,
)


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
        """Change one item's status and/or note and owner; returns the stored entry.

        An unknown status raises ``ValueError``: written, it would make the store unreadable.
        """
        if status is not None and status not in STATUSES:
            raise ValueError(f"unknown status {status!r}; use one of {', '.join(STATUSES)}")
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
        if entry is None:
            _unset(item)
            return
        task_moved = item.kind == "task" and entry.checkbox not in (None, item.checkbox)
        status = checkbox_status(item.checkbox) if task_moved else entry.status
        item.note, item.owner, item.updated, item.by = (
            entry.note,
            entry.owner,
            entry.updated,
            entry.by,
        )
        item.status = status  # type: ignore[assignment]

    def apply(self, kb: KnowledgeBase, among: Iterable[Document] | None = None) -> None:
        """Set every item's status from the store; collect entries with no item as orphans.

        ``among``: the only documents of ``kb`` that have items (``check``'s outlines).
        """
        entries = self.entries
        matched: set[str] = set()
        items = kb.iter_items() if among is None else (i for d in among for i in d.iter_items())
        for item in items:
            if item.id in entries:
                matched.add(item.id)
                self.apply_item(item)
            else:
                _unset(item)
        doc_paths = {doc.path for doc in kb.documents}
        kb.orphans = [
            Orphan(id=item_id, **{k: v for k, v in asdict(entry).items() if k != "checkbox"})
            for item_id, entry in sorted(entries.items())
            if item_id not in matched
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


def _unset(item: Item) -> None:
    """An item without a stored entry: its checkbox's status (a task) or todo, no note.

    Most items of a vault have no entry; they are only written to when they differ, which
    applying a store to half a million items feels.
    """
    status = checkbox_status(item.checkbox) if item.kind == "task" else "todo"
    if item.status != status:
        item.status = status  # type: ignore[assignment]
    if item.note or item.owner or item.updated or item.by:
        item.note = item.owner = item.updated = item.by = ""


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
