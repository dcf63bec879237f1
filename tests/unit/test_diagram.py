"""Tests for the plain-text flowchart renderer (kb_tui.core.render.diagram)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tui.core.parse.mermaid import Flowchart, Node, parse_flowchart
from kb_tui.core.render.diagram import char_width, render_flowchart, text_width, wrap_text

SAMPLE = """graph TD
    A[Infrastructure Architecture] --> B[Compute Resources]
    A --> C[Network Infrastructure]
    A --> D[Storage Systems]
    A --> E[Security Components]
"""
LABELS = [
    "Infrastructure Architecture",
    "Compute Resources",
    "Network Infrastructure",
    "Storage Systems",
    "Security Components",
]


def render(source: str, width: int = 80) -> list[str]:
    chart = parse_flowchart(source)
    assert chart is not None
    lines = render_flowchart(chart, width)
    assert all(text_width(line) <= width for line in lines), lines
    return lines


def row_of(lines: list[str], text: str) -> int:
    return next(i for i, line in enumerate(lines) if text in line)


def test_sample_layered_at_120() -> None:
    lines = render(SAMPLE, 120)
    for label in LABELS:
        assert sum(f"│ {label} │" in line for line in lines) == 1, label
    root = row_of(lines, LABELS[0])
    children = {row_of(lines, label) for label in LABELS[1:]}
    assert len(children) == 1 and root < min(children)
    between = "".join(lines[root : min(children)])
    assert between.count("▼") == 4
    assert "┬" in lines[root + 1] and "┌" in lines[root - 1]


def test_sample_falls_back_to_tree_at_40() -> None:
    lines = render(SAMPLE, 40)
    assert lines == [
        "Infrastructure Architecture",
        "├─▶ Compute Resources",
        "├─▶ Network Infrastructure",
        "├─▶ Storage Systems",
        "└─▶ Security Components",
    ]


def test_golden_small_td() -> None:
    expected = """\
    ┌───────┐
    │ Start │
    └───┬───┘
        │
   ┌────┴────┐
  go         │
   ▼         ▼
