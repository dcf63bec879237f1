"""Read many notes fast: the parse cache first, then the rest in parallel when it pays.

A warm open stats every file and takes unchanged notes from the cache
(:mod:`kb_tui.core.vault.cache`). The notes left are parsed here, or — when there are many
and the machine has more than one core — by a pool of worker processes, since parsing is
CPU-bound Python that one process runs on one core. Workers send plain lists
(:mod:`kb_tui.core.vault.codec`), which the parent turns back into documents while the workers go
on; the same lists go into the cache.
"""

from __future__ import annotations

import gc
import os
import stat
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager, redirect_stderr
from dataclasses import replace
from pathlib import Path
from typing import Any

from kb_tui.core.fs.paths import relative
from kb_tui.core.limits import Limits
from kb_tui.core.model import Document, Problem
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.settings import strict_commonmark
from kb_tui.core.text import strip_controls
from kb_tui.core.vault.cache import ParseCache, file_key, pack, unpack
from kb_tui.core.vault.codec import (
    CodecError,
    decode_problems,
    dump_parsed,
    encode_problems,
    load_parsed,
)
from kb_tui.core.vault.files import read_file

HEAD = 40  # notes read one by one first, so the explorer can show them at once
POOL_MIN = 200  # fewer notes to parse than this: a pool costs more than it saves
CHUNK = 48  # notes per task: small enough to balance, large enough to amortise
Parsed = tuple[Document | None, list[Problem]]
ProgressFn = Callable[[int, int], None]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic collection while a vault is read.

    Reading builds hundreds of thousands of long-lived objects and no reference cycles;
    the collector would re-scan the growing heap again and again (a third of the time of
    a warm open). Reference counting still frees everything short-lived.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_one(
    root: Path, path: Path, limits: Limits, outline: bool = False, real_root: str = ""
) -> tuple[Parsed, list[int] | None, bool]:
    """Read and parse one note, with its cache key (set when the read succeeded, so it may
    be cached) and whether its display depends on the day (Templater placeholders).

    An outline keeps its note's text only when the text has block ids (``^id``), the one
    thing ``check`` reads it for: most outlines are then a fifth of the size.
    """
    # The parser is imported only when a note is not in the cache: a warm run never loads it.
    from kb_tui.core.vault.ingest import parse_raw

    raw = read_file(path, root, limits, real_root)
    doc, problems = parse_raw(raw, limits, outline)
    templated = doc is not None and _templated(doc.text)
    if outline and doc is not None and "^" not in doc.text:
        doc.text = ""
    return (doc, problems), (raw.key if not raw.error else None), templated


def _templated(text: str) -> bool:
    """Whether the note's display depends on the day: Templater placeholders, which are
    found once control characters are stripped (``<\u200e%`` renders too)."""
    if "<%" in text:
        return True
    return "%" in text and "<%" in strip_controls(text)


def _worker(
    root: str, paths: list[str], limits: Limits, outline: bool = False
) -> list[tuple[Any, ...]]:
    """Parse ``paths`` in a pool worker; the results as plain lists."""
    out: list[tuple[Any, ...]] = []
    root_path, real_root = Path(root), os.path.realpath(root)
    with gc_paused():
        for path in paths:
            (doc, problems), key, templated = parse_one(
                root_path, Path(path), limits, outline, real_root
            )
            if doc is not None:
                out.append((pack(dump_parsed(doc, problems)), None, key, templated))
            else:
                out.append((None, encode_problems(problems), key, False))
    return out


def _cache_key(path: Path) -> list[int] | None:
    """The stat key of a regular, non-symlink file (symlinks are always re-read)."""
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return file_key(info)


def _pool(jobs: int) -> Any:
    # Only a cold read of many notes starts a pool: the others never load multiprocessing.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork is fast and safe only in a process with one thread (the CLI, the explorer's
    # reader process); an app reloading from a worker thread gets fresh interpreters.
    method = "fork" if threading.active_count() == 1 and hasattr(os, "fork") else "spawn"
    if method == "spawn":
        _start_resource_tracker()
    return ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method))


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with the process's real stderr.

    Spawned workers need the tracker, and starting it hands its process
    ``sys.stderr.fileno()``. Inside the explorer that is Textual's print capture, whose
    ``fileno()`` is -1: the start fails ("bad value(s) in fds_to_keep") and a cold reload
    of many notes with it.
    """
    # Imported here: only a cold read of many notes from a thread starts a tracker.
    from multiprocessing import resource_tracker

    if sys.__stderr__ is None:  # no stderr at all: the tracker goes without one
        resource_tracker.ensure_running()
        return
    with redirect_stderr(sys.__stderr__):
        resource_tracker.ensure_running()


def pool_jobs(count: int) -> int:
    """How many worker processes to use for ``count`` notes (0: parse in-process)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if count < POOL_MIN or not cores or cores < 2:
        return 0
    return min(cores, 8)


