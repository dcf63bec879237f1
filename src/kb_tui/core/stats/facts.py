"""What the figures need of each item, and **the one home of what a layer is.**

A *layer* is what the dashboard draws one bar for and what the changes are grouped by:

* a single-document knowledge base: the document's layers (its top-level sections, as
  :func:`~kb_tui.core.model.layout.document_content` sees them: an H1 that only repeats
  the title is the document itself); the document's own items are under its title;
* a vault: the top-level folder a note is in, or the note's title for a note at the root.

Layers come in tree order (the order the explorer's tree shows them), and so do the facts,
so "in layer order" is "in the order of the facts". Both readers, the model
(:func:`facts_of_kb`) and a report's records (:func:`facts_of_report`), apply the same rule,
so the dashboard and every report agree.

The explorer keeps each document's facts between openings of its dashboard
(:mod:`kb_tui.core.stats.facts_cache`), by the same rule (:func:`note_facts`,
:func:`single_facts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from kb_tui.core.model import Document, Item, KnowledgeBase, iter_items, section_items
from kb_tui.core.model.layout import document_content, is_title_heading, tree_key, tree_order
from kb_tui.core.model.records import DocumentRecord, ItemRecord, ReportRecord, SectionRecord
from kb_tui.core.stats.model import ItemFacts


def vault_layer(path: str, title: str) -> str:
    """The layer of the note at ``path`` (vault-relative) titled ``title`` in a vault: its
    top-level folder, or its title when it lies at the root."""
    head, slash, _ = path.partition("/")
    return head if slash else title


def layer_order(facts: Iterable[ItemFacts]) -> list[str]:
    """The layers of ``facts`` in order of first appearance (tree order for facts built
    here)."""
    return list(dict.fromkeys(fact.layer for fact in facts))


def _facts(items: Iterable[Item], layer: str, doc: str) -> list[ItemFacts]:
    """One comprehension, no generator: it runs once for each item of the vault."""
    return [
        ItemFacts(i.id, i.text, i.status, i.owner, i.due, i.updated, layer, doc, i.line)
        for i in items
    ]


def _document_facts(doc: Document) -> Iterator[ItemFacts]:
    """A single document's items, each under its layer (see the module's rule)."""
    loose, sections, _ = document_content(doc)
    yield from _facts(iter_items(loose), doc.title, doc.path)
    for section in sections:
        yield from _facts(section_items(section), section.title, doc.path)


def note_facts(doc: Document) -> list[ItemFacts]:
    """A note's items in a vault, all under its layer."""
    return _facts(doc.iter_items(), vault_layer(doc.path, doc.title), doc.path)


def single_facts(doc: Document) -> list[ItemFacts]:
    """The only document of a knowledge base's items, each under its layer."""
    return list(_document_facts(doc))


def facts_of_kb(kb: KnowledgeBase) -> list[ItemFacts]:
    """Every item of ``kb`` with its stored status, owner, due date and layer, in tree order."""
    if len(kb.documents) == 1:
        return single_facts(kb.documents[0])
    facts: list[ItemFacts] = []
    for doc in tree_order(kb.documents):
        facts += note_facts(doc)
    return facts


def _record_facts(items: Sequence[ItemRecord], layer: str, doc: str) -> Iterator[ItemFacts]:
    for item in items:
        yield ItemFacts(
            item["id"], item["text"], item["status"], item["owner"], item["due"] or "",
            item["updated"] or "", layer, doc, item["line"],
        )  # fmt: skip


def _section_record_facts(section: SectionRecord, layer: str, doc: str) -> Iterator[ItemFacts]:
    """A section's items and its sub-sections' (the order of ``section_items``)."""
    stack = [section]
    while stack:
        current = stack.pop()
        yield from _record_facts(current["items"], layer, doc)
        stack.extend(reversed(current["sections"]))


def _document_record_facts(doc: DocumentRecord) -> Iterator[ItemFacts]:
    """A single document's records by the rule of :func:`_document_facts`."""
    path, title, sections = doc["path"], doc["title"], doc["sections"]
    yield from _record_facts(doc["items"], title, path)
    if sections and is_title_heading(
        sections[0]["level"], sections[0]["title"], title, len(sections)
    ):
        yield from _record_facts(sections[0]["items"], title, path)
        sections = sections[0]["sections"]
    for section in sections:
        yield from _section_record_facts(section, section["title"], path)


def facts_of_report(report: ReportRecord) -> list[ItemFacts]:
    """The facts of a report's items (``kb-tui/report@1``), by the same rule as
    :func:`facts_of_kb`, so a report shows what the dashboard shows."""
    documents = report["documents"]
    single = report.get("single_document", len(documents) == 1)  # older reports: guess
    if single and len(documents) <= 1:
        return list(_document_record_facts(documents[0])) if documents else []
    facts: list[ItemFacts] = []
    for doc in sorted(documents, key=lambda doc: tree_key(doc["path"], doc["title"])):
        layer, path = vault_layer(doc["path"], doc["title"]), doc["path"]
        facts.extend(_record_facts(doc["items"], layer, path))
        for section in doc["sections"]:
            facts.extend(_section_record_facts(section, layer, path))
    return facts
