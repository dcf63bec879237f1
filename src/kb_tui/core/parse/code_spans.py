"""The one rule for inline code spans (```code```), in linear time.

CommonMark's rule: a run of backticks opens a code span that the next run of the SAME
length closes; a run that no later run of its length closes is literal text (and the
runs after it are read afresh). A span never crosses a newline here: most callers read a
line at a time, and the others (the search text of a whole note, a paragraph in the
viewer) must not take a backtick of one line for the close of another's. Backslashes
are not escapes (as before, and as inside code).

Runs are indexed by length once, so finding each closer costs no re-reading of the line:
hostile lines (thousands of backticks, or runs of many different lengths) stay linear.
Footnotes, wikilinks, tags, comments and highlights all ask here (:func:`split_code`,
:func:`replace_outside_code`, :class:`CodeSpans`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

_RUN_RE = re.compile(r"`+")


class CodeSpans:
    """The code spans of ``text``, found left to right by :meth:`next_span`."""

    def __init__(self, text: str) -> None:
        self._runs: list[tuple[int, int, int]] = []  # (start, end, line) of each run
        self._same: dict[int, list[int]] = {}  # run length -> indexes of its runs
        line, seen = 0, 0
        for match in _RUN_RE.finditer(text) if "`" in text else ():
            start, end = match.span()
            line += text.count("\n", seen, start)
            seen = start
            self._same.setdefault(end - start, []).append(len(self._runs))
            self._runs.append((start, end, line))
        self._pointer = dict.fromkeys(self._same, 0)  # the first run of a length still ahead
        self._index = 0  # the first run that may still open a span

    def next_span(self, pos: int = 0) -> tuple[int, int] | None:
        """(start, end) of the first code span that opens at or after ``pos``, reading the
        text afresh from ``pos``; None when there is none. Successive calls must not go
        back (``pos`` at least the last call's), which keeps a whole line's calls linear;
        asking again from the same place gives the same span."""
        runs = self._runs
        index = self._index
        while index < len(runs):
            start, end, line = runs[index]
            if start < pos:
                index += 1
                continue
            same = self._same[end - start]
            ahead = self._pointer[end - start]
            while ahead < len(same) and same[ahead] <= index:
                ahead += 1
            self._pointer[end - start] = ahead
            if ahead < len(same) and runs[same[ahead]][2] == line:
                self._index = index
                return start, runs[same[ahead]][1]
            index += 1  # no closer on its line: literal backticks
        self._index = index
        return None

    def __iter__(self) -> Iterator[tuple[int, int]]:
        """Every span of the text, read from its start (a fresh :class:`CodeSpans`)."""
        pos = 0
        while (span := self.next_span(pos)) is not None:
            yield span
            pos = span[1]


def split_code(text: str) -> Iterator[tuple[str, bool]]:
    """``text`` in pieces, in order: (piece, True) for each code span with its backticks,
    (piece, False) for the text between (empty pieces left out)."""
    done = 0
    if "`" in text:
        for start, end in CodeSpans(text):
            if start > done:
                yield text[done:start], False
            yield text[start:end], True
            done = end
    if done < len(text):
        yield text[done:], False


def replace_outside_code(text: str, change: Callable[[str], str]) -> str:
    """``text`` with ``change`` applied to the text between its code spans (spans kept)."""
    return "".join(piece if code else change(piece) for piece, code in split_code(text))
