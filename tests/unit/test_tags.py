"""Tags (issue 18): Obsidian's reading of ``#tag``, frontmatter ``tags:``, where a tag
applies, and ``tag:NAME`` in the tree filter and the search."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.paths import FIXTURES

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.parse.tags import frontmatter_tags, tag_matches, tags_in_text
from kb_tui.core.query.kb_filter import filter_kb
from kb_tui.core.query.kb_index import KbIndex, tree_entries
from kb_tui.core.query.match import Query
from kb_tui.core.query.search import SearchIndex
from kb_tui.core.query.tags import tree_tags
from kb_tui.core.workspace.load import load_kb

MakeVault = Callable[[dict[str, str | bytes]], Path]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("a #tag and #nested/tag-2 and #Ünïcode_x", ["tag", "nested/tag-2", "Ünïcode_x"]),
        ("#start of line, #end.", ["start", "end"]),
        ("# Heading\n## Another #inline", ["inline"]),
        ("#123 #2024-01 #y2024 #1a", ["y2024", "1a"]),  # a number is no tag
        ("word#notatag https://x.org/page#anchor [x](#anchor) [[note#Heading]]", []),
        ("`#code` ``#more code`` #real", ["real"]),
        ("```\n#in-fence\n```\n~~~md\n#also\n~~~\n#after", ["after"]),
        ("&#123; <a href='#x'> #ok", ["ok"]),
        ("#trail/ #dup #DUP #dup", ["trail", "dup", "DUP"]),
    ],
)
def test_tags_in_text(text: str, tags: list[str]) -> None:
    assert tags_in_text(text) == tags


def test_frontmatter_tags() -> None:
    assert frontmatter_tags({"tags": ["a", "#b", "c/d", 2024, True, None]}) == ["a", "b", "c/d"]
    assert frontmatter_tags({"tags": "one, #two three"}) == ["one", "two", "three"]
    assert frontmatter_tags({"tag": "solo"}) == ["solo"]
    assert frontmatter_tags({"tags": {"not": "a list"}}) == []


def test_nested_match_ignores_case() -> None:
    assert tag_matches("Inbox/To-Read", "inbox")
    assert tag_matches("inbox", "inbox")
    assert not tag_matches("inboxes", "inbox")
    assert not tag_matches("inbox", "inbox/to-read")


def test_query_reads_tag_terms() -> None:
    query = Query.parse("tag:#Inbox backup owner:ana tag:sec/ tag:")
    assert (query.tags, query.tokens, query.owner) == (("inbox", "sec"), ("backup",), "ana")
    assert Query.parse("tag:x").active and not Query.parse("tag:x").too_short
    assert not Query.parse("tag:").active


VAULT: dict[str, str | bytes] = {
    "a.md": (
        "---\ntags: [Ops]\n---\n"
        "Intro #intro\n\n"
        "- loose item\n\n"
        "## Alpha #heading-tag\n\n"
        "Text of alpha #section-tag\n\n"
        "- first item #item-tag\n"
        "- second item\n"
        "  continued #continuation\n\n"
        "### Deeper\n\n"
        "- deep item\n\n"
        "## Beta\n\n"
        "- beta item `#not-code`\n"
    ),
    "b.md": "# B\n\n- b item\n",
}


def test_where_tags_apply(make_vault: MakeVault) -> None:
    """Frontmatter and text before the first heading: the whole note; a heading's and its own
    text's: the section and all in it (sub-sections too); an item's line: the item."""
    kb = load_kb(make_vault(VAULT))
    entries = tree_entries(kb)
    tree = tree_tags(entries)
    tags = {entry.title: tree.tags(index) for index, entry in enumerate(entries)}
    assert tags["a"] == {"ops", "intro"}
    assert tags["loose item"] == {"ops", "intro"}
    alpha = {"ops", "intro", "heading-tag", "section-tag"}
    assert tags["Alpha #heading-tag"] == alpha
    assert tags["first item #item-tag"] == alpha | {"item-tag"}
    assert tags["second item continued #continuation"] == alpha  # its first line only
    assert tags["deep item"] == alpha
    assert tags["beta item #not-code"] == {"ops", "intro"}
    assert tags["b item"] == frozenset()


def keys(kb: KnowledgeBase, text: str) -> list[str]:
    return [key.split("#", 1)[1] for key in filter_kb(kb, text).item_ids]


def test_tree_filter_tag_terms(make_vault: MakeVault) -> None:
    kb = load_kb(make_vault(VAULT))
    assert keys(kb, "tag:item-tag") == ["alpha-heading-tag/first-item-item-tag"]
    assert keys(kb, "tag:HEADING-TAG") == [
        "alpha-heading-tag/first-item-item-tag",
        "alpha-heading-tag/second-item-continued-continuation",
        "alpha-heading-tag/deeper/deep-item",
    ]
    assert keys(kb, "tag:heading-tag deep") == ["alpha-heading-tag/deeper/deep-item"]
    assert keys(kb, "tag:section-tag tag:item-tag") == ["alpha-heading-tag/first-item-item-tag"]
    assert len(keys(kb, "tag:ops")) == 5  # every item of a.md
    assert keys(kb, "tag:not-code") == []
    assert keys(kb, "tag:nothing") == []
    assert keys(kb, "status:todo tag:item-tag") == ["alpha-heading-tag/first-item-item-tag"]
    assert keys(kb, "status:done tag:item-tag") == []


def test_fixture_vault_tags() -> None:
    kb = load_kb(FIXTURES / "obsidian")
    secret = "platform-architecture/formatting/highlights-and-comments/secrets-vault"
    assert keys(kb, "tag:security") == [secret + "-security-inboxto-read"]
    assert keys(kb, "tag:inbox") == keys(kb, "tag:security")  # #inbox/to-read is nested
    assert keys(kb, "tag:Inbox/To-Read") == keys(kb, "tag:security")
    assert keys(kb, "tag:inbox/to") == []
    assert len(keys(kb, "tag:platform")) == len(keys(kb, "tag:architecture")) > 10  # the note
    assert keys(kb, "tag:reference") == [
        "internal-links/link-to-a-heading/with-a-list",
        "internal-links/link-to-a-heading/of-two-items",
    ]


def test_search_tag_terms() -> None:
    index = SearchIndex.build(load_kb(FIXTURES / "obsidian"))
    hits = index.search("tag:security").hits
    assert [(hit.path, hit.snippet) for hit in hits] == [
        (("🧭 Formatting",), "Secrets vault #security #inbox/to-read")
    ]
    assert "security" in hits[0].tags and "platform/core" in hits[0].tags
    assert index.search("tag:inbox vault").total == 1
    assert index.search("tag:reference proxy").total == 0  # sections, not items, are hits
    assert index.search("tag:reference").total == 4  # frontmatter: every part of the note
    assert index.search("vault").hits[0].tags == ()  # no tag: query, no tags shown


def tagged_note(size: int) -> str:
    """A note with ``size`` frontmatter tags, ``size`` tagged items and ``size`` tagged
    headings: every node is given every frontmatter tag (from above)."""
    front = "---\ntags:\n" + "".join(f"  - t{n}\n" for n in range(size)) + "---\n"
    items = "".join(f"- item {n} #x{n}\n" for n in range(size))
    headings = "".join(f"### h{n} #y{n}\n\ntext\n\n" for n in range(size))
    return front + "# Doc\n\n## Items\n\n" + items + "\n## Headings\n\n" + headings


def peak_bytes(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_tags_from_above_are_not_copied_into_every_node(make_vault: MakeVault) -> None:
    """A note with N tags and N tagged items and headings: the tree filter's and the search's
    first ``tag:`` query take memory in proportion to N, not N² (each node holding a copy of
    every tag above it: 1.5 GB for N = 6000). Memory is counted, not time: 4N may cost
    about 4 times N's, well under 16 times."""
    root = make_vault({f"n{size}/a.md": tagged_note(size) for size in (250, 1000)})
    small, large = (first_tag_queries(load_kb(root / f"n{size}"), size) for size in (250, 1000))
    assert large[0] < 8 * small[0], (small, large)  # the tree filter
    assert large[1] < 8 * small[1], (small, large)  # the search


