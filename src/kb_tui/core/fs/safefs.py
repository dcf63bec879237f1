"""Writing inside a vault without following symbolic links.

A vault arrives through git, and so can links under it: ``.kb-tui`` pointing at the user's
home, ``history.jsonl`` pointing at ``~/.bashrc``. Everything kb-tui creates or writes in a
vault (status store, history, lock, backups, reports, repaired notes) goes through
:class:`SafeDir`: the folder is reached from a trusted *anchor* (the vault root, or a folder
the user named) one component at a time with ``O_NOFOLLOW``, and files in it are opened
relative to that folder's descriptor, again with ``O_NOFOLLOW``. A link met on the way is
never followed: it raises :class:`LinkRefused`, an :class:`OSError` naming the link.

The anchor itself is trusted: the user chose it (the vault path given on the command line,
their own state directory, the folder of an ``-o`` file outside the vault).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

_DIR_FLAGS = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC


class LinkRefused(OSError):
    """A symbolic link (or other non-regular entry) where kb-tui was about to write."""

    def __init__(self, path: Path | str, what: str = "a symbolic link") -> None:
        super().__init__(errno.ELOOP, f"{what}; kb-tui never writes through one", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


class LockTimeout(OSError):
    """Another process held the lock for longer than the timeout."""


def split_anchor(path: Path, root: Path | None) -> tuple[Path, tuple[str, ...]] | None:
    """The vault ``root`` and the folders below it that lead to ``path``, or ``None``.

    ``path`` is in the vault by its own spelling, or through a link the user typed to reach
    the vault (``vault-link/.kb-tui/status.yaml``); ``None`` when it is outside it.
    """
    if root is None:
        return None
    full = Path(os.path.abspath(path))
    base = Path(os.path.abspath(root))
    if full.is_relative_to(base) and full != base:
        return base, full.parent.relative_to(base).parts
    real_root = os.path.realpath(base)
    for ancestor in full.parents:
        if os.path.realpath(ancestor) == real_root:
            return base, full.parent.relative_to(ancestor).parts
    return None


def in_vault(path: Path, root: Path) -> bool:
    """Whether writing ``path`` would write inside the vault ``root``."""
    return split_anchor(path, root) is not None


class SafeDir:
    """An open folder reached without following links; files are opened relative to it."""

    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path

    @classmethod
    @contextmanager
    def open(
        cls, anchor: Path, parts: Sequence[str] = (), create: bool = True
    ) -> Iterator[SafeDir]:
        """Open ``anchor/parts…``; missing folders below the anchor are made when ``create``.

        The anchor itself is never made here: a vault that was deleted is not recreated.
        """
        fd = os.open(anchor, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        where = anchor
        try:
            for part in parts:
                where = where / part
                if create:
                    with suppress(FileExistsError):
                        os.mkdir(part, 0o755, dir_fd=fd)
                child = _open_child_dir(fd, part, where)
                os.close(fd)
                fd = child
            yield cls(fd, where)
        finally:
            os.close(fd)

    # -- entries ---------------------------------------------------------------------
    def lstat(self, name: str) -> os.stat_result | None:
        try:
            return os.stat(name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def _regular_or_missing(self, name: str) -> os.stat_result | None:
        info = self.lstat(name)
        if info is not None and stat.S_ISLNK(info.st_mode):
            raise LinkRefused(self.path / name)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise LinkRefused(self.path / name, "not a regular file")
        return info

    def open_file(self, name: str, flags: int, mode: int = 0o644) -> int:
        """``os.open`` of ``name`` in this folder, never through a link; regular files only."""
        try:
            fd = os.open(name, flags | os.O_NOFOLLOW | os.O_CLOEXEC, mode, dir_fd=self.fd)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                raise LinkRefused(self.path / name) from None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise LinkRefused(self.path / name, "not a regular file")
        return fd

    def read_bytes(self, name: str, limit: int) -> bytes | None:
        """Up to ``limit`` bytes of ``name`` (``None`` when missing), never through a link."""
        try:
            fd = self.open_file(name, os.O_RDONLY | os.O_NONBLOCK)
        except FileNotFoundError:
            return None
        try:
            return read_fd(fd, limit)
        finally:
            os.close(fd)

    def replace(self, name: str, data: bytes, durable: bool = True) -> None:
        """Write ``name`` atomically: a temporary file beside it, fsync, rename.

        A link or a non-regular file at ``name`` is refused (renaming would replace it).
        An existing file's permissions are kept; a new file gets rw-r--r--.
        """
        info = self._regular_or_missing(name)
        mode = stat.S_IMODE(info.st_mode) if info is not None else 0o644
        tmp = f".{name[:200]}.{secrets.token_hex(6)}.tmp"
        fd = self.open_file(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            try:
                os.fchmod(fd, mode)
                _write_all(fd, data)
                if durable:
                    os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
        except BaseException:
            with suppress(OSError):
                os.unlink(tmp, dir_fd=self.fd)
            raise
        if durable:
            with suppress(OSError):
                os.fsync(self.fd)

    def append(self, name: str, data: bytes) -> int:
        """Append ``data`` to ``name`` as whole lines; returns the size before the append.

        A file whose last line was cut short (a killed writer, a full disk) first gets the
        newline it lacks, so the cut line never swallows the first line appended here.
        """
        fd = self.open_file(name, os.O_RDWR | os.O_APPEND | os.O_CREAT)
        size = os.fstat(fd).st_size
        try:
            if size and os.pread(fd, 1, size - 1) != b"\n":
                data = b"\n" + data
            _write_all(fd, data)
            os.fsync(fd)
        except BaseException:
            with suppress(OSError):  # leave no partial line behind
                os.ftruncate(fd, size)
            raise
        finally:
            os.close(fd)
        return size

    def truncate(self, name: str, size: int) -> None:
        """Cut ``name`` back to ``size`` bytes (undoing an append)."""
        fd = self.open_file(name, os.O_WRONLY)
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(fd)

    @contextmanager
    def locked(self, name: str, timeout: float) -> Iterator[None]:
        """Hold an exclusive ``flock`` on ``name`` (created, never truncated, never a link)."""
        import fcntl  # POSIX only, as is everything kb-tui writes

        fd = self.open_file(name, os.O_RDWR | os.O_CREAT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise LockTimeout(errno.EAGAIN, "locked by another process") from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    def mkdir(self, name: str) -> None:
        """Make a new folder ``name`` here; raises :class:`FileExistsError` if it exists."""
        os.mkdir(name, 0o755, dir_fd=self.fd)


@contextmanager
def safe_dir_for(path: Path, root: Path | None, create: bool = True) -> Iterator[SafeDir]:
    """The :class:`SafeDir` of ``path``'s folder.

    Inside the vault ``root`` every folder from the root down is checked; outside it the
    folder is the user's own choice (made when missing and ``create``).
    """
    inside = split_anchor(path, root)
    parts: tuple[str, ...] = ()
    if inside is None:
        folder_path = Path(os.path.abspath(path)).parent
        if create:
            folder_path.mkdir(parents=True, exist_ok=True)
        anchor = folder_path
    else:
        anchor, parts = inside
    with SafeDir.open(anchor, parts, create=create) as folder:
        yield folder


def _open_child_dir(parent: int, name: str, where: Path) -> int:
    try:
        return os.open(name, _DIR_FLAGS, dir_fd=parent)
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            raise
        info = os.stat(name, dir_fd=parent, follow_symlinks=False)
        raise LinkRefused(
            where, "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a folder"
        ) from None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def read_fd(fd: int, limit: int) -> bytes:
    """Up to ``limit`` bytes from an open file, in 1 MiB reads (a cap, never a hang)."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
