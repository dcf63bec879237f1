"""Find and read a vault's Markdown files safely, and assemble the knowledge base.

Only regular files inside the root are read (opened non-blocking, so a FIFO cannot hang
us), symlinks are followed only while they stay inside the root, and every file is read
up to a size cap. A file that cannot be read becomes a problem, never an exception.
"""

from __future__ import annotations

import datetime as dt
import os
import stat
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.fs.paths import relative, resolve_root
from kb_tui.core.fs.safefs import read_fd
from kb_tui.core.limits import Limits
from kb_tui.core.links.resolve import resolve_links
from kb_tui.core.model import Document, KnowledgeBase, Problem
from kb_tui.core.model.formats import REPORT_MARKER
from kb_tui.core.text import decode_bytes

SKIP_DIRS = frozenset({".git", ".obsidian", ".trash", "node_modules", ".kb-tui"})
ProgressFn = Callable[[int, int], None]
BatchFn = Callable[[list[Document], list[Problem], int, int], None]
FIRST_BATCH_SECONDS = 0.0  # the first document is shown at once…
BATCH_SECONDS = 0.25  # …then the tree grows a few times a second


@dataclass
class RawFile:
    """A file's bytes (possibly truncated) and its times, or the reason it could not be read."""

    rel_path: str
    data: bytes = b""
    truncated: bool = False
    size: int = 0
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    error: str = ""
    key: list[int] | None = None  # [size, mtime_ns, ctime_ns]: the parse cache's key


def iter_markdown(root: Path) -> Iterator[Path]:
    """Every ``*.md`` below ``root`` in sorted order, skipping hidden and tool folders."""
    real_root = os.path.realpath(root)
    seen_dirs: set[str] = set()
    stack = [root]
    found: list[Path] = []
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs or not _inside(real, real_root):
            continue
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in SKIP_DIRS:
                continue
            try:
                if entry.is_dir():
                    stack.append(Path(entry.path))
                elif entry.name.lower().endswith(".md"):
                    found.append(Path(entry.path))
            except OSError:  # e.g. a symlink loop: a .md is still listed, so it is reported
                if entry.name.lower().endswith(".md"):
                    found.append(Path(entry.path))
    yield from sorted(found, key=lambda p: relative(root, p))


