"""Issue 15 #3: what the filtered tree shows is exactly what the export writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.reports import report_item_ids
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.filter import ReportFilter
from kb_tui.core.report.export import render
from kb_tui.core.workspace.load import load_kb
from kb_tui.tui.tree_filter import FilterNode, filter_kb

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md"

FIXTURE = {
    "net/network-design.md": (
        "# Network Design\n\n## Routing\n- [ ] BGP peers\n- [ ] static routes\n\n"
        "## Storage links\n1. **Fabric**\n   - [ ] iSCSI network\n   - [ ] zoning\n"
    ),
    "ops/runbook.md": (
        "---\ntitle: Runbook\n---\n# Runbook\n\n## Incident handling\n- [ ] page on-call\n"
        "- [ ] open a network ticket\n\n## Resource allocation\n- [ ] quotas\n"
        "### Security Classification: [Public/Internal/Confidential]\n- [ ] label data\n"
    ),
    "loose.md": "- [ ] network cable check\n- [ ] incident drill\n- [ ] nothing here\n",
}


def tree_items(nodes: list[FilterNode]) -> Iterator[str]:
    """The item IDs the filtered tree shows, every node opened (a matching heading opens
    onto all of its content, so its items are all shown)."""
    for node in nodes:
        ref = node.ref
        if ref.kind == "item":
            yield ref.key
        elif not ref.populated:
            yield from (item.id for item in ref.items())
        else:
            yield from tree_items(node.children)


def exported_items(kb: KnowledgeBase, query: str) -> list[str]:
    text, _ = render(kb, "json", filters=ReportFilter(text=query))
    return report_item_ids(json.loads(text))


@pytest.fixture(scope="module")
def sample() -> KnowledgeBase:
    return load_kb(SAMPLE)


@pytest.fixture
def fixture_kb(tmp_path: Path) -> KnowledgeBase:
    for name, text in FIXTURE.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return load_kb(tmp_path)


@pytest.mark.parametrize(
    "query",
    ["network", "resource alloc", "resalloc", "storage", "capacity plan", "incident", "monitoring"],
)
def test_sample_tree_items_are_the_exported_items(sample: KnowledgeBase, query: str) -> None:
    shown = list(tree_items(filter_kb(sample, query).roots))
    assert bool(shown) == (query != "resalloc"), query  # letters scattered: no match
    assert sorted(shown) == sorted(exported_items(sample, query))


@pytest.mark.parametrize(
    "query", ["network", "incident", "resource alloc", "storage", "fabric", "conf", "zz"]
)
def test_fixture_tree_items_are_the_exported_items(fixture_kb: KnowledgeBase, query: str) -> None:
    shown = sorted(tree_items(filter_kb(fixture_kb, query).roots))
    assert shown == sorted(exported_items(fixture_kb, query))


def test_a_matching_heading_keeps_all_its_items(fixture_kb: KnowledgeBase) -> None:
    kept = set(exported_items(fixture_kb, "network"))
    design = [
        i.id for d in fixture_kb.documents if d.path.startswith("net/") for i in d.iter_items()
    ]
    assert set(design) <= kept  # the document's title matches: all of it
    texts = {i.id: i.text for d in fixture_kb.documents for i in d.iter_items()}
    assert {texts[k] for k in kept - set(design)} == {
        "open a network ticket",
        "network cable check",
    }


def test_the_count_is_the_number_of_exported_items(sample: KnowledgeBase) -> None:
    outcome = filter_kb(sample, "network").outcome
    _, summary = render(sample, "json", filters=ReportFilter(text="network"))
    assert outcome.items == summary["items"] == len(exported_items(sample, "network"))
