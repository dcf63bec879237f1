"""Filters for reports: by status, document glob and owner; summaries then say so."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import Any

from kb_tui.core.model import STATUSES


@dataclass(frozen=True)
class ReportFilter:
    statuses: frozenset[str] = frozenset()
    doc_glob: str = ""
    owner: str = ""
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(self.statuses or self.doc_glob or self.owner or self.text)

    def describe(self) -> str:
        parts = []
        if self.statuses:
            parts.append("status " + ", ".join(s for s in STATUSES if s in self.statuses))
        if self.doc_glob:
            parts.append(f"documents {self.doc_glob}")
        if self.owner:
            parts.append(f"owner {self.owner}")
        if self.text:
            parts.append(f"text {self.text!r}")
        return "; ".join(parts)

    def keeps(self, item: dict[str, Any]) -> bool:
        if self.statuses and item["status"] not in self.statuses:
            return False
        if self.owner and item["owner"].casefold() != self.owner.casefold():
            return False
        return not self.text or self.text.casefold() in item["text"].casefold()


def _summary(items: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {status: 0 for status in STATUSES}
    for item in items:
        counts[item["status"]] += 1
    total = len(items)
    applicable = total - counts["na"]
    pct = round(counts["done"] / applicable * 100, 1) if applicable > 0 else None
    return {"items": total, **counts, "percent_done": pct}


def _filter_section(section: dict[str, Any], flt: ReportFilter) -> list[dict[str, Any]]:
    section["items"] = [item for item in section["items"] if flt.keeps(item)]
    kept = list(section["items"])
    for sub in section["sections"]:
        kept += _filter_section(sub, flt)
    section["summary"] = _summary(kept)
    return kept


def apply_filter(report: dict[str, Any], flt: ReportFilter) -> dict[str, Any]:
    """Drop items (and documents) the filter excludes; recompute and mark every summary."""
    documents = []
    everything: list[dict[str, Any]] = []
    for doc in report["documents"]:
        if flt.doc_glob and not fnmatch.fnmatchcase(doc["path"], flt.doc_glob):
            continue
        doc["items"] = [item for item in doc.get("items", []) if flt.keeps(item)]
        kept = list(doc["items"])
        for section in doc["sections"]:
            kept += _filter_section(section, flt)
        doc["summary"] = _summary(kept)
        everything += kept
        documents.append(doc)
    report["documents"] = documents
    report["summary"] = {**_summary(everything), "filtered": True}
    report["filter"] = flt.describe()
    return report