def _inside(real: str, real_root: str) -> bool:
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def read_file(path: Path, root: Path, limits: Limits, real_root: str = "") -> RawFile:
    """Read one file's bytes within the caps; problems are returned in ``error``.

    ``real_root``: ``root`` with its symbolic links resolved, when the caller has it.
    """
    rel = relative(root, path)
    raw = RawFile(rel)
    real = os.path.realpath(path)
    if not _inside(real, real_root or os.path.realpath(root)):
        raw.error = "symbolic link to a file outside the vault: not read"
        return raw
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raw.error = f"cannot open: {exc.strerror or exc}"
        return raw
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raw.error = "not a regular file (device, FIFO or socket): not read"
            return raw
        raw.size = info.st_size
        raw.key = [info.st_size, info.st_mtime_ns, info.st_ctime_ns]
        raw.modified = dt.datetime.fromtimestamp(info.st_mtime)
        birth = getattr(info, "st_birthtime", None)
        raw.created = dt.datetime.fromtimestamp(birth if birth else info.st_ctime)
        data = read_fd(fd, limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            data, raw.truncated = data[: limits.max_file_bytes], True
        raw.data = data
    except OSError as exc:
        raw.error = f"cannot read: {exc.strerror or exc}"
    finally:
        os.close(fd)
    return raw


_BINARY_CONTROLS = bytes([*range(0x00, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)])


def looks_binary(data: bytes) -> bool:
    """True for data that is not UTF-16 text and has many NUL bytes or other C0 controls."""
    sample = data[:8192]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    if sample.count(b"\x00") > max(1, len(sample) // 100):
        return True
    controls = len(sample) - len(sample.translate(None, _BINARY_CONTROLS))
    return controls > max(8, len(sample) // 10)


def parse_raw(
    raw: RawFile, limits: Limits, outline: bool = False
) -> tuple[Document | None, list[Problem]]:
    """Turn a read file into a document (or just problems); never raises.

    ``outline``: the document without its checklist items (for ``check``).
    """
    if raw.error:
        return None, [Problem(raw.rel_path, 0, "error", "unreadable", raw.error)]
    if looks_binary(raw.data):
        return None, [
            Problem(raw.rel_path, 0, "error", "binary", "binary file, not Markdown: skipped")
        ]
    text, encoding = decode_bytes(raw.data)
    if text.startswith(REPORT_MARKER):
        return None, [
            Problem(raw.rel_path, 1, "info", "kb-tui-report", "a kb-tui report: not read as a note")
        ]
    problems: list[Problem] = []
    if encoding.endswith("(with replacements)"):
        problems.append(
            Problem(
                raw.rel_path,
                0,
                "warning",
                "encoding",
                "not valid UTF-8: undecodable bytes shown as �",
            )
        )
    if raw.truncated:
        problems.append(
            Problem(
                raw.rel_path,
                0,
                "warning",
                "file-too-large",
                f"file of {raw.size:,} bytes shown truncated to {limits.max_file_bytes:,} bytes",
            )
        )
    from kb_tui.core.parse.document import build_document  # the parser: not needed for cached notes

    try:
        doc, found = build_document(
            raw.rel_path,
            text,
            created=raw.created,
            modified=raw.modified,
            limits=limits,
            outline=outline,
        )
    except (RecursionError, MemoryError, ValueError) as exc:  # defence in depth
        problems.append(
            Problem(raw.rel_path, 0, "error", "parse-failed", f"could not parse: {exc}")
        )
        return None, problems
    doc.truncated = raw.truncated
    from kb_tui.core.doctor.detect import heading_repeats, text_findings

    doc.findings = text_findings(doc.path, doc.text)  # here, so a pool worker does it
    doc.repeats = heading_repeats(doc)
    return doc, problems + found


def load_kb(
    path: Path,
    limits: Limits | None = None,
    progress: ProgressFn | None = None,
    on_batch: BatchFn | None = None,
    resolve: bool = True,
    reuse: Mapping[str, tuple[Document, list[Problem]]] | None = None,
    outline: bool = False,
) -> KnowledgeBase:
    """Read a vault folder or a single Markdown file into a :class:`KnowledgeBase`.

    ``on_batch`` receives the documents and problems read since its last call, with the
    count done and the total: soon after the first notes, then every few tenths of a
    second, and once at the end (before links are resolved), so a caller can show a vault
    while it is still being read. ``resolve=False`` leaves link resolution to the caller.
    ``reuse`` holds notes known unchanged (see :func:`reusable`), which are not read again.
    ``outline``: documents without their checklist items (``check``; a cache of its own).
    """
    limits = limits or Limits.from_env()
    root, files = resolve_root(path)
    paths = files if files is not None else list(iter_markdown(root))
    kb = KnowledgeBase(root=root, name=root.name)
    from kb_tui.core.vault.index import HEAD, gc_paused, read_notes

    total = len(paths)
    scope = paths[0].name if files is not None and paths else ""
    docs: list[Document] = []
    problems: list[Problem] = []
    wait, last = FIRST_BATCH_SECONDS, time.monotonic()
    with gc_paused():
        head = HEAD if on_batch is not None else 0  # only a streaming caller shows them early
        notes = read_notes(root, paths, limits, progress, scope, reuse, head, outline=outline)
        for done, (doc, found) in enumerate(notes, 1):
            kb.problems.extend(found)
            if doc is not None:
                kb.documents.append(doc)
            if on_batch is None:
                continue
            problems.extend(found)
            if doc is not None:
                docs.append(doc)
            if done < total and time.monotonic() - last >= wait:
                on_batch(docs, problems, done, total)
                docs, problems = [], []
                wait, last = BATCH_SECONDS, time.monotonic()
    if on_batch is not None:
        on_batch(docs, problems, total, total)
    if files is not None and kb.documents:
        kb.name = kb.documents[0].title
    if resolve:
        resolve_links(kb)
    return kb


def reusable(
    kb: KnowledgeBase, changed: Iterable[str]
) -> dict[str, tuple[Document, list[Problem]]]:
    """``kb``'s notes other than the ``changed`` paths, each with the problems its reading
    found: what a reload after those changes can take as it is.

    Links are resolved again by the reload, and statuses applied again, so a note's own
    problems are those of its reading: neither its link problems nor the store's.
    """
    from kb_tui.core.links.resolve import BLOCK_MISSING, HEADING_MISSING, UNRESOLVED

    skip = set(changed)
    later = {UNRESOLVED, HEADING_MISSING, BLOCK_MISSING}
    own: dict[str, list[Problem]] = {}
    for problem in kb.problems:
        if problem.code not in later:
            own.setdefault(problem.path, []).append(problem)
    return {doc.path: (doc, own.get(doc.path, [])) for doc in kb.documents if doc.path not in skip}
