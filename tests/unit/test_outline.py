"""The outline (``check``'s parse without items) is the full parse less the items."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.paths import OPS_KB, SAMPLE
from kb_tui.core.parse.fences import check_fence, extract_fence
from kb_tui.core.parse.outline import parse_outline
from kb_tui.core.parse.parser import MAX_LIST_DEPTH, ParsedBody, ProtoSection, parse_body


def shape(parsed: ParsedBody) -> tuple[object, ...]:
    """Everything of a parse but its items: sections (flattened), links, warnings, h1."""
    sections: list[tuple[str, int, int, int]] = []
    stack: list[ProtoSection] = list(reversed(parsed.sections))
    while stack:
        section = stack.pop()
        sections.append((section.title, section.level, section.line, section.end_line))
        stack.extend(reversed(section.sections))
    links = [(link.target, link.line, link.kind) for link in parsed.links]
    return sections, links, parsed.warnings, parsed.h1


def no_items(parsed: ParsedBody) -> bool:
    stack = list(parsed.sections)
    while stack:
        section = stack.pop()
        if section.children:
            return False
        stack.extend(section.sections)
    return not parsed.preamble


TRICKY = {
    "heading in an item": "- item\n\n  ## Not a section\n\n## A section\n- x\n",
    "quote list in an item": (
        "## Top\n\n- outer\n\n  > - inner one\n  > - inner two\n\n"
        "  ## Inside\n\n  - child\n- next\n"
    ),
    "heading in a quote": "> ## Quoted\n\n## Real\n",
    "heading in a table": "| a |\n|---|\n| b |\n\n## After the table\n",
    "heading in a footnote": "Text[^1]\n\n[^1]: ## In a footnote\n\n## Real\n",
    "setext heading over two lines": "Title\nmore\n=====\n\nbody\n",
    "links everywhere": (
        "## L\n- [[a]] and [b](b.md)\n> [[quoted]]\n| [[t]] |\n|---|\n\n![[embed]] [x](http://x)\n"
    ),
    "bad fences": "## F\n```yaml\n: [\n```\n```json\n{bad\n```\n```python\ndef (:\n```\n",
    "fence in an item": "- item\n  ```yaml\n  a: [\n  ```\n",
    "fence in a quote": "> ```json\n> {bad\n> ```\n",
    "lists too deep": "".join("  " * depth + "- level\n" for depth in range(MAX_LIST_DEPTH + 4)),
    "task lists": "- [ ] open\n- [x] done\n  - [[link only]]\n",
    "html and math": "## <b>Bold</b> $x$ `code`\n<div>\n## not\n</div>\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_documents_give_the_full_parse_less_its_items(name: str) -> None:
    text = TRICKY[name]
    outline = parse_outline(text, 3)
    assert shape(outline) == shape(parse_body(text, 3))
    assert no_items(outline)


def test_the_sample_and_the_vault_give_the_full_parse_less_their_items() -> None:
    from kb_tui.core.parse.frontmatter import split_frontmatter

    paths = [SAMPLE, *sorted(OPS_KB.rglob("*.md"))[:300]]
    for path in paths:
        fm = split_frontmatter(path.read_text(encoding="utf-8"))
        outline = parse_outline(fm.body, fm.body_line)
        assert shape(outline) == shape(parse_body(fm.body, fm.body_line)), path
        assert no_items(outline)


def test_a_heading_after_a_quoted_list_in_an_item_stays_item_text() -> None:
    """Items in a block quote make no frame, so their end must not close the outer item."""
    text = TRICKY["quote list in an item"]
    parsed = parse_body(text)
    assert [s.title for s in parsed.sections] == ["Top"]
    outer, following = parsed.sections[0].children
    assert getattr(outer, "children", None), "the child stays in the outer item"
    assert getattr(following, "text", "") == "next"


def test_too_many_items_warns_as_the_full_parse_does() -> None:
    text = "## S\n" + "- item\n" * 12
    outline = parse_outline(text, max_items=10)
    full = parse_body(text, max_items=10)
    assert "too-many-items" in {code for _, code, _ in full.warnings}
    assert shape(outline) == shape(full)
    assert no_items(outline)


def test_a_mermaid_block_is_never_read_for_check() -> None:
    nodes, error = check_fence("mermaid", "graph TD\n  A --> B\n", 1)
    assert error == "" and nodes >= len(extract_fence("mermaid", "graph TD\n  A --> B\n", 1).nodes)
    too_big = "graph TD\n" + "A --> B\n" * 40_000
    assert check_fence("mermaid", too_big, 1) == (0, extract_fence("mermaid", too_big, 1).error)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_mermaid_text_gives_no_error_and_fits_the_bound(code: str) -> None:
    nodes, error = check_fence("mermaid", code, 5)
    result = extract_fence("mermaid", code, 5)
    assert error == result.error == ""
    assert len(result.nodes) <= nodes


PIECES = [
    "# H1\n",
    "## Section\n",
    "### Sub ### \n",
    "Title\n---\n",
    "- item\n",
    "  - nested\n",
    "1. **Group**\n",
    "   - member [[link]]\n",
    "- [[only a link]]\n",
    "> - quoted item\n",
    "> ## quoted heading\n",
    "| a | [[t]] |\n|---|---|\n",
    "```yaml\na: 1\n```\n",
    "```json\n{\n```\n",
    "```python\nrun()\n```\n",
    "```mermaid\ngraph TD\nA-->B\n```\n",
    "    indented code\n",
    "[x](doc%20name.md#Part) ![[embed#^block]]\n",
    "Text[^n]\n\n[^n]: - foot item\n",
    "<div>\n## html\n</div>\n",
    "\n",
    "  ## indented heading\n",
    "- [ ] task\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=25))
def test_any_mix_of_constructs_gives_the_full_parse_less_its_items(pieces: list[str]) -> None:
    text = "".join(pieces)
    outline = parse_outline(text, 2)
    assert shape(outline) == shape(parse_body(text, 2))
    assert no_items(outline)


DATA_BLOCKS = [
    ("yaml", "a: 1\nb: [1, 2, {c: d}]\n"),
    ("yml", "- x\n- {y: [1, 2]}\n"),
    ("json", '{"a": [1, 2, {"b": null}], "c": true}'),
    ("yaml", "a: &x [1, 2]\nb: *x\n"),
    ("yaml", ": [\n"),
    ("json", "{bad"),
    ("yaml", "a: &a [*a]\n"),
    ("json", "[" * 40 + "]" * 40),
    ("YAML extra words", "k: v\n"),
    ("python", "def f():\n    run()\n"),
    ("python", "def (:\n"),
    ("yaml", "a: 0x" + "f" * 4000 + "\n"),  # no limit on YAML's hex numbers…
    ("yaml", "a: " + ":".join(["59"] * 3000) + "\n"),  # …nor on its sexagesimal ones
    ("json", "[" + "9" * 5000 + "]"),
]


@pytest.mark.parametrize(("lang", "code"), DATA_BLOCKS)
def test_checking_a_fence_reports_what_extracting_it_does(lang: str, code: str) -> None:
    nodes, error = check_fence(lang, code, 7)
    result = extract_fence(lang, code, 7)
    assert error == result.error
    assert len(result.nodes) <= nodes


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["yaml", "json"]),
    st.text(alphabet=st.sampled_from(list("ab:-[]{},&*!\"' \n12.#|>")), max_size=80),
)
def test_any_data_fence_checks_as_it_extracts(lang: str, code: str) -> None:
    nodes, error = check_fence(lang, code, 3)
    result = extract_fence(lang, code, 3)
    assert error == result.error
    assert len(result.nodes) <= nodes
