"""Issue 18: Obsidian forms in the viewer — callouts as titled panels (folded ones opened by
``z`` or a click on the title, or by a search match inside), highlights marked — and the
snapshots of the fixture vault's Overview (callouts) and Formatting sections."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets._markdown import MarkdownBlock

from kb_tui.tui.app import KbApp
from kb_tui.tui.obsidian_md import (
    MARK_STYLE,
    CalloutQuote,
    CalloutTitle,
    KbMarkdown,
    parser_factory,
)

from .conftest import loaded, running, settle, tree, viewer


class MarkdownOnly(App[None]):
    """kb-tui's Markdown widget alone, for what it draws of a given text."""

    def compose(self) -> ComposeResult:
        yield KbMarkdown(id="md")


FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "obsidian"
NOTE = "Platform Architecture.md"
OVERVIEW = "Platform Architecture.md#platform-architecture/overview"
FORMATTING = "Platform Architecture.md#platform-architecture/formatting"
# Fixed properties: Templater dates would change the picture every day.
FIXED_FRONTMATTER = (
    "---\ntitle: Platform Architecture\nreviewed: 2026-01-05\nowner: platform-team\n---\n"
)


@pytest.fixture
def obsidian_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "vault"
    shutil.copytree(FIXTURE, root)
    note = root / NOTE
    text = note.read_text(encoding="utf-8")
    body = text[text.index("---", 3) + 4 :]
    note.write_text(FIXED_FRONTMATTER + body, encoding="utf-8")
    return root


async def _show(pilot: Pilot[None], key: str) -> KbMarkdown:
    app = await loaded(pilot)
    assert tree(app).select_key(key)
    for _ in range(250):
        await settle(pilot)
        view = viewer(app)
        if view.ready and view.ref is not None and view.ref.key == key:
            break
    markdown = app.query_one(KbMarkdown)
    return markdown


def _callouts(markdown: KbMarkdown) -> dict[str, CalloutQuote]:
    return {quote.callout.title: quote for quote in markdown.query(CalloutQuote) if quote.callout}


async def test_callouts_are_titled_panels_and_fold(obsidian_vault: Path) -> None:
    async with running(KbApp(obsidian_vault), size=(120, 48)) as (app, pilot):
        markdown = await _show(pilot, OVERVIEW)
        callouts = _callouts(markdown)
        assert "Info" in callouts and "Callouts can have custom titles" in callouts
        assert "[!" not in " ".join(str(block.content) for block in markdown.query(CalloutTitle))
        assert callouts["Info"].callout is not None
        assert callouts["Info"].callout.kind.name == "info"
        assert callouts["A type Obsidian does not know"].callout.kind.name == "note"  # type: ignore[union-attr]
        folded = callouts["Are callouts foldable?"]
        assert not folded.is_open and not folded.query_one("CalloutBody").display
        assert callouts["Expanded until you fold it"].is_open
        await pilot.press("z")  # unfold every foldable callout
        await pilot.pause()
        assert folded.is_open and folded.query_one("CalloutBody").display
        await pilot.press("z")  # and fold them all again
        await pilot.pause()
        assert not folded.is_open and not callouts["Expanded until you fold it"].is_open
        title = folded.query_one(CalloutTitle)
        view = viewer(app)
        view.scroll_to_widget(title, animate=False)
        await pilot.pause()
        assert await pilot.click(title)
        await pilot.pause()
        assert folded.is_open
        assert "▾" in str(title.content)


async def test_z_without_callouts_says_so(obsidian_vault: Path) -> None:
    async with running(KbApp(obsidian_vault), size=(120, 40)) as (app, pilot):
        await _show(pilot, FORMATTING)
        await pilot.press("z")
        await pilot.pause()
        assert any("No foldable callouts" in str(n.message) for n in app._notifications)


async def test_search_match_inside_a_folded_callout_opens_it(obsidian_vault: Path) -> None:
    async with running(KbApp(obsidian_vault), size=(120, 48)) as (app, pilot):
        markdown = await _show(pilot, OVERVIEW)
        folded = _callouts(markdown)["Are callouts foldable?"]
        view = viewer(app)
        view.mark_match(("contents are hidden",), 30)
        for _ in range(100):
            await pilot.pause(0.02)
            if view.marked is not None:
                break
        assert view.marked is not None and folded in view.marked.ancestors
        assert folded.is_open


async def test_highlights_are_styled_without_markers(obsidian_vault: Path) -> None:
    async with running(KbApp(obsidian_vault), size=(120, 40)) as (_, pilot):
        markdown = await _show(pilot, FORMATTING)
        texts = {
            block.content.plain: block.content
            for block in markdown.query("MarkdownBlock")
            if hasattr(block, "content") and getattr(block.content, "plain", "")
        }
        line = next(content for plain, content in texts.items() if "two highlights" in plain)
        assert "==" not in line.plain
        marked = [
            line.plain[span.start : span.end] for span in line.spans if span.style == MARK_STYLE
        ]
        assert marked == ["two highlights", "another"]
        assert not any("%%" in plain or "VIP" in plain for plain in texts)
        assert any(re.search("◐ Migrate the DNS zone", plain) for plain in texts)


