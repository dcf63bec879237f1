"""A file's bytes as lines, so a repair replaces exactly one line's bytes and nothing else.

Repairs must keep every other byte — CRLF or lone-CR line endings, a UTF-8 BOM, trailing
whitespace — so they are planned on the raw bytes. Lines are split the way
:func:`kb_tui.core.text.decode_bytes` counts them (CRLF, CR and LF all end a line), so line
numbers agree with the ones the parser reports.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_LINE_RE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ENDING_RE = re.compile(rb"(?:\r\n|\r|\n)\Z")


@dataclass
class RawLines:
    """``data`` split into lines that keep their endings; ``bom`` is kept apart."""

    bom: bytes
    lines: list[bytes]

    @classmethod
    def from_bytes(cls, data: bytes) -> RawLines:
        bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
        return cls(bom, _LINE_RE.findall(data[len(bom) :]))

    def content(self, index: int) -> bytes:
        """Line ``index`` (0-based) without its ending."""
        line = self.lines[index]
        match = _ENDING_RE.search(line)
        return line[: match.start()] if match else line

    def replace(self, index: int, content: bytes) -> None:
        """Swap line ``index``'s bytes for ``content``, keeping its line ending."""
        line = self.lines[index]
        match = _ENDING_RE.search(line)
        self.lines[index] = content + (line[match.start() :] if match else b"")

    def texts(self) -> list[str]:
        """Every line decoded as UTF-8, without endings (raises UnicodeDecodeError)."""
        return [self.content(i).decode("utf-8") for i in range(len(self.lines))]

    def to_bytes(self) -> bytes:
        return self.bom + b"".join(self.lines)


def not_repairable(data: bytes) -> str:
    """Why repairs cannot be made byte-exactly on ``data``, or ``""`` when they can."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 file: not repaired"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "not valid UTF-8: not repaired"
    return ""
