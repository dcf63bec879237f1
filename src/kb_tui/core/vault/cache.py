"""The parse cache: a vault's parsed documents, so the second open skips the parsing.

One folder per vault in the user's cache directory (platformdirs), named by a digest of the
vault's real path, holding one JSON shard per vault folder. A shard is read only when a
note of its folder is looked up, so the explorer shows the first notes of a vault of
thousands without waiting for the whole cache, and only shards that changed are written.

An entry is valid only for the same file size, modification and change times
(nanoseconds), the same kb-tui version, cache format, parse limits and read mode (fences
repaired in memory or strict CommonMark), and — for a note
with Templater placeholders, whose display text depends on today's date — the same day.
Anything else (a missing, stale, truncated, edited or foreign shard, a version mismatch,
an entry that does not decode) is ignored and re-parsed: the cache is an accelerator,
never a source of truth, and it is JSON so that reading it runs no code.

``KB_TUI_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import platformdirs

from kb_tui import __version__
from kb_tui.core.fs.atomic import write_bytes_atomic
from kb_tui.core.model import Document, Problem
from kb_tui.core.vault.codec import CodecError, load_parsed

CACHE_FORMAT = 11  # 7: fence repairs kept, the read mode in the key; 8: VS16 dropped;
# 9: embed labels, Obsidian comments hidden, highlight marks dropped from labels; 10: Templater's
# locale formats and tp.date.weekday rendered; 11: both branches' labels (embeds, comments) merged
MAX_SHARD_BYTES = 1 << 30  # a shard larger than this is not read
Key = list[int]  # [size, mtime_ns, ctime_ns]


def cache_enabled() -> bool:
    return os.environ.get("KB_TUI_NO_CACHE", "").strip() not in ("1", "true", "yes")


def _digest(text: str, length: int) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def cache_dir(root: Path, scope: str = "") -> Path:
    """The folder holding the shards of ``root`` (or of one ``scope`` inside it)."""
    base = Path(platformdirs.user_cache_dir("kb-tui")) / "parse"
    return base / _digest(os.path.realpath(root) + "\0" + scope, 24)


def file_key(info: os.stat_result) -> Key:
    """What must not change on disk for a cached parse to stay valid."""
    return [info.st_size, info.st_mtime_ns, info.st_ctime_ns]


def today() -> str:
    return dt.date.today().isoformat()


PACK_MIN = 4096  # payloads shorter than this are kept as they are
_PUT = object()  # marks the entries put in this read (no JSON value can be it)


def pack(payload: str) -> str | bytes:
    """A payload as the cache holds it until it is written: a long one compressed, to a
    fifth of the memory (a cold read of thousands of notes holds every entry at once); a
    short one, such as an outline, as it is, since compressing it saves little and costs
    time. Pool workers pack what they send, so the compressing is shared between cores."""
    if len(payload) < PACK_MIN:
        return payload
    return zlib.compress(payload.encode("utf-8", "surrogatepass"), 1)


def unpack(packed: str | bytes) -> str:
    if isinstance(packed, str):
        return packed
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")


def _folder(rel_path: str) -> str:
    return rel_path.rsplit("/", 1)[0] if "/" in rel_path else ""


class ParseCache:
    """Cached entries of one vault: ``rel_path -> [key, day, payload]``.

    ``payload`` is the JSON string of :func:`~kb_tui.core.vault.codec.dump_parsed`.

    ``day`` is the date a note with Templater placeholders was rendered on (else ``None``).
    """

    def __init__(self, folder: Path | None, header: dict[str, Any], outline: bool = False) -> None:
        self.folder = folder
        self.header = header
        self.outline = outline  # entries are outlines: documents without their items
        self.shards: dict[str, dict[str, list[Any]]] = {}  # vault folder -> entries
        self.dirty: set[str] = set()
        self.seen: set[str] = set()
        self.kept: set[str] = set()  # folders of notes taken from memory (see keep())
        self.hits = 0
        self.today = today()

    @classmethod
    def open(cls, root: Path, limits: object, scope: str = "", outline: bool = False) -> ParseCache:
        """The cache of ``root`` (empty when disabled); shards are read on first use.

        ``scope`` names a part of the vault read on its own (a single note), which gets a
        cache of its own so that it never drops the whole vault's entries. Outlines
        (``check``'s documents without items) have a cache of their own too, and so do
        notes read strictly as CommonMark (``limits.strict_commonmark``), whose items
        differ: switching the mode back and forth re-reads nothing.
        """
        if outline:
            scope += "\0outline"
        if getattr(limits, "strict_commonmark", False):
            scope += "\0strict"  # a strict read has a cache of its own: the items differ
        header = {
            "format": CACHE_FORMAT,
            "version": __version__,
            "root": os.path.realpath(root),
            "scope": scope,
            "limits": repr(limits),
        }
        return cls(cache_dir(root, scope) if cache_enabled() else None, header, outline)

    def holds_nothing(self) -> bool:
        """True when no shard is on disk (or the cache is off): nothing can be found."""
        if self.folder is None:
            return True
        try:
            return not any(name.endswith(".json") for name in os.listdir(self.folder))
        except OSError:
            return True

    def _shard_path(self, folder: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{_digest(folder, 20)}.json"

    def _shard(self, folder: str) -> dict[str, list[Any]]:
        shard = self.shards.get(folder)
        if shard is None:
            shard = self.shards[folder] = self._read(folder) if self.folder else {}
        return shard

    def _read(self, folder: str) -> dict[str, list[Any]]:
        try:
            fd = os.open(self._shard_path(folder), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            return {}
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SHARD_BYTES:
                return {}
            with os.fdopen(fd, "rb", closefd=False) as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError, RecursionError, MemoryError):
            return {}
        finally:
            os.close(fd)
        if (
            not isinstance(data, dict)
            or data.get("header") != {**self.header, "folder": folder}
            or not isinstance(data.get("entries"), dict)
        ):
            return {}
        return data["entries"]  # type: ignore[no-any-return]

    def lookup(self, rel_path: str, key: Key) -> tuple[Document, list[Problem]] | None:
        """The cached parse of ``rel_path`` if it is still valid for ``key``."""
        payload = self.payload(rel_path, key)
        return None if payload is None else self.decode(rel_path, payload)

    def payload(self, rel_path: str, key: Key) -> str | None:
        """The cached entry of ``rel_path`` if it is valid for ``key``, still undecoded
        (checking is cheap; decoding is what a warm open spends its time on)."""
        self.seen.add(rel_path)
        entry = self._shard(_folder(rel_path)).get(rel_path)
        if (
            not isinstance(entry, list)
            or len(entry) != 3
            or entry[0] != key
            or entry[1] not in (None, self.today)
            or not isinstance(entry[2], str)
        ):
            return None
        payload: str = entry[2]
        return payload

    def decode(self, rel_path: str, payload: str) -> tuple[Document, list[Problem]] | None:
        """The note ``payload`` holds, or None when it does not decode (then re-parse it)."""
        try:
            doc, problems = load_parsed(payload)
        except CodecError:
            return None
        if doc.path != rel_path:
            return None
        entry = self._shard(_folder(rel_path)).get(rel_path)
        if isinstance(entry, list) and len(entry) == 3:
            entry[2] = None  # still valid, but not kept in memory: save() reads it back
        self.hits += 1
        return doc, problems

    def keep(self, rel_paths: Iterable[str]) -> None:
        """Notes taken from memory, unread (a live reload): their entries and shards stay."""
        for rel_path in rel_paths:
            self.seen.add(rel_path)
            self.kept.add(_folder(rel_path))

    def put(self, rel_path: str, key: Key, templated: bool, packed: str | bytes) -> None:
        """Keep the :func:`pack`'ed payload of ``rel_path`` until :meth:`save`."""
        self.seen.add(rel_path)
        folder = _folder(rel_path)
        if self.folder is None:
            return  # cache off: nothing to keep
        # A fourth element marks an entry of this read: payload() takes only entries read
        # from disk (a short payload is a str too), and save() writes three.
        self._shard(folder)[rel_path] = [key, self.today if templated else None, packed, _PUT]
        self.dirty.add(folder)

    def save(self) -> None:
        """Write the shards that changed, dropping notes not seen in this read; never raises.

        Shards of folders that no longer hold any note are deleted.
        """
        if self.folder is None:
            return
        for folder, shard in self.shards.items():
            stale = [rel for rel in shard if rel not in self.seen]
            for rel in stale:
                del shard[rel]
            if folder not in self.dirty and not stale:
                continue
            if any(entry[2] is None for entry in shard.values()):
                on_disk = self._read(folder)
                for rel, entry in list(shard.items()):
                    if entry[2] is None:
                        kept = on_disk.get(rel)
                        if isinstance(kept, list) and len(kept) == 3 and kept[:2] == entry[:2]:
                            entry[2] = kept[2]
                        else:
                            del shard[rel]
            for entry in shard.values():
                if len(entry) == 4 and entry[3] is _PUT:
                    entry[2:] = [unpack(entry[2])]
            payload = {"header": {**self.header, "folder": folder}, "entries": shard}
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
                write_bytes_atomic(
                    self._shard_path(folder), data.encode("utf-8", "surrogatepass"), durable=False
                )
            except (OSError, ValueError, UnicodeError):
                pass  # a cache that cannot be written only makes the next open slower
            finally:
                shard.clear()  # written (or not): its entries are not needed any more
        self.dirty.clear()
        self._drop_unused_shards()

    def _drop_unused_shards(self) -> None:
        assert self.folder is not None
        keep = {self._shard_path(folder).name for folder in self.shards.keys() | self.kept}
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name.endswith(".json") and name not in keep:
                with contextlib.suppress(OSError):
                    os.unlink(self.folder / name)
