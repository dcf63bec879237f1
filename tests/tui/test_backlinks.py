"""Backlinks in the links screen (key ``o``), Obsidian link forms followed in the explorer,
and broken links in the problems view (key ``p``)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable, OptionList

from kb_tui.core.links.backlinks import Backlink
from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.links import LinksScreen
from kb_tui.tui.screens.problems import ProblemsScreen

from .conftest import running, settle, tree, viewer

B_DETAILS = "infra/b.md#b/details"
A_LINKS = "infra/a.md#a/links"


def _vault(root: Path) -> Path:
    (root / "infra").mkdir()
    (root / "notes").mkdir()
    (root / "infra" / "a.md").write_text(
        "# A\n\n## Links\n- see [[b#Details|the details]] and [[nowhere]]\n"
        "- nested [[b#Details#Deep]] and block [[b#^key-fact]]\n"
        "- missing heading [[b#No Such Part]]\n",
        encoding="utf-8",
    )
    (root / "infra" / "b.md").write_text(
        "# B\n\n## Intro\n- x ^key-fact\n- back to [[#Details]]\n\n## Details\n- y\n\n"
        "### Deep\n- z\n",
        encoding="utf-8",
    )
    (root / "notes" / "c.md").write_text(
        "# C\n\n## Refs\n- whole note: [B](../infra/b.md) \x1b[31m[[b]]\n", encoding="utf-8"
    )
    return root


def _options(screen: LinksScreen) -> list[tuple[str | None, str, bool]]:
    options = screen.query_one(OptionList).options
    return [
        (o.id, o.prompt.plain if isinstance(o.prompt, Text) else str(o.prompt), o.disabled)
        for o in options
    ]


async def _choose(pilot, screen: LinksScreen, source: str, line: int) -> None:  # type: ignore[no-untyped-def]
    """Move the highlight with the keyboard to the backlink from source:line, press enter."""
    wanted = next(
        key
        for key, choice in screen.choices.items()
        if isinstance(choice, Backlink) and (choice.source, choice.line) == (source, line)
    )
    ids = [option.id for option in screen.query_one(OptionList).options]
    for _ in range(len(ids)):
        highlighted = screen.query_one(OptionList).highlighted
        if highlighted is not None and ids[highlighted] == wanted:
            break
        await pilot.press("down")
    await pilot.press("enter")


async def test_links_screen_shows_section_and_document_backlinks(vault: Path) -> None:
    async with running(KbApp(_vault(vault))) as (app, pilot):
        assert tree(app).select_key(B_DETAILS)
        await settle(pilot)
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, LinksScreen)
        rows = _options(screen)
        headers = [text for _, text, disabled in rows if disabled]
        assert headers[:3] == [
            "Links in this section (0)",
            "No links in this section.",
            "Backlinks to this section, Details (3)",
        ]
        assert headers[3] == "Other backlinks to this document, B (3)"
        section_part = rows[rows.index((None, headers[2], True)) + 1 :][:3]
        assert [text.split("\n")[0] for _, text, _ in section_part] == [
            "← A › Links  infra/a.md:4",
            "← A › Links  infra/a.md:5",  # [[b#Details#Deep]] lands inside Details
            "← B › Intro  infra/b.md:5",  # a link inside b itself
        ]
        assert "see [[b#Details|the details]] and [[nowhere]]" in section_part[0][1]
        every = "\n".join(text for _, text, _ in rows)
        assert "notes/c.md:4" in every and "\x1b" not in every  # controls stripped
        await _choose(pilot, screen, "notes/c.md", 4)
        await settle(pilot)
        assert tree(app).current.key == "notes/c.md#c/refs"
        await pilot.press("backspace")  # back, as after following a link
        await settle(pilot)
        assert tree(app).current.key == B_DETAILS


async def test_backlinks_of_a_document_node_and_enter_goes_there(vault: Path) -> None:
    async with running(KbApp(_vault(vault))) as (app, pilot):
        assert tree(app).select_key("infra/b.md")
        await settle(pilot)
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, LinksScreen)
        headers = [text for _, text, disabled in _options(screen) if disabled]
        assert "Backlinks to this document, B (6)" in headers
        await _choose(pilot, screen, "infra/a.md", 5)
        await settle(pilot)
        assert tree(app).current.key == A_LINKS


async def test_following_obsidian_link_forms(vault: Path) -> None:
    async with running(KbApp(_vault(vault))) as (app, pilot):
        assert tree(app).select_key(A_LINKS)
        await settle(pilot)
        text = viewer(app).source_text
        assert "⚠ nowhere (unresolved)" in text and "(unresolved)" not in text.replace(
            "⚠ nowhere (unresolved)", ""
        )
        app.main.navigation.follow_href("kb:b%23Details%23Deep")
        await settle(pilot)
        assert tree(app).current.key == "infra/b.md#b/details/deep"
        app.main.navigation.follow_href("kb:b%23%5Ekey-fact")
        await settle(pilot)
        assert tree(app).current.key == "infra/b.md#b/intro"
        app.main.navigation.follow_href("kb:b%23No%20Such%20Part")
        await settle(pilot)
        assert tree(app).current.key == "infra/b.md"  # the document opens...
        assert any("no heading 'No Such Part'" in n.message for n in app._notifications)


async def test_problems_view_lists_broken_links_and_jumps(vault: Path) -> None:
    async with running(KbApp(_vault(vault))) as (app, pilot):
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, ProblemsScreen)
        await settle(pilot)
        broken = [
            (p.code, p.path, p.line)
            for p in screen.rows
            if p.code.startswith("link-") and p.path.startswith("infra/")
        ]
        assert broken == [
            ("link-unresolved", "infra/a.md", 4),
            ("link-heading-missing", "infra/a.md", 6),
        ]
        table = screen.query_one(DataTable)
        row = next(i for i, p in enumerate(screen.rows) if p.code == "link-heading-missing")
        table.move_cursor(row=row)
        await pilot.press("enter")
        await settle(pilot)
        assert tree(app).current.key == A_LINKS


async def test_backlinks_built_once_per_load_and_again_after_reload(vault: Path) -> None:
    root = _vault(vault)
    async with running(KbApp(root)) as (app, pilot):
        first = app.main.navigation.backlinks()
        assert (
            first is not None and app.main.navigation.backlinks() is first
        )  # cached for this load
        assert len(first.to_document("infra/b.md")) == 6
        (root / "notes" / "d.md").write_text("# D\n- [[b#Intro]]\n", encoding="utf-8")
        workspace = app.session.workspace
        await pilot.press("r")
        for _ in range(200):
            await pilot.pause(0.05)
            if app.session.workspace is not workspace and app.session.link_index is not None:
                break
        await settle(pilot)
        again = app.main.navigation.backlinks()
        assert again is not None and again is not first
        assert ("notes/d.md", 2) in {(b.source, b.line) for b in again.to_document("infra/b.md")}
