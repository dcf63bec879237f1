"""The search dialog's result rows fitted to a width, without an app."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from kb_tui.core.model import Document
from kb_tui.core.query.search import SearchHit
from kb_tui.tui.screens.search_rows import ellipsize, hit_prompt


@pytest.mark.parametrize(
    ("text", "cells", "middle", "expected"),
    [
        ("short", 10, False, "short"),
        ("Infrastructure Architecture", 10, False, "Infrastru…"),
        ("operations/runbooks/incident-response.md:12", 24, True, "operations/r…ponse.md:12"),
        ("💻 Compute", 4, False, "💻…"),
        ("💻 Compute", 2, False, "…"),
        ("anything", 1, False, "…"),
        ("anything", 0, True, ""),
    ],
)
def test_ellipsize(text: str, cells: int, middle: bool, expected: str) -> None:
    shown = ellipsize(text, cells, middle=middle)
    assert shown == expected
    assert cell_len(shown) <= cells


def hit(path: tuple[str, ...], file: str = "infrastructure-architecture.md") -> SearchHit:
    document = Document(path=file, title="Infrastructure Architecture", frontmatter={}, text="")
    return SearchHit(
        document=document,
        section=None,
        path=path,
        line=59,
        snippet="Capacity planning",
        spans=((0, 8),),
        phrase=True,
        heading=False,
        terms=("capacity",),
    )


PATH = ("💻 Compute Infrastructure", "Compute Resources", "Resource Management")


def test_a_wide_row_is_whole() -> None:
    head = hit_prompt(hit(PATH), 200).plain.split("\n")[0]
    assert head == (
        "Infrastructure Architecture › 💻 Compute Infrastructure › Compute Resources"
        " › Resource Management  infrastructure-architecture.md:59"
    )


@pytest.mark.parametrize("width", [40, 56, 64, 72, 90])
def test_a_narrow_row_keeps_the_section_and_its_place(width: int) -> None:
    long_file = "operations/runbooks/networking/" + "very-long-name-" * 3 + "guide.md"
    for one in (hit(PATH), hit(PATH, long_file), hit(PATH[-1:])):
        head = hit_prompt(one, width).plain.split("\n")[0]
        whole = hit_prompt(one).plain.split("\n")[0]
        assert cell_len(head) <= width
        assert "Resource Management" in head and head.endswith(":59"), head
        assert ("…" in head) == (cell_len(whole) > width)


def test_a_section_wider_than_the_row_is_cut_at_the_end() -> None:
    head = hit_prompt(hit(("A section title far longer than the row itself",)), 30)
    assert cell_len(head.plain.split("\n")[0]) <= 30