┌─────┐  ┌──────┐
│ End │  │ Skip │
└─────┘  └──────┘"""
    assert "\n".join(render("graph TD\nA[Start] -->|go| B[End]\nA --> C[Skip]", 40)) == expected


def test_golden_small_lr_bt_rl() -> None:
    assert render("graph LR\nA[Start] -->|go| B[End]") == [
        "┌───────┐       ┌─────┐",
        "│ Start ├─ go ─▶│ End │",
        "└───────┘       └─────┘",
    ]
    assert render("graph BT\nA-->B") == [
        "┌───┐",
        "│ B │",
        "└───┘",
        "  ▲",
        "  │",
        "┌─┴─┐",
        "│ A │",
        "└───┘",
    ]
    assert render("graph RL\nA-->B") == ["┌───┐   ┌───┐", "│ B │◀──┤ A │", "└───┘   └───┘"]


def test_arrowless_edge_meets_the_box() -> None:
    assert render("graph TD\nA --- B") == [
        "┌───┐",
        "│ A │",
        "└─┬─┘",
        "  │",
        "  │",
        "┌─┴─┐",
        "│ B │",
        "└───┘",
    ]


def test_long_edges_and_fan_in_stay_connected() -> None:
    lines = render("graph TD\nA-->B\nA-->C\nB-->D\nC-->D\nA-->D\nD-->E\nB-->E")
    text = "\n".join(lines)
    assert text.count("▼") == 7
    for label in "ABCDE":
        assert f"│ {label} │" in text or f"  {label}  " in text
    assert row_of(lines, " A ") < row_of(lines, " B ") < row_of(lines, " D ") < row_of(lines, " E ")


def test_edge_labels_inline_or_listed() -> None:
    text = "\n".join(render("graph TD\nA -->|yes| B\nA -->|no| C"))
    assert "yes" in text and "no" in text
    narrow = render("graph LR\nA -->|a label far too long to sit on an arrow| B", 60)
    assert "Edge notes:" in narrow
    assert "a label far too long" in " ".join(narrow)


def test_tree_fallback_details() -> None:
    source = (
        "graph TD\n"
        "subgraph g [Loop Group]\nA[Alpha] --> B[Beta]\nend\n"
        "B -->|retry| A\nB --> C[Gamma]\nC --> C\n"
        "R[Root] --> A"
    )
    lines = render(source, 40)
    assert lines[0] == "Root"
    assert lines[1:5] == [
        "└─▶ Alpha",
        "    └─▶ Beta",
        "        ├─▶ (retry) ↺ Alpha",
        "        └─▶ Gamma",
    ]
    assert "            └─▶ ↺ Gamma" in lines
    assert any(line.startswith("▣ Loop Group") for line in lines)


def test_tree_headers_for_subgraph_roots() -> None:
    source = (
        "graph LR\nsubgraph outer [Outer]\nsubgraph inner [Inner]\nX[Start here] --> Y\nend\nend\n"
        "Q --> X\nP[Lonely]\n" + "\n".join(f"N{i} --> N{i + 1}" for i in range(45))
    )
    lines = render(source, 50)  # > 40 nodes: always the tree
    assert "Q" in lines and "▣ Outer › Inner: Start here, Y" in lines
    assert "Lonely" in lines


def test_fallback_wraps_instead_of_cutting() -> None:
    words = " ".join(f"word{i}" for i in range(30))
    lines = render(f"graph TD\nA[{words}] --> B[{words} again]\nA --> C[{words} more]", 30)
    joined = " ".join(line.strip("│├└─▶ ") for line in lines)
    for i in range(30):
        assert f"word{i}" in joined


def test_deep_chain_fits_width() -> None:
    source = "graph TD\n" + "\n".join(f"N{i}[Step number {i}] --> N{i + 1}" for i in range(120))
    lines = render(source, 40)
    assert any("Step number 119" in line for line in lines)


def test_wide_characters() -> None:
    assert (char_width("設"), char_width("🚀"), char_width("a"), char_width("\u0301")) == (
        2,
        2,
        1,
        0,
    )
    assert text_width("设计 架构") == 9
    assert wrap_text("設計 設計", 5) == ["設計", "設計"]
    assert wrap_text("abcdefgh", 3) == ["abc", "def", "gh"]
    lines = render("graph TD\nA[设计 架构] --> B[🚀 Launch]\nA --> C[Ünïcödé]\nB & C --> D[終わり]")
    box = [line for line in lines if "设计" in line or "┌" in line][:2]
    assert text_width(box[0].strip()) == text_width(box[1].strip())


def test_deterministic_and_edge_cases() -> None:
    source = "graph TD\nA-->B & C\nB-->D\nC-->D\nsubgraph s [S]\nB\nC\nend"
    assert render(source) == render(source)
    assert "▣ S: B, C" in render(source)
    assert render_flowchart(Flowchart("TD", [], [], []), 80) == ["(empty flowchart)"]
    chart = Flowchart("TD", [Node("A")], [], [], truncated=True)
    assert render_flowchart(chart, 40)[-1] == "(diagram truncated: source too large)"
    assert render_flowchart(Flowchart("LR", [Node("A")], [], []), 3)[1] == "│ A │"


@pytest.mark.parametrize("direction", ["TD", "BT", "LR", "RL"])
def test_directions_render_all_labels(direction: str) -> None:
    lines = render(f"graph {direction}\nA[One] --> B[Two] --> C[Three]\nA --> C", 80)
    text = "\n".join(lines)
    assert all(label in text for label in ("One", "Two", "Three"))
    assert {"TD": "▼", "BT": "▲", "LR": "▶", "RL": "◀"}[direction] in text


_TOKENS = [
    "A", "B", "C", "D[x y]", "E{z}", "-->", "---", "-.->", "==>", "|lbl|", "&", "\n",
    " ", "subgraph s\n", "end\n", "設", "🚀", "-- t -->",
]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=50), st.integers(20, 140))
def test_render_never_raises_and_fits(tokens: list[str], width: int) -> None:
    for direction in ("TD", "LR"):
        chart = parse_flowchart(f"graph {direction}\n" + "".join(tokens))
        assert chart is not None
        lines = render_flowchart(chart, width)
        assert all(text_width(line) <= width for line in lines)
        for node in chart.nodes:
            assert node.label.split()[0] in "\n".join(lines)
