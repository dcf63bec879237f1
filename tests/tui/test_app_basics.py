"""Start-up, navigation keys, layout and the help screen."""

from __future__ import annotations

from kb_tui.tui.screens.help import HelpScreen

from .conftest import checklist, running, settle, tree, viewer


async def test_opens_with_tree_viewer_checklist_and_first_section(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, _pilot):
        labels = [str(node.label) for node in tree(app).root.children[0].children]
        assert labels[0].startswith("📋 Overview")
        assert any("🎯 Architecture Framework" in label and "0/17 0%" in label for label in labels)
        assert tree(app).current is not None and tree(app).current.title == "📋 Overview"
        assert "📋 Overview" in viewer(app).source_text
        assert app.sub_title.startswith("0/135 done · 0%")
        assert app.sub_title.endswith("⚠ 18 warnings (p)")  # as kb-tui check counts
        assert checklist(app).ref is not None


async def test_navigation_keys_move_expand_and_collapse(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        t = tree(app)
        await pilot.press("j")
        assert t.current.title == "🎯 Architecture Framework"
        await pilot.press("l")
        assert t.cursor_node.is_expanded
        await pilot.press("j")
        assert t.current.title == "Core Components"
        await pilot.press("h")  # on a collapsed node: go to the parent
        assert t.current.title == "🎯 Architecture Framework"
        await pilot.press("h")  # on an expanded node: collapse
        assert not t.cursor_node.is_expanded
        await pilot.press("G")
        assert t.current.title == "🔄 Change Log"
        await pilot.press("g")
        assert t.current.kind == "document"
        await pilot.press("k", "down", "down")
        assert t.current.title == "🎯 Architecture Framework"
        await pilot.press("enter")
        assert t.cursor_node.is_expanded
        await settle(pilot)
        assert "Architecture Framework" in viewer(app).source_text


async def test_tab_moves_between_panes(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        assert app.focused is tree(app)
        await pilot.press("tab")
        assert app.focused is not None and app.focused.id in ("viewer", "viewer-md")
        await pilot.press("tab")
        assert app.focused is checklist(app).option_list
        await pilot.press("shift+tab")
        assert app.focused is not None and app.focused.id in ("viewer", "viewer-md")


async def test_help_screen_lists_every_binding(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        from kb_tui.tui.commands import APP_COMMANDS, ITEM_COMMANDS
        from kb_tui.tui.screens.help import bindings_table

        table = bindings_table()
        rows = " ".join(str(cell) for column in table.columns for cell in column._cells)
        for command in (*ITEM_COMMANDS, *APP_COMMANDS):
            assert command.help() in rows
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_narrow_terminal_stacks_panes(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), size=(100, 30)) as (app, _pilot):
        assert app.screen.has_class("-narrow")
        for pane in ("#tree-pane", "#viewer", "#checklist"):
            widget = app.query_one(pane)
            assert widget.display and widget.region.width >= 20 and widget.region.height >= 5


async def test_pane_toggles(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("f4")
        assert not app.query_one("#checklist").display
        await pilot.press("f4")
        assert app.query_one("#checklist").display
        await pilot.press("f2")
        assert not app.query_one("#tree-pane").display
        assert app.focused is not tree(app)


async def test_quit_key(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        await pilot.press("q")
        assert app._exit  # type: ignore[attr-defined]
