"""Tests for the Mermaid flowchart parser (kb_tui.core.parse.mermaid)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tui.core.parse import mermaid
from kb_tui.core.parse.mermaid import Edge, Flowchart, parse_flowchart

SAMPLE = """graph TD
    A[Infrastructure Architecture] --> B[Compute Resources]
    A --> C[Network Infrastructure]
    A --> D[Storage Systems]
    A --> E[Security Components]
"""


def parse(source: str) -> Flowchart:
    chart = parse_flowchart(source)
    assert chart is not None
    return chart


def pairs(chart: Flowchart) -> list[tuple[str, str]]:
    return [(e.src, e.dst) for e in chart.edges]


def test_sample() -> None:
    chart = parse(SAMPLE)
    assert chart.direction == "TD"
    assert [n.label for n in chart.nodes] == [
        "Infrastructure Architecture",
        "Compute Resources",
        "Network Infrastructure",
        "Storage Systems",
        "Security Components",
    ]
    assert [n.id for n in chart.nodes] == ["A", "B", "C", "D", "E"]
    assert pairs(chart) == [("A", "B"), ("A", "C"), ("A", "D"), ("A", "E")]
    assert all(e.style == "-->" and e.label == "" for e in chart.edges)
    assert not chart.truncated and chart.subgraphs == []


@pytest.mark.parametrize(
    ("header", "direction"),
    [
        ("graph TD", "TD"),
        ("graph", "TD"),
        ("flowchart LR", "LR"),
        ("flowchart RL", "RL"),
        ("graph BT;", "BT"),
        ("flowchart TB", "TB"),
        ("graph XY", "TD"),
    ],
)
def test_directions(header: str, direction: str) -> None:
    assert parse(f"{header}\nA-->B").direction == direction


@pytest.mark.parametrize(
    ("text", "shape"),
    [
        ("A[Text here]", "rect"),
        ("A(Text here)", "round"),
        ("A([Text here])", "stadium"),
        ("A[[Text here]]", "subroutine"),
        ("A[(Text here)]", "cyl"),
        ("A((Text here))", "circle"),
        ("A(((Text here)))", "double_circle"),
        ("A{Text here}", "rhombus"),
        ("A{{Text here}}", "hexagon"),
        ("A>Text here]", "asym"),
        ("A[/Text here/]", "parallelogram"),
        ("A[\\Text here\\]", "parallelogram_alt"),
        ("A[/Text here\\]", "trapezoid"),
        ("A[\\Text here/]", "trapezoid_alt"),
        ('A["Text here"]', "rect"),
        ('A("Text here")', "round"),
    ],
)
def test_shapes(text: str, shape: str) -> None:
    chart = parse(f"graph TD\n{text} --> B")
    assert (chart.nodes[0].label, chart.nodes[0].shape) == ("Text here", shape)
    assert pairs(chart) == [("A", "B")]


def test_label_cleanup() -> None:
    chart = parse(
        "graph TD\n"
        'A["He said #quot;hi#quot; &amp; left"] --> B["`**bold** text`"]\n'
        'C[one<br>two<br/>three<BR />four] --> D["brackets ] inside"]\n'
        "E[tab\tand\x1b[31mescape] --> F[#35; and #lt;x#gt;]"
    )
    labels = {n.id: n.label for n in chart.nodes}
    assert labels["A"] == 'He said "hi" & left'
    assert labels["B"] == "**bold** text"
    assert labels["C"] == "one two three four"
    assert labels["D"] == "brackets ] inside"
    assert "\x1b" not in labels["E"] and "escape" in labels["E"]
    assert labels["F"] == "# and <x>"


def test_first_appearance_order_and_late_label() -> None:
    chart = parse("graph LR\nX --> Y\nZ\nY[Why] --> X\nX(Ex)")
    assert [n.id for n in chart.nodes] == ["X", "Y", "Z"]
    assert [n.label for n in chart.nodes] == ["Ex", "Why", "Z"]
    assert chart.nodes[0].shape == "round"


def test_chains_and_ampersand() -> None:
    assert pairs(parse("graph TD\nA --> B --> C")) == [("A", "B"), ("B", "C")]
    chart = parse("graph TD\nA & B --> C & D --> E")
    assert pairs(chart) == [("A", "C"), ("A", "D"), ("B", "C"), ("B", "D"), ("C", "E"), ("D", "E")]


@pytest.mark.parametrize(
    ("text", "label", "style"),
    [
        ("A -->|yes| B", "yes", "-->"),
        ("A-->|yes|B", "yes", "-->"),
        ("A --> |two words| B", "two words", "-->"),
        ("A -- yes --> B", "yes", "-->"),
        ("A -- a-b --- B", "a-b", "---"),
        ("A -. maybe .-> B", "maybe", "-.->"),
        ("A == big ==> B", "big", "==>"),
        ('A -- "quoted --> arrow" --> B', "quoted --> arrow", "-->"),
        ("A -.-> B", "", "-.->"),
        ("A ==> B", "", "==>"),
        ("A --- B", "", "---"),
        ("A --o B", "", "--o"),
        ("A --x B", "", "--x"),
        ("A <--> B", "", "<-->"),
        ("A ----> B", "", "-->"),
        ("A ------- B", "", "---"),
        ("A ~~~ B", "", "~~~"),
        ("A x--x B", "", "x--x"),
        ("A e1@--> B", "", "-->"),
    ],
)
def test_edges(text: str, label: str, style: str) -> None:
    chart = parse(f"flowchart LR\n{text}")
    assert chart.edges == [Edge("A", "B", label, style)]


def test_subgraphs() -> None:
    chart = parse(
        "flowchart TB\n"
        "  c1 --> a2\n"
        "  subgraph one [First Group]\n"
        "    direction LR\n"
        "    a1 --> a2\n"
        '    subgraph inner["Inner #quot;box#quot;"]\n'
        "      x1 --> x2\n"
        "    end\n"
        "  end\n"
        "  subgraph Title with spaces\n"
        "    b1\n"
        "  end\n"
        "  one --> b1\n"
    )
    subs = {s.id: s for s in chart.subgraphs}
    assert list(subs) == ["one", "inner", "Title with spaces"]
    assert (subs["one"].title, subs["one"].parent, subs["one"].node_ids) == (
        "First Group",
        None,
        ["a1", "a2"],
    )
    assert (subs["inner"].title, subs["inner"].parent) == ('Inner "box"', "one")
    assert subs["inner"].node_ids == ["x1", "x2"]
    assert subs["Title with spaces"].title == "Title with spaces"
    assert subs["Title with spaces"].node_ids == ["b1"]
    assert "direction" not in [n.id for n in chart.nodes]
    # an edge to a subgraph id becomes a node that carries the subgraph title
    assert next(n.label for n in chart.nodes if n.id == "one") == "First Group"


def test_ignored_statements_and_separators() -> None:
    chart = parse(
        "%%{init: {'theme': 'dark'}}%%\n"
        "graph TD; A-->B; B-->C;\n"
        "%% a comment --> X\n"
        "classDef hot fill:#f96,stroke:#333;\n"
        "class A,B hot\n"
        "style A fill:#fff; C-->X1\n"
        "linkStyle 0 stroke:#ff3\n"
        'click A "https://example.com" "tooltip"\n'
        "click B call alert()\n"
        "C:::hot --> D[R&amp;D]\n"
        "accTitle: My chart\n"
        "accDescr {\n  E --> F\n}\n"
    )
    assert [n.id for n in chart.nodes] == ["A", "B", "C", "X1", "D"]
    assert pairs(chart) == [("A", "B"), ("B", "C"), ("C", "X1"), ("C", "D")]
    assert chart.nodes[4].label == "R&D"


def test_front_matter() -> None:
    chart = parse("---\ntitle: Demo\n---\nflowchart LR\nA-->B")
    assert (chart.direction, pairs(chart)) == ("LR", [("A", "B")])


@pytest.mark.parametrize(
    "source",
    [
        "sequenceDiagram\n  A->>B: hi",
        "pie\n  'a': 1",
        "",
        "   \n\n",
        "%% only a comment",
        "A --> B",
        "graphTD\nA-->B",
    ],
)
def test_not_a_flowchart(source: str) -> None:
    assert parse_flowchart(source) is None


@pytest.mark.parametrize(
    "source",
    [
        "graph TD\nA[unclosed --> B",
        "graph TD\nA -- never closed",
        "graph TD\nA -->|open B",
        "graph TD\n]]]]((((\n---->\n&&&\nend\nend\nsubgraph\n",
        'graph TD\nA["unterminated',
        "graph TD\nA --> B --> ",
        "graph LR\n" + "A" * 10_000 + "[x]",
        "graph TD\n" + "-" * 5000,
        "graph TD\n" + "[" * 5000,
    ],
)
def test_garbage_is_partial_not_fatal(source: str) -> None:
    chart = mermaid._parse(source)  # the unguarded core, so real bugs would surface
    assert chart is not None


def test_huge_input_is_capped_quickly() -> None:
    source = "graph TD\n" + "\n".join(f"N{i}[Node {i}] --> N{i + 1}" for i in range(20_000))
    start = time.perf_counter()
    chart = parse(source)
    assert time.perf_counter() - start < 2.0
    assert chart.truncated
    assert len(chart.nodes) <= mermaid.MAX_NODES
    assert len(chart.edges) < 20_000


def test_long_line_is_truncated() -> None:
    chart = parse("graph TD\n" + " --> ".join(f"N{i}" for i in range(5000)))
    assert chart.truncated
    assert 0 < len(chart.nodes) < 5000


_TOKENS = [
    "A", "B", "c1", "-->", "---", "-.->", "==>", "--o", "<-->", "-- t -->", "|x|", "&", ";",
    "[", "]", "(", ")", "{", "}", '"', "`", "subgraph", "end", "\n", " ", "#quot;", ":::",
    "[/", "\\]", "((", "))", "%%", "classDef", "click", "é", "設", "\x00", "\t", "<br>",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_never_raises(text: str) -> None:
    result = parse_flowchart(text)
    assert result is None or isinstance(result, Flowchart)
    assert mermaid._parse("graph TD\n" + text) is not None  # unguarded core: bugs surface


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=60))
def test_mermaid_like_text_never_raises(tokens: list[str]) -> None:
    chart = mermaid._parse("flowchart LR\n" + "".join(tokens))
    assert chart is not None
    ids = {n.id for n in chart.nodes}
    assert all(e.src in ids and e.dst in ids for e in chart.edges)
