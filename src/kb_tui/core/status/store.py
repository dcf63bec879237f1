"""The status store: ``<root>/.kb-tui/status.yaml``, durable and merge-friendly.

One YAML block per item, sorted by ID, blank lines between blocks, so that two people's
changes to different items merge cleanly in git. Every write takes a lock, re-reads the
file (parsing it again only when another process changed it), applies only this process's
changes on top of what is on disk, and replaces the file atomically (temporary file, fsync,
rename). A store that cannot be parsed, or that holds an ID twice, is never overwritten.
Entries whose item has gone are kept as orphans.

The store, its history and its lock are written only through :mod:`kb_tui.core.fs.safefs`:
never through a symbolic link, inside the vault or out of it.

**Status and history are one change.** The status file is replaced first, then the history
record appended; if the append fails, the previous status file is put back and the write
fails naming the history file, so a saved status always has its record. (After a crash
between the two, the status is kept without its record: the store is never behind its
history.)
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import replace
from pathlib import Path

from kb_tui.core.errors import StoreError as StoreError
from kb_tui.core.fs.safefs import LinkRefused, LockTimeout, SafeDir, safe_dir_for
from kb_tui.core.model import STATUSES, Document, Item, KnowledgeBase
from kb_tui.core.model.tasks import (  # re-exported: the store's public names
    CHECKBOX_STATUS as CHECKBOX_STATUS,
)
from kb_tui.core.status.apply import apply_entry, apply_store
from kb_tui.core.status.format import HEADER as HEADER
from kb_tui.core.status.format import SCHEMA as SCHEMA
from kb_tui.core.status.format import Entry as Entry
from kb_tui.core.status.format import MergeEvent as MergeEvent
from kb_tui.core.status.format import checkbox_status as checkbox_status
from kb_tui.core.status.format import current_user as current_user
from kb_tui.core.status.format import default_store_path as default_store_path
from kb_tui.core.status.format import quote_key as quote_key
from kb_tui.core.status.format import serialize as serialize
from kb_tui.core.status.format import utc_now as utc_now
from kb_tui.core.status.history import MAX_HISTORY_BYTES, History, record_fields, with_merges
from kb_tui.core.status.history_cache import HistoryReader
from kb_tui.core.status.read import StoreText, parse_store
from kb_tui.core.team.identity import who
from kb_tui.core.text import valid_unicode

HISTORY_NAME = "history.jsonl"
MAX_STORE_BYTES = 256 * 1024 * 1024  # about a million entries
LOCK_TIMEOUT = 15.0
_NO_ROOM = (errno.EROFS, errno.EACCES, errno.EPERM)


def parse(text: str, path: Path) -> dict[str, Entry]:
    """Parse store text; raise :class:`StoreError` naming the file and line on any doubt."""
    return parse_store(text, path).entries


Stamp = tuple[int, int, int]


class StatusStore:
    """Statuses of one knowledge base, loaded from and written to one YAML file.

    ``root`` is the vault: when the store lies in it, every folder from the root down is
    checked for links before anything is read or written there.
    """

    def __init__(self, path: Path, root: Path | None = None) -> None:
        self.path = path
        self.root = root
        self.history_path = path.parent / HISTORY_NAME
        self.entries: dict[str, Entry] = {}
        self.lines: dict[str, int] = {}  # the line each entry starts on, for problems
        self.error: str = ""
        self.stamp: Stamp | None = None
        self._raw: bytes | None = None  # the bytes ``entries`` were read from or written as
        self._blocks: dict[str, str] = {}  # exact text of unchanged entries (see serialize)
        self.merges: tuple[MergeEvent, ...] = ()  # the merge log, kept as it is
        self._history = HistoryReader()  # what was parsed of the history, kept
        # Bumped when ``entries`` take in changes not made here (a load that found new
        # content, another writer's merged by a write): a watcher skips our own writes.
        self.revision = 0
        self.load()

    # -- reading ---------------------------------------------------------------------
    @contextmanager
    def _folder(self, create: bool) -> Iterator[SafeDir]:
        with safe_dir_for(self.path, self.root, create=create) as folder:
            yield folder

    def _read_in(
        self, folder: SafeDir, known: bytes | None = None
    ) -> tuple[StoreText, Stamp | None, bytes | None]:
        """Entries, their lines, the file's stamp and bytes.

        Bytes equal to ``known`` (what this store last read or wrote) are not parsed again.
        Only the bytes can tell: a file another writer put there may carry the same size,
        mtime (coarse on most file systems) and even inode number (freed and reused).
        """
        try:
            data = folder.read_bytes(self.path.name, MAX_STORE_BYTES + 1)
            info = folder.lstat(self.path.name) if data is not None else None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {_reason(exc)}") from None
        if data is None or info is None:
            return StoreText({}, {}, {}), None, None
        if len(data) > MAX_STORE_BYTES:
            raise StoreError(f"{self.path}: larger than {MAX_STORE_BYTES >> 20} MB; not read")
        stamp = _stamp(info)
        if known is not None and data == known:
            return StoreText(dict(self.entries), self.lines, self._blocks, self.merges), stamp, data
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise StoreError(f"{self.path}: cannot read: {exc}") from None
        return parse_store(text, self.path), stamp, data

    def _read(self) -> tuple[StoreText, Stamp | None, bytes | None]:
        try:
            with self._folder(create=False) as folder:
                return self._read_in(folder)
        except FileNotFoundError:  # no store folder yet
            return StoreText({}, {}, {}), None, None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot read: {_reason(exc)}") from None

    def load(self) -> None:
        """(Re)load from disk; a broken store leaves ``error`` set and the store read-only."""
        before = self.entries
        try:
            read, self.stamp, self._raw = self._read()
            self.entries, self.lines, self._blocks, self.merges = read
            self.error = ""
        except StoreError as exc:
            self.entries, self.lines, self.error, self._raw = {}, {}, str(exc), None
            self._blocks, self.merges = {}, ()
        if self.entries != before:
            self.revision += 1

    def changed_on_disk(self) -> bool:
        """Whether the file is not the one last read or written (an atomic write: new inode)."""
        try:
            info = os.lstat(self.path)
        except OSError:
            return self.stamp is not None
        return _stamp(info) != self.stamp

    @property
    def read_only(self) -> bool:
        return bool(self.error)

    # -- writing ---------------------------------------------------------------------
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
        due: str | None = None,
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
                due=old.due if due is None else due,
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
        user = valid_unicode(user or who(self.root or self.path.parent))
        try:
            with (
                self._folder(create=True) as folder,
                folder.locked(self.path.name + ".lock", LOCK_TIMEOUT),
            ):
                try:
                    read, _, old = self._read_in(folder, known=self._raw)
                    disk, blocks, merges = read.entries, read.blocks, read.merges
                except StoreError as exc:  # broken since we loaded it: never overwrite
                    self.error = str(exc)
                    raise
                if disk != self.entries:  # another writer's changes are merged in
                    self.revision += 1
                changes, extras = compute(disk)
                history = []
                for raw_id, change in changes.items():
                    item_id = valid_unicode(raw_id)
                    before = disk.get(item_id)
                    blocks.pop(item_id, None)
                    entry = change
                    if entry is None:
                        disk.pop(item_id, None)
                    else:
                        entry = replace(
                            entry.cleaned(), updated=entry.updated or utc_now(), by=user
                        )
                        disk[item_id] = entry
                    history.append(_history_line(item_id, before, entry, user, extras.get(raw_id)))
                data = serialize(disk, blocks, merges).encode("utf-8")
                self._write_atomic(folder, data)
                self._record(folder, history, old)
                self.entries, self._raw, self._blocks, self.merges = disk, data, blocks, merges
                self.lines = {}  # the lines moved: counted again when an orphan asks
                info = folder.lstat(self.path.name)
                self.stamp = _stamp(info) if info is not None else None
        except LockTimeout:
            raise StoreError(f"{self.path}: another kb-tui holds the lock; try again") from None
        except LinkRefused as exc:
            raise StoreError(f"{exc}; nothing was written") from None
        except OSError as exc:
            raise StoreError(f"{self.path}: cannot write: {_reason(exc)}") from None

    def _record(self, folder: SafeDir, history: list[str], old: bytes | None) -> None:
        """Append the history records; if that fails, put the previous status file back."""
        try:
            self._append_history(folder, "".join(line + "\n" for line in history).encode())
        except OSError as exc:
            try:
                if old is None:
                    os.unlink(self.path.name, dir_fd=folder.fd)
                else:
                    self._write_atomic(folder, old)
            except OSError as undo:
                raise StoreError(
                    f"{self.history_path}: cannot write: {_reason(exc)}; the status WAS saved "
                    f"in {self.path} but has no history record (putting the old status "
                    f"back failed too: {_reason(undo)})"
                ) from None
            raise StoreError(
                f"{self.history_path}: cannot write: {_reason(exc)}; the status was not changed"
            ) from None

    def set(
        self,
        item_id: str,
        status: str | None = None,
        *,
        note: str | None = None,
        owner: str | None = None,
        checkbox: str | None = None,
        user: str | None = None,
        due: str | None = None,
    ) -> Entry:
        """Change one item's status and/or note, owner and due date (``""`` clears it; a
        date is checked by :func:`~kb_tui.core.model.due.parse_due` first); returns the
        stored entry.

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
            due=current.due if due is None else due,
        )
        self.update({item_id: entry}, user)
        return self.entries[valid_unicode(item_id)]

    # Two hooks, so that tests can slow a write down or make it fail at either step.
    def _write_atomic(self, folder: SafeDir, data: bytes) -> None:
        folder.replace(self.path.name, data)

    def _append_history(self, folder: SafeDir, data: bytes) -> int:
        return folder.append(HISTORY_NAME, data)

    def read_history(self) -> History:
        """The history beside the store, read the way the store is (never through a link);
        what was read before is kept and only what was appended since is parsed (see
        :mod:`~kb_tui.core.status.history_cache`)."""
        try:
            with self._folder(create=False) as folder:
                records, skipped = self._history.read(folder, HISTORY_NAME, MAX_HISTORY_BYTES)
        except FileNotFoundError:
            self._history.clear()
            records, skipped = [], 0
        except OSError as exc:
            raise StoreError(f"{self.history_path}: cannot read: {_reason(exc)}") from None
        return with_merges(records, skipped, self.merges)

    def keep_history(self, other: StatusStore) -> None:
        """Read the history as ``other`` (the store read before a reload) does, from what it
        parsed, if it is the same file (what was appended or replaced since is seen as
        ever, see :mod:`~kb_tui.core.status.history_cache`)."""
        if other.history_path == self.history_path:
            self._history = other._history

    def line_of(self, item_id: str) -> int:
        """The line ``item_id``'s entry starts on (0 when unknown), from one scan at most."""
        if not self.lines and self.entries:
            with suppress(StoreError):
                self.lines = self._read()[0].lines
        return self.lines.get(item_id, 0)

    # -- applying to a knowledge base (the rules live in store_apply) -------------------
    def apply_item(self, item: Item) -> None:
        """Set one item's status, note and owner from the store (see :func:`apply_entry`)."""
        apply_entry(self.entries.get(item.id), item)

    def apply(self, kb: KnowledgeBase, among: Iterable[Document] | None = None) -> None:
        """Set every item's status from the store; collect entries with no item as orphans."""
        apply_store(self.entries, self.path, kb, self.line_of, among)


def _stamp(info: os.stat_result) -> Stamp:
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _reason(exc: OSError) -> str:
    """An OS error as a person reads it, with a hint where the folder cannot be written."""
    if isinstance(exc, LinkRefused):
        return str(exc)
    text = exc.strerror or str(exc)
    if exc.errno in _NO_ROOM:
        text += " (use --store FILE to keep statuses elsewhere)"
    return text


def _history_line(
    item_id: str,
    before: Entry | None,
    after: Entry | None,
    user: str,
    extra: Mapping[str, str] | None = None,
) -> str:
    record: dict[str, str | int | None] = {
        "time": after.updated if after else utc_now(),
        "user": user,
        "item": item_id,
        **record_fields(
            (before.status, before.note, before.owner, before.due) if before else None,
            (after.status, after.note, after.owner, after.due) if after else None,
        ),
        **(extra or {}),
    }
    return json.dumps(record, ensure_ascii=False)
