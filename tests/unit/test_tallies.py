"""Progress tallies: every container's counts from one pass, equal to walking its items."""

from __future__ import annotations

import pytest

from helpers.paths import OPS_KB, SAMPLE
from kb_tui.core.model import Document, Group, Section, iter_items, section_items
from kb_tui.core.model.progress import summarize
from kb_tui.core.status.tallies import Tallies
from kb_tui.core.workspace.load import load_kb


def groups(nodes: list) -> list[Group]:  # type: ignore[type-arg]
    out: list[Group] = []
    for node in nodes:
        if isinstance(node, Group):
            out += [node, *groups(node.children)]
    return out


def check_document(tallies: Tallies, doc: Document) -> int:
    assert tallies.document(doc) == summarize(doc.iter_items())
    checked = 1
    containers: list[Section | Group] = list(doc.iter_sections()) + groups(doc.preamble)
    for section in doc.iter_sections():
        containers += groups(section.children)
    for node in containers:
        items = section_items(node) if isinstance(node, Section) else iter_items(node.children)
        assert tallies.node(doc, node) == summarize(items)
        checked += 1
    return checked


def test_every_container_of_the_sample_matches_its_items() -> None:
    kb = load_kb(SAMPLE)
    statuses = ["done", "blocked", "na", "in_progress", "todo"]
    for number, item in enumerate(kb.iter_items()):  # a mix, so that every count matters
        item.status = statuses[number % 5]  # type: ignore[assignment]
    tallies = Tallies().prime(kb.documents)
    assert check_document(tallies, kb.documents[0]) > 50
    assert tallies.documents(kb.documents) == summarize(kb.iter_items())


@pytest.mark.skipif(not OPS_KB.is_dir(), reason="the ops-kb vault is not next to the checkout")
def test_every_container_of_ops_kb_matches_its_items() -> None:
    kb = load_kb(OPS_KB)
    tallies = Tallies().prime(kb.documents)
    assert sum(check_document(tallies, doc) for doc in kb.documents) > 5_000
    assert tallies.documents(kb.documents) == summarize(kb.iter_items())


def test_a_status_change_is_counted_once_its_document_is_forgotten() -> None:
    kb = load_kb(SAMPLE)
    doc = kb.documents[0]
    tallies = Tallies().prime(kb.documents)
    item = next(doc.iter_items())
    before = tallies.document(doc)
    item.status = "done"
    assert tallies.document(doc) == before  # kept until told
    tallies.forget_items([item.id])
    assert tallies.document(doc).done == before.done + 1
    assert check_document(tallies, doc) > 50


def test_a_document_read_again_is_a_new_entry() -> None:
    tallies = Tallies()
    first = load_kb(SAMPLE).documents[0]
    second = load_kb(SAMPLE).documents[0]
    second.preamble = []
    second.sections = [second.sections[0].sections[0]]  # one H2 of the H1
    assert tallies.document(first) == summarize(first.iter_items())
    assert tallies.document(second) == summarize(second.iter_items())
    assert tallies.document(second).items < tallies.document(first).items
