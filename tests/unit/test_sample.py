"""The bundled sample yields exactly the sections, items and paths the issue lists."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from helpers.paths import SAMPLE
from kb_tui.core.model import Document, KnowledgeBase
from kb_tui.core.report.build import build_report
from kb_tui.core.workspace.load import load_kb


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_kb(SAMPLE)


@pytest.fixture(scope="module")
def doc(kb: KnowledgeBase) -> Document:
    return kb.documents[0]


def test_section_counts(doc: Document) -> None:
    levels = Counter(s.level for s in doc.iter_sections())
    assert levels == {1: 1, 2: 11, 3: 16}


def test_item_counts_by_kind(doc: Document) -> None:
    kinds = Counter(i.kind for i in doc.iter_items())
    assert sum(kinds.values()) == 135
    assert kinds == {"list": 108, "yaml": 8, "json": 10, "python": 4, "mermaid": 5}


def test_four_link_entries(doc: Document) -> None:
    assert [link.target for link in doc.links] == [
        "network-design",
        "security-architecture",
        "deployment-strategy",
        "scaling-strategy",
    ]


def test_emoji_headings_are_repaired(doc: Document) -> None:
    titles = [s.title for s in doc.sections[0].sections]
    assert titles[:3] == ["📋 Overview", "🎯 Architecture Framework", "💻 Compute Infrastructure"]
    assert "🛠 Infrastructure Tools" in titles
    assert all("\uf8ff" not in t for t in titles)


def test_created_is_rendered_to_today(doc: Document) -> None:
    assert doc.frontmatter["created"] == dt.date.today().isoformat()


ARROW = " › "


def _paths(kb: KnowledgeBase) -> dict[str, list[str]]:
    report = build_report(kb)
    found: dict[str, list[str]] = {}

    def walk(sections: list[dict]) -> None:  # type: ignore[type-arg]
        for section in sections:
            for item in section["items"]:
                found.setdefault(item["text"], item["path"])
            walk(section["sections"])

    walk(report["documents"][0]["sections"])
    return found


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            "Capacity planning",
            "Infrastructure Architecture › 💻 Compute Infrastructure › "
            "Compute Resources › Resource Management",
        ),
        (
            "hardware_systems",
            "Infrastructure Architecture › 🎯 Architecture Framework › "
            "Architecture Layers › Infrastructure Layers › architecture_layers › physical_layer",
        ),
        (
            "allocate_physical_servers",
            "Infrastructure Architecture › 💻 Compute Infrastructure › "
            "Compute Resources › Server Infrastructure › define_compute_resources",
        ),
        (
            "hypervisors",
            "Infrastructure Architecture › 💻 Compute Infrastructure › "
            "Virtualization Layer › Virtual Infrastructure › virtualization › platforms",
        ),
        (
            "Compute Resources",
            "Infrastructure Architecture › 🎯 Architecture Framework › Core Components",
        ),
    ],
)
def test_item_paths(kb: KnowledgeBase, text: str, path: str) -> None:
    assert ARROW.join(_paths(kb)[text]) == path


def test_ids_are_unique_and_prefixed(doc: Document) -> None:
    ids = [i.id for i in doc.iter_items()]
    assert len(set(ids)) == len(ids)
    assert all(i.startswith("infrastructure-architecture.md#") for i in ids)
    assert (
        "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
        "compute-resources/resource-management/capacity-planning"
    ) in ids


def test_mojibake_reported_by_check(kb: KnowledgeBase) -> None:
    mojibake = [p for p in kb.problems if p.code == "mojibake"]
    assert len(mojibake) == 11
    assert mojibake[0].line == 10
    assert mojibake[0].fix == "## 📋 Overview"
