"""The one wikilink reader (issue 18): targets, anchors, aliases, sizes, the table's ``\\|``,
and hostile targets; and every place that reads wikilinks agreeing with it."""

from __future__ import annotations

import time

import pytest

from kb_tui.core.links.resolve import split_wikilink
from kb_tui.core.parse.parser import parse_body
from kb_tui.core.parse.wikilink import (
    WikiLink,
    file_kind,
    find_wikilinks,
    parse_wikilink,
    replace_wikilinks,
)
from kb_tui.core.query.search import strip_markdown
from kb_tui.core.render.linktext import convert_links


def read(text: str) -> WikiLink:
    found = list(find_wikilinks(text))
    assert len(found) == 1, found
    return found[0][1]


@pytest.mark.parametrize(
    ("written", "name", "fragment", "alias", "size", "label"),
    [
        ("[[Note]]", "Note", "", "", "", "Note"),
        ("[[Note#Heading|shown]]", "Note", "Heading", "shown", "", "shown"),
        ("[[#Heading]]", "", "Heading", "", "", "#Heading"),
        ("[[Note#^b15695]]", "Note", "^b15695", "", "", "Note#^b15695"),
        ("![[Engelbart.jpg|100x145]]", "Engelbart.jpg", "", "", "100×145", "Engelbart.jpg"),
        ("![[Engelbart.jpg\\|100]]", "Engelbart.jpg", "", "", "100", "Engelbart.jpg"),
        ("![[x.png#interface|600]]", "x.png", "interface", "", "600", "x.png"),
        ("![[file.pdf#page=3]]", "file.pdf", "page=3", "", "", "file.pdf"),
        ("![[pic.png|A caption]]", "pic.png", "", "A caption", "", "A caption"),
        ("![[a/b/pic.png]]", "a/b/pic.png", "", "", "", "pic.png"),
        ("[[Links\\|the note]]", "Links", "", "the note", "", "the note"),
        ("![[Note#Heading]]", "Note", "Heading", "", "", "Note#Heading"),
        ("![[Note|600]]", "Note", "", "600", "", "600"),  # a note has no size
        ("[[pic.png|600]]", "pic.png", "", "600", "", "600"),  # a link, not an embed
    ],
)  # fmt: skip
def test_reading(written: str, name: str, fragment: str, alias: str, size: str, label: str) -> None:
    link = read(written)
    assert (link.name, link.fragment, link.alias, link.size, link.label) == (
        name,
        fragment,
        alias,
        size,
        label,
    )
    assert link.embed is written.startswith("!")


def test_page_and_kinds() -> None:
    assert parse_wikilink("file.pdf#page=3", embed=True).page == 3
    assert parse_wikilink("file.pdf#Heading", embed=True).page is None
    kinds = [file_kind(n) for n in ("a.PNG", "b.pdf", "c.ogg", "d.mp4", "e.zip", "Note", "n.md")]
    assert kinds == ["image", "PDF", "audio", "video", "other", "note", "note"]
    assert file_kind("Release 2.0") == "note"  # a version number is no extension


def test_table_pipe_never_ends_up_in_the_name() -> None:
    """pyromark hands ``Engelbart.jpg\\`` (its pipe cut off) to the resolver: the one rule
    drops the backslash there too."""
    assert split_wikilink("Engelbart.jpg\\") == ("Engelbart.jpg", "")
    assert split_wikilink("Note#Heading\\") == ("Note", "Heading")


def test_item_label_shows_the_file_not_its_size() -> None:
    body = "- Topology diagram ![[Engelbart.jpg|100x145]]\n- Sketch ![[x.png#interface|600]]\n"
    labels = [proto.text for proto in parse_body(body).preamble]
    assert labels == ["Topology diagram Engelbart.jpg", "Sketch x.png"]


def test_embed_in_a_table_is_an_attachment_like_outside_it() -> None:
    """Before: the table form was recorded as an embed of a note named ``Engelbart.jpg\\``."""
    table = "| a |\n|---|\n| ![[Engelbart.jpg\\|100]] |\n"
    assert parse_body(table).links == []
    assert parse_body("![[Engelbart.jpg|100]]\n").links == []


def test_viewer_never_takes_a_size_for_a_link() -> None:
    """Before: ``![[x.png#interface|600]]`` was shown as an unresolved link "600"."""
    seen: list[str] = []

    def resolved(target: str) -> bool:
        seen.append(target)
        return True

    text = convert_links("![[x.png#interface|600]] | ![[Engelbart.jpg\\|100]]", resolved)
    assert seen == ["x.png#interface", "Engelbart.jpg"]
    assert "600" not in text and "100" not in text
    assert "[x.png]" in text and "[Engelbart.jpg]" in text


def test_search_text_shows_labels() -> None:
    text = "| ![[Engelbart.jpg\\|100]] | [[Internal links\\|the links note]] | [[a#b]] |"
    assert strip_markdown(text) == "| Engelbart.jpg | the links note | a#b |"


def test_code_spans_are_left_as_written() -> None:
    line = "Link with `[[Note#Heading]]`, or ``[[x]]``: [[y]]"
    assert replace_wikilinks(line, lambda link: f"<{link.target}>") == (
        "Link with `[[Note#Heading]]`, or ``[[x]]``: <y>"
    )


# -- hostile --------------------------------------------------------------------------------
def test_control_characters_are_dropped() -> None:
    link = parse_wikilink("No\x1b[31mte\x07#He\x00ad|al\x9bias", embed=False)
    assert (link.name, link.fragment, link.alias) == ("No[31mte", "Head", "alias")


def test_a_huge_target_is_read_in_linear_time_and_not_as_a_viewer_link() -> None:
    huge = "a" * 10_000
    started = time.perf_counter()
    assert parse_wikilink(huge + "|" * 5_000).name == huge
    assert list(find_wikilinks(f"[[{huge}]]" * 10)) == []  # longer than a link can be
    assert strip_markdown(f"![[{huge}.png\\|100]]") == f"![[{huge}.png\\|100]]"
    assert time.perf_counter() - started < 1.0


def test_dot_dot_stays_in_the_name_for_the_resolver_to_refuse() -> None:
    link = parse_wikilink("../../etc/passwd.png|10", embed=True)
    assert (link.name, link.width, link.kind) == ("../../etc/passwd.png", 10, "image")


def test_bidi_controls_are_stripped_like_everywhere_else() -> None:
    """The one control-stripping rule (kb_tui.core.text); before, the wikilink reader had its
    own pattern without the bidi range, so ``[[No\\u202ete]]`` kept its override."""
    link = parse_wikilink("No\u202ete\u2066#He\u200fad|al\u061cias")
    assert (link.name, link.fragment, link.alias) == ("Note", "Head", "alias")
