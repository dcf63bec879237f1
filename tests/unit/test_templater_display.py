"""Templater dates reach what the viewer shows: the properties and the text.

The fixture note ``Platform Architecture.md`` has ``<% tp.date.now("LL") %>`` and
``<% tp.date.weekday("YYYY-MM-DD", 7) %>`` in its frontmatter, the forms Obsidian users
write; both were printed raw before moment's locale formats and ``tp.date.weekday``
were interpreted.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from kb_tui.core.parse.display import NoteInfo, make_display
from kb_tui.core.parse.document import build_document
from kb_tui.core.render.viewtext import document_source

FIXTURE = Path(__file__).parents[1] / "fixtures" / "obsidian" / "Platform Architecture.md"
NOW = datetime(2024, 1, 3, 10, 20, 30)  # a Wednesday: next week's Sunday is 7 January


def test_display_transform_renders_locale_format_and_weekday() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    shown = make_display(NoteInfo(title="Platform Architecture", folder="", now=NOW))(text)
    assert "created: 2024-01-03\n" in shown
    assert "reviewed: January 3, 2024\n" in shown
    assert "next-review: 2024-01-07\n" in shown
    assert "<%" not in shown


def test_properties_show_rendered_dates() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    doc, _problems = build_document("Platform Architecture.md", text, now=NOW)
    assert doc.frontmatter["reviewed"] == "January 3, 2024"
    assert doc.frontmatter["next-review"] == "2024-01-07"
    properties = document_source(doc)
    assert "> **reviewed**: January 3, 2024\\" in properties  # the properties block
    assert "> **next-review**: 2024-01-07\\" in properties


def test_weekday_steps_within_the_sunday_first_week() -> None:
    display = make_display(NoteInfo(title="n", folder="", now=NOW))
    text = (
        '<% tp.date.weekday("dddd D", 0) %> / <% tp.date.weekday("dddd D", 6) %> / '
        '<% tp.date.weekday("dddd D", -7) %> / <% tp.date.weekday("LL", 1, "2024-03-01") %>'
    )
    assert display(text) == "Sunday 31 / Saturday 6 / Sunday 24 / February 26, 2024"


def test_weekday_without_a_number_or_with_a_bad_reference_is_left_as_written() -> None:
    display = make_display(NoteInfo(title="n", folder="", now=NOW))
    for text in (
        '<% tp.date.weekday("YYYY-MM-DD") %>',
        '<% tp.date.weekday("YYYY-MM-DD", "1") %>',
        '<% tp.date.weekday("YYYY-MM-DD", true) %>',
        '<% tp.date.weekday("YYYY-MM-DD", 1, "someday", "YYYY-MM-DD") %>',
        '<% tp.date.weekday("YYYY-MM-DD", 1, "2024-02-30") %>',
        '<% tp.date.weekday("YYYY-MM-DD", 1, "2024-01-01", 5) %>',
        '<% tp.date.weekday("YYYY-MM-DD", 1, "2024-01-01", "YYYY-MM-DD", 1) %>',
        '<% tp.date.weekday("YYYY-MM-DD", -800000000) %>',
    ):
        assert display(text) == text
