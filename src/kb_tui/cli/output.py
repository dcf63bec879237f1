"""Every line the command line prints passes through :func:`safe` — no command can forget.

File names, item text, notes and store IDs come from vaults nobody vetted. A name such as
``$'evil\\x1b]0;PWNED\\x07.md'`` printed raw retitles the terminal; worse sequences rewrite
the screen or the clipboard. So the headless commands run inside :func:`guarded_streams`,
which wraps ``sys.stdout`` and ``sys.stderr`` (argparse's messages included): whatever is
written loses its control characters (C0 but tab and newline, DEL, C1, bidi overrides), and
text that is not valid Unicode (a lone surrogate from an undecodable name) is repaired
rather than crashing the write. :func:`line` also folds a newline *inside* a record (a file
name holding one) into ``␤``, so one record is always one line.

The only control sequences that get through are kb-tui's own: the five colours of
``kb-tui fix``'s diff, and the carriage return of the progress bar (:func:`progress`).
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from kb_tui.core.text import valid_unicode

# kb-tui's own diff colours (kb_tui.core.doctor.diff) are kept; every other control goes.
_KEEP_OR_DROP = re.compile(
    "(\x1b\\[(?:31|32|36|1|0)m)"
    "|[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)
NEWLINE_MARK = "\u2424"  # ␤


def safe(text: str) -> str:
    """``text`` as it may reach a terminal: valid Unicode, no control sequences."""
    text = valid_unicode(text)
    if _KEEP_OR_DROP.search(text) is None:
        return text
    return _KEEP_OR_DROP.sub(lambda m: m.group(1) or "", text)


def one_line(text: str) -> str:
    """:func:`safe`, with newlines inside the record shown as ``␤``."""
    return safe(text).replace("\n", NEWLINE_MARK)


class SafeStream(io.TextIOBase):
    """A text stream that passes everything written through :func:`safe`."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(safe(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.raw.encoding


@contextmanager
def guarded_streams() -> Iterator[None]:
    """Run the body with ``sys.stdout`` and ``sys.stderr`` wrapped in :class:`SafeStream`."""
    saved = sys.stdout, sys.stderr
    sys.stdout = SafeStream(saved[0])
    sys.stderr = SafeStream(saved[1])
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        finally:
            sys.stdout, sys.stderr = saved


def line(text: str, stream: TextIO | None = None) -> None:
    """Print one record (stdout by default) as exactly one line."""
    (stream or sys.stdout).write(one_line(text) + "\n")


def plain(text: str) -> None:
    """Print one line of a multi-line report to stdout, controls stripped, as it is."""
    sys.stdout.write(safe(text) + "\n")


def document(text: str) -> None:
    """Print multi-line text (a report) to stdout as it is, newlines kept."""
    sys.stdout.write(safe(text))
    sys.stdout.flush()


def error(message: str) -> None:
    """``kb-tui: message`` on stderr, one line."""
    line(f"kb-tui: {message}", sys.stderr)


def progress(text: str) -> None:
    """Redraw a one-line progress display on stderr (``\\r``: the same line again)."""
    stream = sys.stderr.raw if isinstance(sys.stderr, SafeStream) else sys.stderr
    stream.write("\r" + one_line(text))
    stream.flush()
