"""The CSV report: one row per item, RFC 4180 (CRLF, quoted as needed), UTF-8, header row.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
as a formula (CSV injection: ``=HYPERLINK(...)`` exfiltrating data, DDE commands). Every cell
is document or store text, so any cell that could be read that way gets a leading ``'``,
which spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from kb_tui.core.model.records import DocumentRecord, ItemRecord, ReportRecord, SectionRecord
from kb_tui.core.report.view import trail
from kb_tui.core.text import clean

HEADER = ("document", "section path", "item", "kind", "status", "owner", "note", "updated", "id")
PATH_SEPARATOR = " > "
# ASCII triggers and their full-width forms (some spreadsheets normalise those).
_FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")


def neutralise(cell: str) -> str:
    """Prefix ``'`` when a spreadsheet could take the cell (leading spaces aside) as a formula."""
    stripped = cell.lstrip(" ")
    if stripped and (stripped[0] in _FORMULA_START or cell[0] in _FORMULA_START):
        return "'" + cell
    return cell


def _items(node: DocumentRecord | SectionRecord) -> Iterator[ItemRecord]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield from current.get("items", [])
        stack.extend(reversed(current["sections"]))


def rows(report: ReportRecord) -> Iterator[list[str]]:
    """Data rows in report order, cells cleaned and neutralised."""
    for doc in report["documents"]:
        for item in _items(doc):
            cells = [
                doc["path"],
                PATH_SEPARATOR.join(trail(item["path"][1:])),
                item["text"],
                item["kind"],
                item["status"],
                item["owner"],
                item["note"],
                item["updated"] or "",
                item["id"],
            ]
            yield [neutralise(clean(str(c))) for c in cells]


def render_csv(report: ReportRecord) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows(report))
    return buffer.getvalue()
