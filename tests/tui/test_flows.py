"""Filter and jump, palette, links and history, export, reload, problems, safety."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Markdown

from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.confirm import ConfirmScreen
from kb_tui.tui.screens.export_dialog import ExportDialog
from kb_tui.tui.screens.links import LinksScreen
from kb_tui.tui.screens.problems import ProblemsScreen

from .conftest import CAPACITY, running, settle, status_of, tree, viewer


async def test_filter_enter_then_status_key(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("slash")
        await pilot.press(*"Capacity planning")
        await settle(pilot)
        assert app.main.filtering.state.active
        assert "capacity-planning" in " ".join(tree(app).nodes)
        assert len([k for k in tree(app).nodes if "#" in k and k.endswith("planning")]) == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is tree(app)
        assert tree(app).current.key == CAPACITY
        await pilot.press("d")
        assert status_of(app, CAPACITY) == "done"
        await pilot.press("escape")
        assert not app.main.filtering.state.active
        assert tree(app).current.key == CAPACITY
        assert len(tree(app).root.children[0].children) == 11  # the whole tree is back


async def test_filter_highlights_matches(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("slash", *"cap plan")
        await settle(pilot)
        node = tree(app).nodes[CAPACITY]
        assert any("underline" in str(span.style) for span in node.label.spans)


async def test_palette_jumps_to_an_item(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Scaling management")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert tree(app).current.title == "Scaling management"


async def test_palette_runs_commands(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("ctrl+p", *"Help")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        from kb_tui.tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)


def _linked_vault(root: Path) -> Path:
    (root / "infra").mkdir()
    (root / "infra" / "a.md").write_text(
        "# A\n\n## Links\n- see [[b#Details|the details]] and [[nowhere]]\n"
        "- web [site](https://example.com/x) and [bad](javascript:alert(1))\n"
        "- file [c](../c.md)\n",
        encoding="utf-8",
    )
    (root / "infra" / "b.md").write_text("# B\n\n## Intro\n- x\n\n## Details\n- y\n", "utf-8")
    (root / "c.md").write_text("# C\n- z\n", encoding="utf-8")
    return root


async def test_links_follow_back_and_forward(vault: Path) -> None:
    root = _linked_vault(vault)
    async with running(KbApp(root)) as (app, pilot):
        tree(app).select_key("infra/a.md#a/links")
        await settle(pilot)
        assert "[the details](kb:b%23Details)" in viewer(app).source_text
        assert "⚠ nowhere (unresolved)" in viewer(app).source_text
        await pilot.press("o")
        assert isinstance(app.screen, LinksScreen)
        await pilot.press("enter")  # first link: [[b#Details]]
        await settle(pilot)
        assert tree(app).current.key == "infra/b.md#b/details"
        await pilot.press("backspace")
        await settle(pilot)
        assert tree(app).current.key == "infra/a.md#a/links"
        await pilot.press("alt+right")
        await settle(pilot)
        assert tree(app).current.key == "infra/b.md#b/details"
        await pilot.press("alt+left")
        await settle(pilot)
        app.main.navigation.follow_href("../c.md")
        await settle(pilot)
        assert tree(app).current.key == "c.md"


async def test_a_link_clicked_in_the_rendered_section_is_followed(vault: Path) -> None:
    root = _linked_vault(vault)
    async with running(KbApp(root)) as (app, pilot):
        tree(app).select_key("infra/a.md#a/links")
        await settle(pilot)
        markdown = app.query_one("#viewer-md", Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "kb:b%23Details"))
        await settle(pilot)
        assert tree(app).current.key == "infra/b.md#b/details"


async def test_web_links_open_only_on_explicit_key(vault: Path) -> None:
    root = _linked_vault(vault)
    app = KbApp(root)
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with running(app) as (app, pilot):
        tree(app).select_key("infra/a.md#a/links")
        await settle(pilot)
        app.main.navigation.follow_href("javascript:alert(1)")
        app.main.navigation.follow_href("file:///etc/passwd")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        app.main.navigation.follow_href("https://example.com/x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert opened == []
        app.main.navigation.follow_href("https://example.com/x")
        await pilot.pause()
        await pilot.press("o")
        assert opened == ["https://example.com/x"]
        app.main.navigation.follow_href("kb-missing:nowhere")
        await pilot.pause()
        assert any("Unresolved link" in n.message for n in app._notifications)


async def test_export_dialog_writes_report(make_app, vault: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    async with running(app) as (app, pilot):
        await pilot.press("x")
        assert isinstance(app.screen, ExportDialog)
        from textual.widgets import Input, Select

        app.screen.query_one("#format", Select).value = "json"
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        for _ in range(50):
            await pilot.pause(0.05)
            if target.exists() and not isinstance(app.screen, ExportDialog):
                break
        assert target.exists() and '"schema": "kb-tui/report@1"' in target.read_text()
        assert any("Report written to" in n.message for n in app._notifications)


async def test_export_dialog_shows_errors(make_app, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("x")
        from textual.widgets import Input, Static

        app.screen.query_one("#path", Input).value = str(tmp_path / "missing" / "dir" / "r.md")
        await pilot.press("ctrl+s")
        for _ in range(40):
            await pilot.pause(0.05)
            if str(app.screen.query_one("#export-error", Static).render()).strip():
                break
        assert isinstance(app.screen, ExportDialog)
        assert "cannot write" in str(app.screen.query_one("#export-error", Static).render())


async def test_reload_picks_up_edits_and_keeps_selection(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        tree(app).select_key(CAPACITY)
        await settle(pilot)
        doc = vault / "infrastructure-architecture.md"
        doc.write_text(
            doc.read_text().replace(
                "- Capacity planning\n", "- Capacity planning\n   - Power budget\n"
            )
        )
        await pilot.press("r")
        for _ in range(50):
            await pilot.pause(0.05)
            if any(k.endswith("power-budget") for k in tree(app).nodes):
                break
        assert any(k.endswith("power-budget") for k in tree(app).nodes)
        assert tree(app).current.key == CAPACITY


async def test_problems_view_lists_and_jumps(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("p")
        assert isinstance(app.screen, ProblemsScreen)
        assert len(app.screen.problems) == 18  # what kb-tui check reports
        rows = app.screen.rows
        await pilot.press(*"j" * next(i for i, p in enumerate(rows) if p.line == 46))
        await pilot.press("enter")  # mojibake at line 46
        await settle(pilot)
        assert tree(app).current.title == "💻 Compute Infrastructure"


async def test_mermaid_drawn_and_source_toggle(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        tree(app).select_key(
            "infrastructure-architecture.md#infrastructure-architecture/"
            "architecture-framework/core-components"
        )
        await settle(pilot)
        assert "┌" in viewer(app).source_text and "▼" in viewer(app).source_text
        assert "graph TD" not in viewer(app).source_text
        await pilot.press("m")
        await settle(pilot)
        assert "graph TD" in viewer(app).source_text


async def test_document_text_is_never_markup(vault: Path) -> None:
    (vault / "evil.md").write_text(
        "# [bold red]Evil[/] \x1b[2J\x1b]52;c;aGk=\x07\n- [@click=app.quit]quit[/] item\n"
        "- [link=file:///etc/passwd]x[/]\n",
        encoding="utf-8",
    )
    async with running(KbApp(vault)) as (app, pilot):
        tree(app).select_key("evil.md")
        await settle(pilot)
        labels = [str(n.label) for n in tree(app).nodes.values()]
        assert any("[@click=app.quit]quit[/] item" in label for label in labels)
        assert not any("\x1b" in label for label in labels)
        item = next(n for n in tree(app).nodes.values() if "click" in str(n.label))
        tree(app).move_cursor(item)
        await pilot.click(tree(app), offset=(10, item.line))
        await pilot.pause()
        assert app.is_running
        assert "\x1b" not in viewer(app).source_text


async def test_read_only_store_shows_banner_and_refuses(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    store = vault / ".kb-tui" / "status.yaml"
    store.parent.mkdir()
    store.write_text("<<<<<<< HEAD\nitems: {}\n=======\n>>>>>>> other\n")
    async with running(make_app()) as (app, pilot):
        banner = app.query_one("#banner")
        assert banner.display and "Read-only" in str(banner.render())
        tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("d")
        assert store.read_text().startswith("<<<<<<< HEAD")
        assert any("read-only" in n.message for n in app._notifications)
