"""The merge driver's files: git's three temporary copies read, the result written to
OURS, all while holding the work tree's store lock (:mod:`kb_tui.core.status.merge` merges).

git runs a driver at the top of the work tree: the store's lock there is taken, so a
``kb-tui mark`` writing the store waits for the merge and the merge for it. The copies are
read as regular files only, never through a link, capped like the store; the result
replaces OURS atomically (a link at OURS is replaced, never followed).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kb_tui.core.errors import StoreError
from kb_tui.core.fs.atomic import write_bytes_atomic
from kb_tui.core.fs.safefs import LockTimeout, safe_dir_for
from kb_tui.core.status.format import serialize
from kb_tui.core.status.merge import Merged, merge_stores, read_side
from kb_tui.core.status.store import LOCK_TIMEOUT, MAX_STORE_BYTES


def merge_files(
    base: Path, ours: Path, theirs: Path, name: str, top: Path, by: str, at: str
) -> Merged:
    """Merge the three copies of the store ``name`` (relative to the work tree ``top``)
    into ``ours``. :class:`StoreError` (``ours`` untouched) when a copy is not a store or
    cannot be read, the result cannot be written, or the lock is held too long."""
    with _store_lock(top / name):
        sides = []
        for label, path in (("base", base), ("ours", ours), ("theirs", theirs)):
            try:
                text = _read(path)
            except (OSError, UnicodeDecodeError) as exc:
                raise StoreError(f"{name} ({label}): cannot read: {exc}") from None
            sides.append(read_side(text, Path(f"{name} ({label})")))
        old, mine, other = sides
        merged = merge_stores(old, mine, other, by=by, at=at)
        data = serialize(merged.entries, merges=merged.merges).encode("utf-8")
        try:
            write_bytes_atomic(ours, data)
        except OSError as exc:
            raise StoreError(f"cannot write the result: {exc.strerror or exc}") from None
    return merged


@contextmanager
def _store_lock(store: Path) -> Iterator[None]:
    """The store's lock; none when its folder is not there yet (both sides added it)."""
    if not store.parent.is_dir():
        yield
        return
    try:
        with (
            safe_dir_for(store, store.parent.parent, create=False) as folder,
            folder.locked(store.name + ".lock", LOCK_TIMEOUT),
        ):
            yield
    except LockTimeout:
        raise StoreError(f"{store}: another kb-tui holds the lock") from None


def _read(path: Path) -> str:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_STORE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_STORE_BYTES:
        raise OSError(f"{path}: larger than {MAX_STORE_BYTES >> 20} MB")
    return data.decode("utf-8")