def first_tag_queries(kb: KnowledgeBase, size: int) -> tuple[int, int]:
    """The peak memory of the tree filter's first ``tag:`` query, and the search's."""
    index, search = KbIndex(kb), SearchIndex.build(kb)
    found: list[int] = []
    filtered = peak_bytes(lambda: found.extend(index.matching(Query.parse("tag:t1")) or ()))
    assert len(found) == 2 * size + 3  # the note, its 2 sections, the items, the headings
    searched = peak_bytes(lambda: search.search("tag:t1"))
    assert search.search("tag:t1", limit=size + 3).total == size + 3  # the note's sections
    return filtered, searched


def test_tags_in_comments_do_not_count(make_vault: MakeVault) -> None:
    """A comment is no part of the note's text (the parser and the search hide it): its
    tags are neither the tree filter's nor the search's."""
    kb = load_kb(
        make_vault(
            {
                "a.md": (
                    "# A\n\n## Public\n\nvisible #shown %% #secret internal %%\n\n- item one\n\n"
                    "## Block\n\n%%\n#hidden\n%%\n\n- item two %% #quiet %%\n"
                ),
                "b.md": "# B\n\n## Other\n\ntext\n",
            }
        )
    )
    for tag in ("secret", "hidden", "quiet"):
        assert keys(kb, f"tag:{tag}") == []
        assert SearchIndex.build(kb).search(f"tag:{tag}").total == 0
    assert keys(kb, "tag:shown") == ["a/public/item-one"]
    assert [hit.tags for hit in SearchIndex.build(kb).search("tag:shown").hits] == [("shown",)]