def test_overview_callouts_snapshot(snap_compare, obsidian_vault: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _show(pilot, OVERVIEW)
        await pilot.press("f2", "f4")  # the viewer alone: the panels at full width
        await settle(pilot)

    assert snap_compare(KbApp(obsidian_vault), terminal_size=(100, 40), run_before=run_before)


def test_formatting_snapshot(snap_compare, obsidian_vault: Path) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot[None]) -> None:
        await _show(pilot, FORMATTING)
        await settle(pilot)

    assert snap_compare(KbApp(obsidian_vault), terminal_size=(100, 40), run_before=run_before)


async def test_callout_titles_and_hostile_text_stay_literal() -> None:
    """A title that looks like markup, a nested ``==`` and an unclosed one are shown as
    written; a quote that only mentions ``[!tip]`` later is no callout."""
    app = MarkdownOnly()
    async with app.run_test() as pilot:
        markdown = app.query_one(KbMarkdown)
        await markdown.update(
            "> [!tip]- [bold]x[/bold] $var\n> ==a ==b== c\n\n> plain [!tip] quote\n\nx == y =="
        )
        await pilot.pause()
        (quote, plain) = list(markdown.query(CalloutQuote))
        title = quote.query_one(CalloutTitle)
        assert str(title.content) == "✦ [bold]x[/bold] $var ▸"
        assert plain.callout is None
        texts = [str(block.content) for block in markdown.query("KbParagraph")]
        assert "x == y ==" in texts


def test_preview_titles_callouts_and_leaves_folded_bodies_out() -> None:
    from kb_tui.tui.preview import preview

    shown = preview(
        "> [!faq]- Folded?\n> hidden body\n> > [!todo] nested, hidden too\n\n"
        "> [!tip]\n> ==shown== body\n\n> plain quote\n"
    )
    assert shown.plain.split("\n")[:5] == ["▌ ? Folded? ▸", "", "▌ ✦ Tip", "▌ shown body", ""]
    assert "hidden" not in shown.plain and "[!" not in shown.plain
    assert "▌ plain quote" in shown.plain


async def test_many_highlights_in_one_paragraph_stay_fast() -> None:
    """Each highlight's place is found once (not by re-reading the paragraph per mark)."""
    import time

    app = MarkdownOnly()
    async with app.run_test() as pilot:
        markdown = app.query_one(KbMarkdown)
        started = time.perf_counter()
        await markdown.update("==a== *b* " * 5_000)
        await pilot.pause()
        assert time.perf_counter() - started < 10.0
        (paragraph,) = markdown.query("KbParagraph")
        marks = [span for span in paragraph.content.spans if span.style == MARK_STYLE]
        assert len(marks) == 5_000


async def test_entities_never_become_bidi_controls() -> None:
    """``&#x202e;`` is a right-to-left override once markdown-it decodes it: in text, in a
    code span, in a link's text or address, in a property, none reaches a block."""
    from kb_tui.core.render.obsidian.properties import properties_block
    from kb_tui.core.text import strip_controls

    text = "\n".join(
        [
            "Body &#x202e;txet and `&#x202e;` and [&#x2066;x](https://e.com/&#x202e;) &#8238;.",
            "",
            *properties_block({"owner": "&#x202e;moc.live"}),
        ]
    )
    app = MarkdownOnly()
    async with app.run_test() as pilot:
        markdown = app.query_one(KbMarkdown)
        await markdown.update(text)
        await pilot.pause()
        shown = [str(block._content) for block in markdown.query(MarkdownBlock)]
        assert any("txet" in text for text in shown) and any("moc.live" in t for t in shown)
        assert all(strip_controls(text) == text for text in shown)
        tokens = parser_factory().parse(text)
        links = [c for t in tokens for c in t.children or [] if c.type == "link_open"]
        assert links and all(strip_controls(str(c.attrs["href"])) == c.attrs["href"] for c in links)


@pytest.mark.parametrize(
    ("source", "marked"),
    [
        ("==a b== and ==c==", ["a b", "c"]),
        ("===x===", []),  # before: the label said ``=x=``, the viewer nothing
        ("==a ==b== c", ["b"]),  # before: the label said ``a ==b c``
        ("==a `b==` c==", ["a `b==` c"]),  # before: the ``==`` in code closed it
        ("x == y ==", []),
    ],
)
def test_viewer_marks_what_labels_unmark(source: str, marked: list[str]) -> None:
    """The viewer's highlights are the core's (the same finder as labels and the preview)."""
    from kb_tui.core.parse.obsidian_marks import highlights

    (inline,) = [token for token in parser_factory().parse(source) if token.type == "inline"]
    children = inline.children or []
    opens = [index for index, child in enumerate(children) if child.type == "mark_open"]
    closes = [index for index, child in enumerate(children) if child.type == "mark_close"]
    shown = [
        "".join(
            child.markup + child.content + child.markup
            if child.type == "code_inline"
            else child.content
            for child in children[start + 1 : end]
        )
        for start, end in zip(opens, closes, strict=True)
    ]
    assert shown == marked
    assert [source[start + 2 : end] for start, end in highlights(source)] == marked
