"""Obsidian syntax for the viewer (kb_tui.core.render.obsidian): callout types, footnotes,
task glyphs, the properties block, and the fixture vault's sections as the viewer gets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tui.core.model.layout import document_content
from kb_tui.core.model.tasks import CHECKBOX_STATUS, TASK_CHARS, task_glyph
from kb_tui.core.render.obsidian import obsidian_markdown
from kb_tui.core.render.obsidian.callouts import KINDS, parse_callout
from kb_tui.core.render.obsidian.properties import properties_block
from kb_tui.core.render.viewtext import prepare_markdown, section_source
from kb_tui.core.status.format import checkbox_status
from kb_tui.core.workspace.load import load_kb

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "obsidian"


@pytest.mark.parametrize(
    ("line", "kind", "title", "fold"),
    [
        ("[!tip]", "tip", "Tip", ""),
        ("[!warning]- Title here", "warning", "Title here", "-"),
        ("[!FAQ]+", "question", "Faq", "+"),
        ("[!tldr] Short", "abstract", "Short", ""),
        ("[!CUSTOM] Unknown", "note", "Unknown", ""),
        ("[!custom]", "note", "Custom", ""),
        ("[!example]  two spaces  ", "example", "two spaces", ""),
        ("[!cite]", "quote", "Cite", ""),
    ],
)
def test_parse_callout(line: str, kind: str, title: str, fold: str) -> None:
    callout = parse_callout(line)
    assert callout is not None
    assert (callout.kind.name, callout.title, callout.fold) == (kind, title, fold)


@pytest.mark.parametrize("line", ["Not a callout", "[!]", "[! tip]", "x [!tip]", "[!tip"])
def test_plain_quotes_are_no_callouts(line: str) -> None:
    assert parse_callout(line) is None


def test_every_obsidian_alias_is_known() -> None:
    aliases = "summary tldr hint important check done help faq caution attention fail missing"
    for name in [*aliases.split(), "error", "cite", "bug", "example", "todo", "info"]:
        assert name in KINDS
    assert all(len(kind.icon) == 1 for kind in KINDS.values())


def test_footnotes_numbered_and_listed_at_the_end() -> None:
    text = (
        "A[^1] and B[^note] and C ^[inline [x] note] and `[^1]` code.\n"
        "Undefined [^nope] stays.\n\n"
        "[^1]: First.\n[^note]: Named,\n    continued.\n"
    )
    out = obsidian_markdown(text)
    assert out.split("\n")[0] == "A¹ and B² and C ³ and `[^1]` code."
    assert "Undefined [^nope] stays." in out
    assert out.endswith("**Footnotes**\n\n1. First.\n2. Named, continued.\n3. inline [x] note")
    assert "[^1]:" not in out


def test_footnotes_and_tasks_inside_fences_untouched() -> None:
    text = "```\n- [/] not a task\n[^1]: not a note\n```\n- [/] a task\n"
    assert obsidian_markdown(text) == "```\n- [/] not a task\n[^1]: not a note\n```\n- ◐ a task\n"


def test_task_glyphs_distinct_and_statuses_from_one_table() -> None:
    glyphs = [task_glyph(char) for char in " x/->!?<*"]
    assert len(set(glyphs)) == len(glyphs)
    assert task_glyph("Z") == "[Z]"
    assert checkbox_status("/") == "in_progress" and checkbox_status("-") == "na"
    assert checkbox_status("?") == "todo" and checkbox_status("Z") == "todo"
    assert set(CHECKBOX_STATUS) == {" ", "x", "X", "/", "-", "h"}
    assert TASK_CHARS["x"].meaning == "done"


def test_control_characters_never_pass() -> None:
    out = obsidian_markdown("x[^1]\n\n[^1]: evil \x1b[31m red")
    assert "1. evil \x1b[31m red" in out  # prepare_markdown cleans first; see next test


def test_fixture_sections_as_the_viewer_gets_them() -> None:
    kb = load_kb(FIXTURE)
    doc = next(d for d in kb.documents if d.path == "Platform Architecture.md")
    overview, formatting = document_content(doc)[1][:2]
    shown = prepare_markdown(section_source(doc, overview), doc, is_resolved=lambda t: True)
    lines = shown.split("\n")
    assert lines[2] == "> **Properties**\\"  # the properties under the first heading
    assert "> **owner**: platform-team\\" in lines
    assert next(line for line in lines if line.startswith("> **created**"))[15:17] == "20"
    formatted = prepare_markdown(section_source(doc, formatting), doc, is_resolved=lambda t: True)
    assert "%%" not in formatted and "VIP" not in formatted and "none of this" not in formatted
    assert "- ◐ Migrate the DNS zone" in formatted
    assert "**Footnotes**" in formatted
    assert "Properties" not in formatted  # only the first section has them
    hostile = prepare_markdown("x[^1]\n\n[^1]: evil \x1b[31m red", doc, is_resolved=lambda t: True)
    assert "\x1b" not in hostile


def test_properties_block_is_literal_and_one_line_each() -> None:
    block = properties_block({"k*": "a\nb <% x %> \\", "tags": ["t1", "t2"]})
    assert block == [
        "> **Properties**\\",
        "> **k\\***: a b \\<% x %\\> \\\\\\",
        "> **tags**: t1, t2",
        "",
    ]
    assert properties_block({}) == []


def test_a_property_shows_an_entity_as_written() -> None:
    """``&#x202e;`` in a property is shown as typed, not as the override it names."""
    from kb_tui.core.render.obsidian.properties import properties_block

    lines = properties_block({"owner": "&#x202e;moc.live"})
    assert any(line.endswith("\\&#x202e;moc.live") for line in lines)
