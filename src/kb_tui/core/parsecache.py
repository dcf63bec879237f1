"""The parse cache: a vault's parsed documents, so the second open skips the parsing.

One JSON file per vault in the user's cache directory (platformdirs), named by a digest of
the vault's real path. An entry is valid only for the same file size, modification and
change times (nanoseconds), the same kb-tui version, cache format and parse limits, and —
for a note with Templater placeholders, whose display text depends on today's date — the
same day. Anything else (a missing, stale, truncated, edited or foreign file, a version
mismatch, an entry that does not decode) is ignored and re-parsed: the cache is an
accelerator, never a source of truth, and it is JSON so that reading it runs no code.

``KB_TUI_NO_CACHE=1`` turns it off (benchmarks of a cold index use it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

from kb_tui import __version__
from kb_tui.core.codec import CodecError, decode_document, decode_problems
from kb_tui.core.model import Document, Problem

CACHE_FORMAT = 1
MAX_CACHE_BYTES = 2 << 30  # a cache file larger than this is not read
Key = list[int]  # [size, mtime_ns, ctime_ns]


def cache_enabled() -> bool:
    return os.environ.get("KB_TUI_NO_CACHE", "").strip() not in ("1", "true", "yes")


def cache_file(root: Path) -> Path:
    import platformdirs

    digest = hashlib.sha256(os.path.realpath(root).encode("utf-8", "surrogateescape"))
    return Path(platformdirs.user_cache_dir("kb-tui")) / "parse" / f"{digest.hexdigest()[:24]}.json"


def file_key(info: os.stat_result) -> Key:
    """What must not change on disk for a cached parse to stay valid."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def today() -> str:
    return dt.date.today().isoformat()


class ParseCache:
    """Cached entries of one vault: ``rel_path -> [key, day, document, problems]``.

    ``day`` is the date a note with Templater placeholders was rendered on (else ``None``).
    """

    def __init__(self, path: Path | None, header: dict[str, Any]) -> None:
        self.path = path
        self.header = header
        self.entries: dict[str, list[Any]] = {}
        self.seen: set[str] = set()
        self.dirty = False
        self.hits = 0
        self.today = today()

    @classmethod
    def open(cls, root: Path, limits: object) -> ParseCache:
        """The cache of ``root`` (empty when missing, unreadable, foreign or disabled)."""
        header = {
            "format": CACHE_FORMAT,
            "version": __version__,
            "root": os.path.realpath(root),
            "limits": repr(limits),
        }
        if not cache_enabled():
            return cls(None, header)
        cache = cls(cache_file(root), header)
        cache.entries = cache._read()
        return cache

    def _read(self) -> dict[str, list[Any]]:
        assert self.path is not None
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return {}
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CACHE_BYTES:
                return {}
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError, RecursionError, MemoryError):
            return {}
        finally:
            os.close(fd)
        if (
            not isinstance(data, dict)
            or data.get("header") != self.header
            or not isinstance(data.get("entries"), dict)
        ):
            return {}
        return data["entries"]  # type: ignore[no-any-return]

    def lookup(self, rel_path: str, key: Key) -> tuple[Document, list[Problem]] | None:
        """The cached parse of ``rel_path`` if it is still valid for ``key``."""
        self.seen.add(rel_path)
        entry = self.entries.get(rel_path)
        if (
            not isinstance(entry, list)
            or len(entry) != 4
            or entry[0] != key
            or entry[1] not in (None, self.today)
        ):
            return None
        try:
            doc = decode_document(entry[2])
            problems = decode_problems(entry[3])
        except CodecError:
            return None
        if doc.path != rel_path:
            return None
        self.hits += 1
        return doc, problems

    def put(
        self,
        rel_path: str,
        key: Key,
        templated: bool,
        document: list[Any],
        problems: list[Any],
    ) -> None:
        self.seen.add(rel_path)
        self.entries[rel_path] = [key, self.today if templated else None, document, problems]
        self.dirty = True

    def save(self) -> None:
        """Write the cache if it changed, dropping notes not seen in this read; never raises."""
        stale = set(self.entries) - self.seen
        if self.path is None or not (self.dirty or stale):
            return
        for rel in stale:
            del self.entries[rel]
        from kb_tui.core.atomic import write_bytes_atomic

        payload = {"header": self.header, "entries": self.entries}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            write_bytes_atomic(self.path, data.encode("utf-8", "surrogatepass"))
        except (OSError, ValueError, UnicodeError):
            return  # a cache that cannot be written only makes the next open slower
        self.dirty = False
