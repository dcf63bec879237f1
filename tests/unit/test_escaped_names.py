"""Names from a vault reach the screen as text, never as what they could be read as: a
file name's control characters in the palette, an HTML entity in a title in the viewer."""

from __future__ import annotations

from pathlib import Path

from markdown_it import MarkdownIt

from kb_tui.core.query.kb_index import KbIndex
from kb_tui.core.render.viewtext import escape_inline
from kb_tui.core.workspace.load import load_kb
from kb_tui.tui.providers import context_of


def test_the_palette_names_a_file_without_its_control_characters(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "evil\x1b]0;pwn\x07name.md").write_text("# Evil\n- one\n", encoding="utf-8")
    (root / "b.md").write_text("# B\n- two\n", encoding="utf-8")
    index = KbIndex(load_kb(root))
    shown = [context_of(index, n) for n in range(len(index.entries))]
    assert any("name.md" in text for text in shown)
    assert not any(ch in text for text in shown for ch in "\x1b\x07")


def test_an_entity_in_a_title_stays_text_in_the_viewer() -> None:
    for title in ("A &#x202e; B", "A &rlm; B", "A &NoBreak; B"):  # numeric and named
        tokens = MarkdownIt().parseInline(f"[{escape_inline(title)}](kb-doc:a.md)")
        text = "".join(t.content for t in tokens[0].children or [] if t.type == "text")
        assert text == title  # not a bidi mark or another invisible character
