"""The one code-span rule (kb_tui.core.parse.code_spans) and its users: footnotes, wikilinks,
tags and comments skip code alike, in linear time on hostile lines (the review's inputs)."""

from __future__ import annotations

import pytest

from helpers.linear import assert_linear
from kb_tui.core.parse.code_spans import CodeSpans, split_code
from kb_tui.core.parse.obsidian_marks import hide_comments
from kb_tui.core.parse.tags import tags_in_line
from kb_tui.core.parse.wikilink import replace_wikilinks
from kb_tui.core.render.obsidian import obsidian_markdown
from kb_tui.core.render.obsidian.footnotes import Footnotes


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("a `b` c", ["`b`"]),
        ("``a`b`` `c`", ["``a`b``", "`c`"]),  # closed by a run of the same length only
        ("``a` b", []),  # unmatched runs are literal
        ("``a `b`", ["`b`"]),  # read afresh after an unmatched run
        ("`a\nb`", []),  # never across a line
        ("```", []),
        ("`a`` b`", ["`a`` b`"]),
    ],
)
def test_code_spans_follow_commonmark(text: str, spans: list[str]) -> None:
    assert [text[start:end] for start, end in CodeSpans(text)] == spans
    assert "".join(piece for piece, _ in split_code(text)) == text
    assert [piece for piece, code in split_code(text) if code] == spans


def test_every_user_skips_the_same_code() -> None:
    line = "``[[x]] #x [^1] %%x%%`` `[[y]]` [[z]] #z %%c%%"
    assert replace_wikilinks(line, lambda link: "<>") == line.replace("[[z]]", "<>")
    assert tags_in_line(line) == ["z"]
    assert hide_comments(line) == "``[[x]] #x [^1] %%x%%`` `[[y]]` [[z]] #z "
    notes = Footnotes()
    notes.take_definition("[^1]: a note")
    assert notes.references(line + " [^1]") == line + " ¹"


def test_a_comment_closed_mid_line_reads_code_afresh() -> None:
    assert hide_comments("%%a ` b%% `c %%` d") == " `c %%` d"
    assert hide_comments("a %% ` %% b ` c") == "a  b ` c"


def test_footnote_line_of_backticks_is_linear() -> None:
    """Before: the footnotes' code-span pattern backtracked cubically; ``See [^1] `` and
    1 000 backticks froze the viewer 2.6 s, 3 000 for 82 s."""
    assert_linear(obsidian_markdown, lambda n: "# A\n\nSee [^1] " + "`" * n + "\n\n[^1]: x\n", 100)
    assert_linear(Footnotes().references, lambda n: "[^x] " + "``a`" * n, 50)


def _runs_of_every_length(n: int) -> str:
    """About n characters: backtick runs of lengths 1, 2, 3, ... (none closed)."""
    out, length, size = [], 1, 0
    while size < n:
        out.append("`" * length + "a ")
        size, length = size + length + 2, length + 1
    return "[[a]] #a " + "".join(out)


def test_wikilinks_and_tags_on_runs_of_many_lengths_are_linear() -> None:
    """Before: each run looked for its closer to the line's end (0.76 s for 100 000
    characters): the time grew as n^1.5."""
    assert_linear(
        lambda s: replace_wikilinks(s, lambda link: "x"), _runs_of_every_length, 5_000, 64
    )
    assert_linear(tags_in_line, _runs_of_every_length, 5_000, 64)
    assert_linear(hide_comments, lambda n: _runs_of_every_length(n) + "%%c%%", 5_000, 64)
