"""Read a vault in a second process while the explorer starts, so both cores work.

Textual's start-up and the parse are both CPU-bound Python, which one process runs one
after the other (the GIL). On POSIX a forked child reads the vault and sends the finished
:class:`~kb_tui.core.workspace.Workspace` back through a pipe (pickled: the data comes from
our own child, never from a file), while the parent imports and starts Textual. Where
``fork`` is missing or fails, a thread does the same work in-process.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kb_tui.core.workspace import Workspace


class PreloadError(Exception):
    """The child could not read the vault; the message is its one-line reason."""


class Pending:
    """A result that arrives later (``concurrent.futures`` would cost start-up time)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._value: Workspace | None = None
        self._error: BaseException | None = None

    def set_result(self, value: Workspace) -> None:
        self._value = value
        self._event.set()

    def set_exception(self, error: BaseException) -> None:
        self._error = error
        self._event.set()

    def done(self) -> bool:
        return self._event.is_set()

    def exception(self) -> BaseException | None:
        self._event.wait()
        return self._error

    def result(self, timeout: float | None = None) -> Workspace:
        """The workspace; raises the reader's error, or TimeoutError."""
        if not self._event.wait(timeout):
            raise TimeoutError("the vault is still being read")
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def _open(path: Path | None, store: Path | None) -> Workspace:
    from kb_tui.core.workspace import open_workspace

    return open_workspace(path, store)


def start(path: Path | None, store: Path | None) -> Pending:
    """Begin reading ``path``; the future holds the workspace or the reason it failed."""
    future = Pending()
    if hasattr(os, "fork"):
        try:
            _fork(path, store, future)
            return future
        except OSError:
            pass
    threading.Thread(
        target=_in_thread, args=(path, store, future), daemon=True, name="kb-tui-preload"
    ).start()
    return future


def _in_thread(path: Path | None, store: Path | None, future: Pending) -> None:
    try:
        future.set_result(_open(path, store))
    except BaseException as exc:  # handed to the app, which reports it
        future.set_exception(exc)


def _fork(path: Path | None, store: Path | None, future: Pending) -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, leave without running the parent's exit handlers
        # The collector stays paused as the parent left it (cli.run_explorer): this child
        # lives only to read the vault, and it reads it faster that way.
        import pickle

        os.close(read_end)
        status = 0
        try:
            payload = pickle.dumps(("ok", _open(path, store)), pickle.HIGHEST_PROTOCOL)
        except BaseException as exc:
            payload = pickle.dumps(("error", f"{type(exc).__name__}: {exc}"))
            status = 1
        try:
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        finally:
            os._exit(status)
    os.close(write_end)
    threading.Thread(
        target=_receive, args=(pid, read_end, future), daemon=True, name="kb-tui-preload"
    ).start()


def _receive(pid: int, read_end: int, future: Pending) -> None:
    import pickle  # here, off the main thread's start-up path

    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    try:
        kind, value = pickle.loads(data)
    except Exception as exc:
        future.set_exception(PreloadError(f"the vault reader stopped: {exc}"))
        return
    if kind == "ok":
        future.set_result(value)
    else:
        future.set_exception(PreloadError(str(value)))
