"""Read a vault in a second process while the explorer starts, and stream it in.

Textual's start-up and the parse are both CPU-bound Python, which one process runs one
after the other (the GIL). On POSIX a forked child reads the vault and sends the documents
back through a pipe in batches as it reads them (pickled: the data comes from our own
child, never from a file), while the parent imports and starts Textual; the explorer shows
the first batch at once and grows its tree as the rest arrives. Where ``fork`` is missing
or fails, a thread does the same work in-process.

Messages, in order: any number of ``("batch", documents, problems, done, total)``, then
``("end", root, name)`` — or ``("error", reason)`` at any point.

A huge note crosses the pipe as the codec's plain lists (:mod:`kb_tui.core.vault.codec`), not as
pickled objects: unpickling a note of 100,000 headings holds the interpreter for 0.4 s,
which the explorer's UI thread would feel; lists unpickle in a third of that, and turning
them into a document is Python that shares the interpreter with the UI.
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kb_tui.core.model import Document, Problem
    from kb_tui.core.workspace.open import Workspace

Message = tuple[Any, ...]
HUGE_TEXT = 256 * 1024  # characters: notes this long are sent as plain lists
ENCODED = "kb-tui-encoded"


class PreloadError(Exception):
    """The reader could not read the vault; the message is its one-line reason."""


class Pending:
    """The messages of a vault being read elsewhere (``concurrent.futures`` costs start-up)."""

    def __init__(self, path: Path | None, store: Path | None) -> None:
        self.path = path
        self.store = store
        self._cond = threading.Condition()
        self._messages: deque[Message] = deque()
        self._finished = False

    def put(self, message: Message) -> None:
        with self._cond:
            if self._finished:
                return
            self._messages.append(message)
            self._finished = message[0] in ("end", "error")
            self._cond.notify_all()

    def finished(self) -> bool:
        """True once the last message (the end or an error) has arrived."""
        with self._cond:
            return self._finished

    def messages(self) -> Iterator[Message]:
        """Every message in order, waiting for each; stops after the end or an error."""
        while True:
            with self._cond:
                while not self._messages:
                    self._cond.wait()
                message = self._messages.popleft()
            yield message
            if message[0] in ("end", "error"):
                return

    def workspace(self) -> Workspace:
        """Wait for the whole vault and assemble its workspace; raises PreloadError."""
        documents: list[Document] = []
        problems: list[Problem] = []
        for message in self.messages():
            if message[0] == "batch":
                documents.extend(message[1])
                problems.extend(message[2])
            elif message[0] == "error":
                raise PreloadError(str(message[1]))
            else:
                return assemble(self, message[1], message[2], documents, problems)
        raise PreloadError("the vault reader stopped")  # pragma: no cover (messages() ends)


def assemble(
    pending: Pending, root: Path, name: str, documents: list[Document], problems: list[Problem]
) -> Workspace:
    """The workspace of streamed documents: links resolved, statuses applied."""
    # Imported when the streamed read is assembled, not by start(): the explorer's start-up
    # (a first frame on the clock) never waits for the loader.
    from kb_tui.core.links.resolve import resolve_links
    from kb_tui.core.model import KnowledgeBase
    from kb_tui.core.workspace.open import finish_workspace

    kb = KnowledgeBase(root=root, documents=documents, problems=problems, name=name)
    resolve_links(kb)
    return finish_workspace(pending.path, pending.store, kb)


def _read(path: Path | None, send: Any) -> None:
    """Read the vault, sending batches and the end through ``send``; never raises."""
    try:
        # The reader process imports the loader; the explorer's process never does.
        from kb_tui.core.fs.paths import default_path
        from kb_tui.core.workspace.load import load_kb

        def batch(docs: list[Document], problems: list[Problem], done: int, total: int) -> None:
            send(("batch", docs, problems, done, total))

        kb = load_kb(path or default_path(), on_batch=batch, resolve=False)
        send(("end", kb.root, kb.name))
    except BaseException as exc:  # handed to the app, which reports it
        send(("error", f"{type(exc).__name__}: {exc}"))


def _portable(doc: Document) -> Any:
    """``doc`` as it crosses the pipe: itself, or a huge one as plain lists."""
    if len(doc.text) < HUGE_TEXT:
        return doc
    from kb_tui.core.vault.codec import encode_document  # only huge notes are encoded

    return (ENCODED, encode_document(doc))


def _restored(message: Message) -> Message:
    """A received batch with its huge notes turned back into documents."""
    if message[0] != "batch" or not any(isinstance(doc, tuple) for doc in message[1]):
        return message
    from kb_tui.core.vault.codec import decode_document  # only huge notes are encoded

    docs = [decode_document(d[1]) if isinstance(d, tuple) else d for d in message[1]]
    return (message[0], docs, *message[2:])


def start(path: Path | None, store: Path | None) -> Pending:
    """Begin reading ``path``; the returned object streams what is read."""
    pending = Pending(path, store)
    if hasattr(os, "fork"):
        try:
            _fork(path, pending)
            return pending
        except OSError:
            pass
    threading.Thread(
        target=_read, args=(path, pending.put), daemon=True, name="kb-tui-preload"
    ).start()
    return pending


def _fork(path: Path | None, pending: Pending) -> None:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read, send, leave without running the parent's exit handlers
        # The collector stays paused as the parent left it (cli.run_explorer): this child
        # lives only to read the vault, and it reads it faster that way.
        import pickle

        os.close(read_end)
        status = 0
        try:
            with os.fdopen(write_end, "wb") as pipe:

                def send(message: Message) -> None:
                    if message[0] == "batch":
                        message = ("batch", [_portable(doc) for doc in message[1]], *message[2:])
                    data = pickle.dumps(message, pickle.HIGHEST_PROTOCOL)
                    pipe.write(len(data).to_bytes(8, "little") + data)
                    pipe.flush()

                _read(path, send)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_end)
    threading.Thread(
        target=_receive, args=(pid, read_end, pending), daemon=True, name="kb-tui-preload"
    ).start()


def _receive(pid: int, read_end: int, pending: Pending) -> None:
    import pickle  # here, off the main thread's start-up path

    with os.fdopen(read_end, "rb") as pipe:
        while not pending.finished():
            header = pipe.read(8)
            if len(header) < 8:
                pending.put(("error", "the vault reader stopped before the end"))
                break
            data = pipe.read(int.from_bytes(header, "little"))
            try:
                message = _restored(pickle.loads(data))
            except Exception as exc:
                pending.put(("error", f"the vault reader stopped: {exc}"))
                break
            pending.put(message)
    os.waitpid(pid, 0)
