"""Obsidian comments and highlights in plain text (kb_tui.core.parse.obsidian_marks), item
labels and search: comments hidden (never inside code), highlights without their ``==``."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from helpers.linear import assert_linear
from kb_tui.core.model import Item
from kb_tui.core.parse.document import build_document
from kb_tui.core.parse.obsidian_marks import (
    hide_comments,
    highlights,
    plain_label,
    strip_highlights,
)
from kb_tui.core.query.search import SearchIndex
from kb_tui.core.workspace.load import load_kb

MakeVault = Callable[[dict[str, str | bytes]], Path]


def test_inline_and_block_comments_hidden_lines_kept() -> None:
    text = "a %%x%% b\n%%\nhidden\n%%\nc"
    assert hide_comments(text) == "a  b\n\n\n\nc"


def test_comments_inside_code_are_kept() -> None:
    text = "c `%%code%%` d\n```mermaid\n%% a mermaid comment\n```\n~~~\n%%\n~~~\ne"
    assert hide_comments(text) == text


def test_fence_inside_a_comment_is_hidden_with_it() -> None:
    assert hide_comments("%%\n```\ncode\n```\n%%\nafter") == "\n\n\n\n\nafter"


def test_unmatched_backtick_does_not_protect_a_comment() -> None:
    assert hide_comments("a ` b %%gone%% c") == "a ` b  c"


def test_unclosed_comment_hides_the_rest_like_obsidian() -> None:
    assert hide_comments("keep %% open\nlost\nlost") == "keep \n\n"


def test_huge_hostile_comment_input_is_linear() -> None:
    text = ("%%" + "x\x1b[31m" * 50 + "%%\n") * 20_000 + "`" * 5_000
    started = time.perf_counter()
    hidden = hide_comments(text)
    assert time.perf_counter() - started < 2.0
    assert hidden.count("\n") == text.count("\n")
    assert hidden.replace("\n", "") == "`" * 5_000  # every comment closes on its line
    runs = " ".join("`" * n + "a" for n in range(1, 1_500)) + " %%x%%"  # ~1.1 M characters
    started = time.perf_counter()
    assert hide_comments(runs).endswith("a ")
    assert time.perf_counter() - started < 2.0


def test_highlights_lose_their_markers_only() -> None:
    assert strip_highlights("==a b== and ==c==") == "a b and c"
    assert strip_highlights("a == b and x==y") == "a == b and x==y"  # not highlights
    assert strip_highlights("=== not ===") == "=== not ==="


def test_plain_label() -> None:
    assert plain_label("==Highlighted==  load balancer") == "Highlighted load balancer"


def _items(nodes: list[object]) -> list[Item]:
    out: list[Item] = []
    for node in nodes:
        if isinstance(node, Item):
            out.append(node)
        out += _items(getattr(node, "children", []))
        out += _items(getattr(node, "sections", []))
    return out


def test_item_labels_and_commented_out_items(make_vault: MakeVault) -> None:
    note = (
        "# N\n\n## S\n\n"
        "- ==Highlighted== balancer %%internal VIP%%\n"
        "- [/] Migrate `%%kept%%`\n"
        "%%\n- a commented-out item\n%%\n"
        "- after\n"
    )
    kb = load_kb(make_vault({"n.md": note}))
    items = _items(kb.documents[0].sections)
    assert [item.text for item in items] == ["Highlighted balancer", "Migrate %%kept%%", "after"]
    assert [item.line for item in items] == [5, 6, 10]
    assert items[1].checkbox == "/"
    assert items[0].id.endswith("/highlighted-balancer")  # the comment is no part of the ID


def test_search_skips_comments_and_matches_highlights(make_vault: MakeVault) -> None:
    note = "# N\n\n## S\n\n==Load balancer== shown %%secret words%%\n\n%%\nhidden block\n%%\n"
    index = SearchIndex.build(load_kb(make_vault({"n.md": note})))
    assert index.search("secret words").total == 0
    assert index.search("hidden block").total == 0
    hit = index.search("load balancer shown").hits[0]
    assert hit.snippet == "Load balancer shown"


def test_highlights_follow_one_rule() -> None:
    """Labels, the quick preview and the viewer ask the same finder (tests/tui has the
    viewer's side). Before: ``===x===`` gave the label ``=x=`` (unmarked in the viewer),
    ``==a ==b== c`` the label ``a ==b c`` (the viewer marked ``b``), and a ``==`` in code
    closed a highlight."""
    assert highlights("==a b== and ==c==") == [(0, 5), (12, 15)]
    assert strip_highlights("===x===") == "===x==="
    assert strip_highlights("==a ==b== c") == "==a b c"
    assert strip_highlights("==a `b==` c==") == "a `b==` c"
    assert strip_highlights("`==a==` ==b==") == "`==a==` b"
    assert strip_highlights("==a==b==") == "ab=="


def test_highlight_labels_and_preview_are_linear() -> None:
    """Before: the highlight pattern was quadratic on ``==a `` repeated (a 96 KB heading made
    ``kb-tui check`` take 40 s; the quick preview froze the same way)."""
    from kb_tui.tui.preview import preview

    assert_linear(plain_label, lambda n: "==a " * n, 1_000)
    assert_linear(preview, lambda n: "## H\n\n" + "==a " * n, 1_000)
    assert_linear(lambda text: build_document("n.md", text), lambda n: "## " + "==a " * n, 1_000)
