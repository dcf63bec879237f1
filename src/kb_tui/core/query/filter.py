"""Filters for reports: by status, document glob, owner and text; summaries then say so.

The text keeps what the tree filter keeps (:mod:`kb_tui.core.query.kb_filter`, the one rule):
an item whose text matches, and every item under a matching heading.

Filtering works on the ``kb-tui/report@1`` data rather than on the model, so every exporter
(and the TUI's export dialog) filters the same way and the JSON report shows what was kept.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kb_tui.core.model import STATUSES, KnowledgeBase
from kb_tui.core.model.due import OVERDUE
from kb_tui.core.model.progress import LABELS, Summary
from kb_tui.core.model.records import (
    ItemRecord,
    OrphanRecord,
    ReportRecord,
    SectionRecord,
    SummaryRecord,
)
from kb_tui.core.query.kb_filter import kept_item_ids
from kb_tui.core.query.match import match_text

# ``--status overdue``: not a status but chosen like one, as an "or" with the statuses chosen
# (``blocked,overdue``: the blocked items and the overdue ones). An item is overdue when its
# record says so (:func:`kb_tui.core.model.due.is_overdue` on the report's day).


@dataclass(frozen=True)
class ReportFilter:
    # Statuses (:data:`STATUSES`) and/or :data:`OVERDUE`: an item with any of them is kept.
    statuses: frozenset[str] = frozenset()
    doc_glob: str = ""
    owner: str = ""
    text: str = ""
    # The items the text keeps, from the tree filter's rule (:func:`resolved` fills it in).
    text_ids: frozenset[str] | None = None

    def resolved(self, kb: KnowledgeBase) -> ReportFilter:
        """This filter with the items its text keeps in ``kb`` (the tree filter's rule)."""
        if not self.text or self.text_ids is not None:
            return self
        return replace(self, text_ids=kept_item_ids(kb, self.text))

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.doc_glob or self.owner or self.text)

    def describe(self) -> str:
        parts = []
        if self.statuses:
            chosen = [LABELS[s] for s in STATUSES if s in self.statuses]
            chosen += [OVERDUE] if OVERDUE in self.statuses else []
            parts.append("status " + ", ".join(chosen))
        if self.doc_glob:
            parts.append(f"documents {self.doc_glob}")
        if self.owner:
            parts.append(f"owner {self.owner}")
        if self.text:
            parts.append(f"text {self.text!r}")
        return "; ".join(parts)

    def keeps_document(self, path: str) -> bool:
        """``--doc`` matches the vault-relative path, or the file name when it has no ``/``."""
        if not self.doc_glob:
            return True
        if fnmatch.fnmatchcase(path, self.doc_glob):
            return True
        return "/" not in self.doc_glob and fnmatch.fnmatchcase(
            path.rsplit("/", 1)[-1], self.doc_glob
        )

    def _owner_matches(self, owner: str) -> bool:
        wanted = self.owner.removeprefix("@").casefold()
        return not wanted or owner.casefold() == wanted

    def keeps_status(self, status: str, overdue: bool) -> bool:
        """The statuses chosen (none: any) keep an item of ``status``, or an overdue one when
        :data:`OVERDUE` is among them."""
        if not self.statuses or status in self.statuses:
            return True
        return overdue and OVERDUE in self.statuses

    def keeps(self, item: ItemRecord) -> bool:
        if not self.keeps_status(item["status"], item["overdue"]):
            return False
        if not self._owner_matches(item["owner"]):
            return False
        if not self.text:
            return True
        if self.text_ids is None:
            raise ValueError("a text filter is applied once resolved against its vault")
        return item["id"] in self.text_ids

    def keeps_orphan(self, orphan: OrphanRecord) -> bool:
        """Orphans have no text or document of their own: match on their ID instead. An
        orphan is never overdue: its item is gone, so nothing is left to do by its date."""
        if not self.keeps_status(orphan["status"], False):
            return False
        if not self._owner_matches(orphan["owner"]):
            return False
        if not self.keeps_document(str(orphan["id"]).split("#", 1)[0]):
            return False
        return not self.text or match_text(self.text, str(orphan["id"])) is not None


def summary_of(items: Iterable[ItemRecord]) -> SummaryRecord:
    """A summary (as in the report) of item records: counts per status, the overdue ones (as
    each record says: :func:`kb_tui.core.model.due.is_overdue` on the report's day) and
    percent done. Every summary of a report, filtered or not, is this one."""
    counts = {status: 0 for status in STATUSES}
    total = overdue = 0
    for item in items:
        counts[item["status"]] += 1
        total += 1
        overdue += item["overdue"]
    return Summary(items=total, **counts).as_dict(overdue)


def _filter_section(section: SectionRecord, flt: ReportFilter) -> list[ItemRecord]:
    section["items"] = [item for item in section["items"] if flt.keeps(item)]
    kept = list(section["items"])
    for sub in section["sections"]:
        kept += _filter_section(sub, flt)
    section["summary"] = summary_of(kept)
    return kept


def apply_filter(report: ReportRecord, flt: ReportFilter) -> ReportRecord:
    """Drop items (and documents) the filter excludes; recompute and mark every summary."""
    documents = []
    everything: list[ItemRecord] = []
    for doc in report["documents"]:
        if not flt.keeps_document(doc["path"]):
            continue
        doc["items"] = [item for item in doc.get("items", []) if flt.keeps(item)]
        kept = list(doc["items"])
        for section in doc["sections"]:
            kept += _filter_section(section, flt)
        doc["summary"] = summary_of(kept)
        everything += kept
        documents.append(doc)
    report["documents"] = documents
    report["orphans"] = [o for o in report.get("orphans", []) if flt.keeps_orphan(o)]
    report["summary"] = {**summary_of(everything), "filtered": True}
    report["filter"] = flt.describe()
    return report
