"""The history of a store, read again without reading it all again.

The history only grows: :class:`~kb_tui.core.status.store.StatusStore` appends a line or
two per change. Parsing 100,000 lines takes a few tenths of a second, and the dashboard
reads the history each time it opens, so a :class:`HistoryReader` keeps what it parsed
and, next time, parses only the bytes appended since — when the file is still the one it
read (same device and inode, at least as long, and the bytes just before where it stopped
unchanged). Anything else (a file replaced by git or an editor, cut shorter, edited in
place) is read in full again. The result is always what
:func:`~kb_tui.core.status.history.parse_history` gives for the whole file: a line seen
before is skipped (if an appended line may repeat an earlier one, the file is read in full
to be sure), bad lines are counted, records sorted by time (stable).

Only whole lines are kept; a last line without its newline (a writer killed mid-line, or
one still writing) is parsed on each read, so it is taken when it is complete.

A whole file is parsed a piece at a time (:func:`parse_pieces`): read on a worker thread
while the explorer runs, one ``json.loads`` of 100,000 lines held the interpreter, and so
the UI, for 0.15–0.25 s.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from kb_tui.core.fs.safefs import SafeDir, read_fd
from kb_tui.core.status.history import HistoryRecord, parse_lines, sort_by_time, split_lines

CHECK_BYTES = 4096  # bytes before the end of what was read, compared to see it unchanged
PIECE_BYTES = 256 * 1024  # parsed at once: a few milliseconds with the interpreter held


def _pieces(data: bytes, end: int) -> Iterator[bytes]:
    """``data[:end]`` (whole lines) in pieces of about :data:`PIECE_BYTES`, each cut
    just after a newline (decoded apart, they decode as the whole would)."""
    start = 0
    while start < end:
        cut = data.find(b"\n", min(start + PIECE_BYTES, end - 1), end) + 1 or end
        yield data[start:cut]
        start = cut


def parse_pieces(data: bytes, end: int) -> tuple[list[HistoryRecord], int, set[int]]:
    """What ``parse_lines(split_lines(data[:end]))`` gives — the records in the order of
    their lines, the bad lines, a line seen before skipped — and the hashes of the lines
    read; a piece at a time, so that no single step holds the interpreter for long."""
    seen: set[str] = set()
    records: list[HistoryRecord] = []
    skipped = 0
    hashes: set[int] = set()
    for piece in _pieces(data, end):
        fresh = [line for line in split_lines(piece) if line not in seen]
        more, bad, lines = parse_lines(fresh)
        seen.update(lines)
        records += more
        skipped += bad
        hashes.update(map(hash, lines))
    return records, skipped, hashes


@dataclass(frozen=True)
class _Parsed:
    """What a read kept: whole lines up to ``upto``, their records and their lines'
    hashes (to tell whether an appended line may repeat one). Replaced, never changed,
    but for ``hashes``, which only grows."""

    device: int
    inode: int
    upto: int
    check: bytes
    records: list[HistoryRecord]
    skipped: int
    hashes: set[int]


def _in_order(records: list[HistoryRecord], more: list[HistoryRecord]) -> bool:
    """Whether ``records`` (sorted) followed by ``more`` are sorted by time (the usual
    append: no sort of 100,000 records needed)."""
    times = [record.time for record in more]
    return (not records or not times or records[-1].time <= times[0]) and times == sorted(times)


def _read_at(fd: int, offset: int, size: int) -> bytes:
    os.lseek(fd, offset, os.SEEK_SET)
    return read_fd(fd, size)


class HistoryReader:
    """Reads one history file again and again, parsing only what was appended.

    One snapshot is kept and replaced whole (never changed), so a thread holding one
    always has a right answer; a read waits for one under way (the dashboard opened while
    the history is read ahead parses only what that read did not)."""

    def __init__(self) -> None:
        self._last: _Parsed | None = None
        self._reading = threading.Lock()
        self.full_reads = 0  # how often the whole file was parsed (for tests)

    def clear(self) -> None:
        self._last = None

    def read(self, folder: SafeDir, name: str, limit: int) -> tuple[list[HistoryRecord], int]:
        """The records (sorted by time, a new list) and the count of bad lines of ``name``
        in ``folder``, its first ``limit`` bytes; ``FileNotFoundError`` when missing."""
        with self._reading:
            return self._read(folder, name, limit)

    def _read(self, folder: SafeDir, name: str, limit: int) -> tuple[list[HistoryRecord], int]:
        fd = folder.open_file(name, os.O_RDONLY | os.O_NONBLOCK)
        try:
            info = os.fstat(fd)
            size = min(info.st_size, limit)
            last = self._last
            if (
                last is not None
                and (last.device, last.inode) == (info.st_dev, info.st_ino)
                and last.upto <= size
                and _read_at(fd, last.upto - len(last.check), len(last.check)) == last.check
            ):
                result = self._grown(last, _read_at(fd, last.upto, size - last.upto))
                if result is not None:
                    return result
            data = _read_at(fd, 0, limit)
        finally:
            os.close(fd)
        return self._full(info.st_dev, info.st_ino, data)

    def _full(self, device: int, inode: int, data: bytes) -> tuple[list[HistoryRecord], int]:
        self.full_reads += 1
        whole = data.rfind(b"\n") + 1
        records, skipped, hashes = parse_pieces(data, whole)
        sort_by_time(records)
        check = data[max(0, whole - CHECK_BYTES) : whole]
        self._last = _Parsed(device, inode, whole, check, records, skipped, hashes)
        result = self._with_partial(self._last, data[whole:])
        if result is None:  # the last line repeats one: read as one piece, not kept
            records, skipped, _ = parse_lines(split_lines(data))
            return sort_by_time(records), skipped
        return result

    def _grown(self, last: _Parsed, grown: bytes) -> tuple[list[HistoryRecord], int] | None:
        """``last`` with the ``grown`` bytes after it; ``None`` when an appended line may
        repeat an earlier one (then the whole file is read)."""
        whole = grown.rfind(b"\n") + 1
        if whole:
            records, skipped, lines = parse_lines(split_lines(grown[:whole]))
            hashes = set(map(hash, lines))
            if not hashes.isdisjoint(last.hashes):
                return None
            merged = last.records + records
            if not _in_order(last.records, records):
                sort_by_time(merged)
            check = (last.check + grown[:whole])[-CHECK_BYTES:]
            # The set grows in place: a reader still holding the previous snapshot then
            # finds these lines "seen" and reads the whole file, which is right, if slow.
            last.hashes.update(hashes)
            last = _Parsed(
                last.device, last.inode, last.upto + whole, check, merged,
                last.skipped + skipped, last.hashes,
            )  # fmt: skip
            self._last = last
        return self._with_partial(last, grown[whole:])

    def _with_partial(
        self, last: _Parsed, partial: bytes
    ) -> tuple[list[HistoryRecord], int] | None:
        """The kept records and a last line without its newline, if any (not kept)."""
        records = list(last.records)
        if not partial:
            return records, last.skipped
        tail, skipped, lines = parse_lines(split_lines(partial))
        if any(hash(line) in last.hashes for line in lines):
            self._last = None  # rare: read it all next time, exactly
            return None
        if tail:
            records += tail
            sort_by_time(records)
        return records, last.skipped + skipped
