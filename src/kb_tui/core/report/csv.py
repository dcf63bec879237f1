"""The CSV report: RFC 4180 (CRLF, quoted as needed), UTF-8, one header row, one table.

A row per item (``record`` ``item``) and, with ``--since``, a row per change in the period
after them (``record`` ``change``), so ``csv.reader`` and a spreadsheet read it as one table
and a filter on ``record`` separates the two. A change row fills the item columns with its
item (document, section path, text, kind, ID) and the values *after* the change (status,
owner, note, due; ``updated`` is when it changed), and the change columns with who made it
and the values before it (empty when unchanged) and the change in words.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, tab or carriage return
as a formula (CSV injection: ``=HYPERLINK(...)`` exfiltrating data, DDE commands). Every cell
is document or store text, so any cell that could be read that way gets a leading ``'``,
which spreadsheets show as plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from kb_tui.core.model.records import (
    ChangeRecord,
    DocumentRecord,
    ItemRecord,
    ReportRecord,
    SectionRecord,
)
from kb_tui.core.report.view import trail
from kb_tui.core.text import clean

ITEM_COLUMNS = (
    "document",
    "section path",
    "item",
    "kind",
    "status",
    "owner",
    "note",
    "updated",
    "id",
    "due",
    "overdue",  # "yes" or empty
)
CHANGE_COLUMNS = (
    "record",  # "item" or "change"
    "changed by",
    "status from",
    "owner from",
    "note from",
    "due from",
    "change",
)
HEADER = ITEM_COLUMNS + CHANGE_COLUMNS
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


def _cells(values: list[object]) -> list[str]:
    return [neutralise(clean("" if c is None else str(c))) for c in values]


def _item_cells(doc: str, item: ItemRecord) -> list[object]:
    return [
        doc,
        PATH_SEPARATOR.join(trail(item["path"][1:])),
        item["text"],
        item["kind"],
        item["status"],
        item["owner"],
        item["note"],
        item["updated"] or "",
        item["id"],
        item["due"] or "",
        "yes" if item["overdue"] else "",
    ]


def rows(report: ReportRecord) -> Iterator[list[str]]:
    """Data rows in report order (items, then changes), cells cleaned and neutralised."""
    where: dict[str, tuple[str, ItemRecord]] = {}
    for doc in report["documents"]:
        for item in _items(doc):
            where[item["id"]] = (doc["path"], item)
            yield _cells([*_item_cells(doc["path"], item), "item", "", "", "", "", "", ""])
    for group in report.get("changes", []):
        for change in group["changes"]:
            yield _cells(_change_cells(group["layer"], change, where.get(change["item"])))


def _change_cells(
    layer: str, change: ChangeRecord, found: tuple[str, ItemRecord] | None
) -> list[object]:
    if found is not None:
        doc, item = found
        section, kind = PATH_SEPARATOR.join(trail(item["path"][1:])), item["kind"]
    else:  # an item of the period no longer in the vault: its ID still names its note
        doc, section, kind = change["item"].split("#", 1)[0], layer, ""
    return [
        doc,
        section,
        change["text"],
        kind,
        change["to"] or "",
        change["owner"],
        change["note"],
        change["time"],
        change["item"],
        change["due"],
        "",
        "change",
        change["user"],
        change["from"] or "",
        change["owner_from"],
        change["note_from"],
        change["due_from"],
        change["what"],
    ]


def render_csv(report: ReportRecord) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    writer.writerows(rows(report))
    return buffer.getvalue()
