"""The undo stack: each batch is what a status change replaced, newest last."""

from __future__ import annotations

from collections.abc import Iterator

from kb_tui.core.status.store import Entry

UndoBatch = dict[str, Entry | None]  # item id -> its entry before the change (None: none)
MAX_UNDO = 200


class UndoStack:
    """Batches of entries to restore, at most ``limit`` of them (the oldest go first)."""

    def __init__(self, limit: int = MAX_UNDO) -> None:
        self.limit = limit
        self._batches: list[UndoBatch] = []

    def push(self, batch: UndoBatch) -> None:
        self._batches.append(batch)
        del self._batches[: -self.limit]

    def pop(self) -> UndoBatch | None:
        """The newest batch, taken off the stack; None when there is nothing to undo."""
        return self._batches.pop() if self._batches else None

    def discard(self, batch: UndoBatch) -> None:
        """Drop ``batch`` itself (not an equal one): its change was never made."""
        self._batches[:] = [b for b in self._batches if b is not batch]

    def clear(self) -> None:
        self._batches.clear()

    def __len__(self) -> int:
        return len(self._batches)

    def __iter__(self) -> Iterator[UndoBatch]:
        return iter(self._batches)