def read_notes(
    root: Path,
    paths: list[Path],
    limits: Limits,
    progress: ProgressFn | None = None,
    scope: str = "",
    reuse: Mapping[str, Parsed] | None = None,
    head: int = HEAD,
    keep: Iterable[str] = (),
    outline: bool = False,
) -> Generator[Parsed, None, None]:
    """Each of ``paths`` parsed, in order, each as soon as it (and those before it) is ready.

    Cached notes come at once; the rest as they are parsed, so a caller can show the first
    documents while later ones are still being read (the first ``head`` are read here one
    by one, before the pool starts: 0 when nobody shows them early). ``reuse`` holds notes
    (by relative path) known unchanged since they were read, taken as they are; ``keep``
    names such notes to the parse cache, whose entries for them stay. ``outline`` reads
    the notes without their items, with a cache of their own. Notes are read strictly as
    CommonMark when ``limits`` or the vault's ``.kb-tui/config.toml`` say so.
    """
    if not limits.strict_commonmark and strict_commonmark(root):  # the vault's own setting
        limits = replace(limits, strict_commonmark=True)
    if reuse:
        yield from _reusing(root, paths, limits, progress, scope, reuse)
        return
    cache = ParseCache.open(root, limits, scope, outline)
    cache.keep(keep)
    head = min(len(paths), head)
    for index in range(head):  # the first notes at once, so a viewer can show them
        yield _read_one(root, paths, index, limits, cache, None)
        if progress is not None:
            progress(index + 1, len(paths))
    cached: list[str | None] = [None] * len(paths)  # valid entries, decoded in their turn
    missing: list[int] = []
    if cache.holds_nothing():  # a first read: every note is parsed, none need be looked up
        missing = list(range(head, len(paths)))
    else:
        for index in range(head, len(paths)):
            key = _cache_key(paths[index])
            payload = cache.payload(relative(root, paths[index]), key) if key else None
            cached[index] = payload
            if payload is None:
                missing.append(index)
    jobs = pool_jobs(len(missing))
    parsed = (
        _parse_pool(root, paths, missing, limits, jobs, cache)
        if jobs
        else _parse_here(root, paths, missing, limits, cache)
    )
    try:
        for index in range(head, len(paths)):
            payload, cached[index] = cached[index], None
            if payload is not None:
                yield _read_one(root, paths, index, limits, cache, payload)
            else:
                yield next(parsed)
            if progress is not None:
                progress(index + 1, len(paths))
    finally:
        parsed.close()  # stops a pool early if the caller gives up
    cache.save()


def _reusing(
    root: Path,
    paths: list[Path],
    limits: Limits,
    progress: ProgressFn | None,
    scope: str,
    reuse: Mapping[str, Parsed],
) -> Generator[Parsed, None, None]:
    """:func:`read_notes` where most notes are known: only the others are read."""
    rels = [relative(root, path) for path in paths]
    fresh = [path for path, rel in zip(paths, rels, strict=True) if rel not in reuse]
    kept = [rel for rel in rels if rel in reuse]
    read = read_notes(root, fresh, limits, scope=scope, keep=kept)
    for done, rel in enumerate(rels, 1):
        yield reuse[rel] if rel in reuse else next(read)
        if progress is not None:
            progress(done, len(paths))
    for _ in read:  # nothing is left: this lets it save the parse cache
        pass


def _read_one(
    root: Path,
    paths: list[Path],
    index: int,
    limits: Limits,
    cache: ParseCache,
    payload: str | None,
) -> Parsed:
    """One note from its cache entry (``payload``, else looked up now), or parsed here."""
    rel = relative(root, paths[index])
    if payload is None:
        key = _cache_key(paths[index])
        payload = cache.payload(rel, key) if key else None
    hit = cache.decode(rel, payload) if payload is not None else None
    if hit is not None:
        return hit
    # Not cached, or an entry that does not decode: read the note.
    return next(_parse_here(root, paths, [index], limits, cache))


def _parse_here(
    root: Path, paths: list[Path], missing: list[int], limits: Limits, cache: ParseCache
) -> Generator[Parsed, None, None]:
    real_root = os.path.realpath(root)
    for index in missing:
        (doc, problems), key, templated = parse_one(
            root, paths[index], limits, cache.outline, real_root
        )
        if key is not None and doc is not None:
            rel = relative(root, paths[index])
            cache.put(rel, key, templated, pack(dump_parsed(doc, problems)))
        yield doc, problems


def _parse_pool(
    root: Path,
    paths: list[Path],
    missing: list[int],
    limits: Limits,
    jobs: int,
    cache: ParseCache,
) -> Generator[Parsed, None, None]:
    """The notes at ``missing``, parsed by ``jobs`` worker processes, yielded in order."""
    chunks = [missing[start : start + CHUNK] for start in range(0, len(missing), CHUNK)]
    with _pool(jobs) as pool:
        futures = deque(
            pool.submit(_worker, str(root), [str(paths[i]) for i in chunk], limits, cache.outline)
            for chunk in chunks
        )
        try:
            for chunk in chunks:
                future = futures.popleft()  # let go of each result once it is used
                try:
                    parsed_chunk = future.result()
                except Exception:  # a worker died (memory, signal): parse that chunk here
                    parsed_chunk = _worker(
                        str(root), [str(paths[i]) for i in chunk], limits, cache.outline
                    )
                del future
                for index, (packed, problems_data, key, templated) in zip(
                    chunk, parsed_chunk, strict=True
                ):
                    if key is not None and packed is not None:
                        rel = relative(root, paths[index])
                        cache.put(rel, key, templated, packed)
                    yield _decode(None if packed is None else unpack(packed), problems_data)
        finally:
            for pending in futures:
                pending.cancel()


def _decode(payload: str | None, problems_data: Any) -> Parsed:
    try:
        if payload is not None:
            return load_parsed(payload)
        return None, decode_problems(problems_data)
    except CodecError as exc:  # our own worker's output: cannot happen, but never crash
        return None, [Problem("", 0, "error", ProblemCode.PARSE_FAILED, f"could not parse: {exc}")]
