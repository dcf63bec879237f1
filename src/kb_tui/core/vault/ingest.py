"""One read file to a document, or to the problems that say why it is not one.

Runs in the parse pool's workers: the one-note checks (fences and Templater leftovers, found
by :func:`~kb_tui.core.parse.document.build_document`; repeated headings) are made here so a
worker does them, not the main process.
"""

from __future__ import annotations

from kb_tui.core.limits import Limits
from kb_tui.core.model import Document, Problem
from kb_tui.core.model.formats import REPORT_MARKER
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.checks import heading_repeats
from kb_tui.core.parse.document import build_document
from kb_tui.core.text import decode_bytes
from kb_tui.core.vault.files import RawFile

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
        return None, [Problem(raw.rel_path, 0, "error", ProblemCode.UNREADABLE, raw.error)]
    if looks_binary(raw.data):
        return None, [
            Problem(
                raw.rel_path, 0, "error", ProblemCode.BINARY, "binary file, not Markdown: skipped"
            )
        ]
    text, encoding = decode_bytes(raw.data)
    if text.startswith(REPORT_MARKER):
        return None, [
            Problem(
                raw.rel_path,
                1,
                "info",
                ProblemCode.KB_TUI_REPORT,
                "a kb-tui report: not read as a note",
            )
        ]
    problems: list[Problem] = []
    if encoding.endswith("(with replacements)"):
        problems.append(
            Problem(
                raw.rel_path,
                0,
                "warning",
                ProblemCode.ENCODING,
                "not valid UTF-8: undecodable bytes shown as �",
            )
        )
    if raw.truncated:
        problems.append(
            Problem(
                raw.rel_path,
                0,
                "warning",
                ProblemCode.FILE_TOO_LARGE,
                f"file of {raw.size:,} bytes shown truncated to {limits.max_file_bytes:,} bytes",
            )
        )
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
            Problem(raw.rel_path, 0, "error", ProblemCode.PARSE_FAILED, f"could not parse: {exc}")
        )
        return None, problems
    doc.truncated = raw.truncated
    doc.repeats = heading_repeats(doc)
    return doc, problems + found
