"""Backlinks in the core; the ops-kb vault's links (``kb-tui check`` listing every broken
link: tests/cli/test_check.py)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.paths import OPS_KB
from kb_tui.core.links.backlinks import BacklinkIndex
from kb_tui.core.links.resolve import LinkIndex, resolve_links
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.parse.document import build_document
from kb_tui.core.workspace.load import load_kb

MakeVault = Callable[[dict[str, str | bytes]], Path]


# -- backlinks -----------------------------------------------------------------------------
def test_backlinks_by_document_and_section(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "t.md": "# T\n\n## Setup\n- a ^blk\n\n### Linux\nx\n\n## Usage\n[[#Setup]]\n",
            "a.md": "intro [[t]]\n\n## Refs\n- [[t#Setup]] [[t#Setup]]\n- [[t#Linux|linux]]\n",
            "b/c.md": "# C\n## More\n[see](../t.md#Usage) ![[t#^blk]] [[t#Missing]] [[nowhere]]\n",
        }
    )
    kb = load_kb(root)
    index = BacklinkIndex(kb.documents)
    every = index.to_document("t.md")
    assert [(b.source, b.line, b.target_section.rsplit("/", 1)[-1]) for b in every] == [
        ("a.md", 1, ""),
        ("a.md", 4, "setup"),  # the repeat on the same line counts once
        ("a.md", 5, "linux"),
        ("b/c.md", 3, "usage"),
        ("b/c.md", 3, "setup"),  # the block lies in Setup
        ("b/c.md", 3, ""),  # a missing heading lands on the document
        ("t.md", 10, "setup"),  # a link inside the document itself
    ]
    assert every[0].source_section == "" and every[0].source_title == "a"
    assert every[1].source_title == "Refs" and every[1].written == "[[t#Setup]]"
    assert every[3].written == "(../t.md#Usage)" and every[3].source_title == "More"
    doc = kb.documents[[d.path for d in kb.documents].index("t.md")]
    setup = next(s for s in doc.iter_sections() if s.title == "Setup")
    into_setup = index.to_section("t.md", setup)
    assert [(b.source, b.line) for b in into_setup] == [
        ("a.md", 4),
        ("a.md", 5),  # Linux is inside Setup
        ("b/c.md", 3),
        ("t.md", 10),
    ]
    assert index.to_document("nowhere.md") == [] and index.to_document("a.md") == []
    assert len(index) == 7


@pytest.mark.slow
def test_backlink_index_is_linear_on_a_large_vault() -> None:
    docs = []
    for number in range(5000):
        body = "".join(
            f"## Part {part}\n- see [[note-{(number * 7 + part) % 5000}#Part {part % 3}]]\n"
            for part in range(10)
        )
        doc, _ = build_document(f"f{number % 50}/note-{number}.md", body)
        docs.append(doc)
    kb = KnowledgeBase(root=Path("/nonexistent"), documents=docs)
    started = time.perf_counter()
    resolve_links(kb)
    index = BacklinkIndex(kb.documents, LinkIndex(kb.documents))
    elapsed = time.perf_counter() - started
    assert len(index) == 50_000 and not kb.problems
    assert elapsed < 15  # about 1 s here; quadratic work would take minutes


# -- the ops-kb vault ----------------------------------------------------------------------
@pytest.mark.skipif(not OPS_KB.is_dir(), reason="../shared/vaults/ops-kb not present")
def test_ops_kb_related_documentation_links_resolve() -> None:
    kb = load_kb(OPS_KB)
    doc = next(d for d in kb.documents if d.path == "infrastructure/infrastructure-architecture.md")
    related = next(s for s in doc.iter_sections() if s.title.endswith("Related Documentation"))
    links = [link for link in doc.links if related.line <= link.line <= related.end_line]
    assert [(link.target, link.resolved) for link in links] == [
        ("network-design", "infrastructure/network-design.md"),
        ("security-architecture", "infrastructure/security-architecture.md"),
        # strategies/deployment-strategy.md also exists: the same folder wins
        ("deployment-strategy", "infrastructure/deployment-strategy.md"),
        ("scaling-strategy", "infrastructure/scaling-strategy.md"),
    ]
    backlinks = BacklinkIndex(kb.documents).to_document("infrastructure/network-design.md")
    assert "infrastructure/infrastructure-architecture.md" in {b.source for b in backlinks}
