"""The extraction rules, one small fixture each."""

from __future__ import annotations

from kb_tui.core.model import Document, Group, Item
from kb_tui.core.parse.document import build_document


def parse(text: str, path: str = "doc.md") -> Document:
    doc, _ = build_document(path, text)
    return doc


def shape(nodes: list[Group | Item]) -> list[object]:
    """A compact picture of a node list: items as (kind, text), groups as {title: [...]}."""
    out: list[object] = []
    for node in nodes:
        if isinstance(node, Item):
            out.append((node.kind, node.text))
        else:
            out.append({node.title: shape(node.children)})
    return out


def test_headings_nest_by_level_and_preamble_belongs_to_document() -> None:
    doc = parse("- before\n# A\n## B\n### C\n## D\n# E\n")
    assert shape(doc.preamble) == [("list", "before")]
    assert [s.title for s in doc.sections] == ["A", "E"]
    assert [s.title for s in doc.sections[0].sections] == ["B", "D"]
    assert doc.sections[0].sections[0].sections[0].title == "C"
    assert doc.sections[0].line == 2
    assert doc.sections[0].end_line == 5


def test_list_item_with_nested_list_is_a_group_with_bold_removed() -> None:
    doc = parse("# S\n1. **Server Infrastructure**\n   - a\n   - b\n2. plain\n")
    assert shape(doc.sections[0].children) == [
        {"Server Infrastructure": [("list", "a"), ("list", "b")]},
        ("list", "plain"),
    ]


def test_single_link_items_are_link_entries_not_items() -> None:
    doc = parse("# S\n- [[network-design]]\n- [x](y.md)\n- see [[a]] now\n- ![[b]]\n")
    assert shape(doc.sections[0].children) == [("list", "see a now")]
    assert [link.target for link in doc.links] == ["network-design", "y.md", "a", "b"]


def test_task_items_and_checkbox_characters() -> None:
    doc = parse("- [ ] a\n- [/] b\n- [x] c\n- [X] d\n- [-] e\n- [h] f\n- [?] g\n")
    items = list(doc.iter_items())
    assert [(i.kind, i.text, i.checkbox) for i in items] == [
        ("task", "a", " "),
        ("task", "b", "/"),
        ("task", "c", "x"),
        ("task", "d", "x"),
        ("task", "e", "-"),
        ("task", "f", "h"),
        ("task", "g", "?"),
    ]


def test_yaml_fence_keys_are_groups_and_scalars_items() -> None:
    doc = parse("# S\n```yaml\nlayer:\n  - a\n  - b\nname: x\nempty:\n```\n")
    assert shape(doc.sections[0].children) == [
        {"layer": [("yaml", "a"), ("yaml", "b")]},
        ("yaml", "name: x"),
        ("yaml", "empty"),
    ]


def test_json_fence() -> None:
    doc = parse('# S\n```json\n{"v": {"p": ["h", "c"], "n": 3, "ok": true}}\n```\n')
    assert shape(doc.sections[0].children) == [
        {"v": [{"p": [("json", "h"), ("json", "c")]}, ("json", "n: 3"), ("json", "ok: true")]}
    ]


def test_unparsable_fence_is_a_problem_and_gives_no_items() -> None:
    doc, problems = build_document("d.md", "# S\n```yaml\na: [unclosed\n```\n```json\n{bad\n```\n")
    assert list(doc.iter_items()) == []
    assert [p.code for p in problems] == ["fence-invalid", "fence-invalid"]
    assert problems[0].line == 2


def test_python_fence_read_with_ast_never_run() -> None:
    code = (
        "# S\n```python\nimport os\nos.system('touch /tmp/kb-tui-pwned')\n"
        "def define():\n    allocate()\n    x = not_a_statement_call()\n    obj.method()\n"
        "class K:\n    def m(self):\n        inner()\nsetup()\n```\n"
    )
    doc = parse(code)
    assert shape(doc.sections[0].children) == [
        ("python", "os.system"),
        {"define": [("python", "allocate"), ("python", "obj.method")]},
        {"K": [{"m": [("python", "inner")]}]},
        ("python", "setup"),
    ]


def test_mermaid_flowchart_nodes_and_subgraphs() -> None:
    code = (
        "# S\n```mermaid\ngraph TD\n  A[One] --> B(Two)\n  subgraph Cluster\n    C{Three}\n  end\n"
        "  B --> C\n```\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n"
    )
    doc = parse(code)
    assert shape(doc.sections[0].children) == [
        ("mermaid", "One"),
        ("mermaid", "Two"),
        {"Cluster": [("mermaid", "Three")]},
    ]


def test_paragraphs_tables_quotes_and_other_fences_give_no_items() -> None:
    text = (
        "# S\nA paragraph.\n\n| a | b |\n|---|---|\n| - x | y |\n\n> - quoted\n> - list\n\n"
        "```bash\nls\n```\n    indented code\n"
    )
    assert list(parse(text).iter_items()) == []


def test_fence_inside_list_item_makes_a_group() -> None:
    doc = parse("# S\n1. **Layers**\n   ```yaml\n   - a\n   ```\n")
    assert shape(doc.sections[0].children) == [{"Layers": [("yaml", "a")]}]


def test_frontmatter_title_and_body_lines() -> None:
    doc = parse("---\ntitle: T\n---\n\n# H\n- a\n")
    assert doc.title == "T"
    assert doc.sections[0].line == 5
    assert next(doc.iter_items()).line == 6


def test_title_falls_back_to_h1_then_file_name() -> None:
    assert parse("# Heading\n").title == "Heading"
    assert parse("text\n", "folder/my-note.md").title == "my-note"


def test_templater_renders_in_display_text() -> None:
    doc = parse("---\ncreated: <% tp.file.title %>\n---\n# <% tp.file.title %> notes\n", "n.md")
    assert doc.frontmatter["created"] == "n"
    assert doc.sections[0].title == "n notes"


def test_unknown_templater_stays_visible() -> None:
    doc = parse("# <%* tR += 'x' %> and <% tp.user.thing() %>\n")
    assert doc.sections[0].title == "<%* tR += 'x' %> and <% tp.user.thing() %>"


def test_deep_nesting_is_capped_not_crashing() -> None:
    text = "".join("  " * i + "- x\n" for i in range(200))
    doc, problems = build_document("deep.md", text)
    assert any(p.code == "list-too-deep" for p in problems)
    assert doc.preamble


def test_inline_html_stays_literal_item_text() -> None:
    doc = parse("# S\n- <script>alert(1)</script> and <b>x</b>\n- ok <i>y</i>\n")
    assert [i.text for i in doc.iter_items()] == [
        "<script>alert(1)</script> and <b>x</b>",
        "ok <i>y</i>",
    ]
