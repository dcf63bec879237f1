"""A key pressed before the checklist's list is mounted: the checklist follows it.

The list is mounted after the first frame (``LIST_DELAY``); a selection made meanwhile is
shown "soon" (after the viewer's frame). Mounting the list used to show the pane's older
node and drop the newer one, so ``G`` pressed at start left the checklist on the first
section while the tree and the viewer were on the last (seen in tmux, issue 18's CI).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from textual.widgets import Tree

from kb_tui.tui import checklist as checklist_module
from kb_tui.tui.app import KbApp
from kb_tui.tui.checklist import ChecklistPane
from kb_tui.tui.main_screen import MainScreen
from kb_tui.tui.viewer import Viewer

from .conftest import settle, tree


async def test_a_selection_made_before_the_list_is_mounted_is_the_one_shown(
    make_app: Callable[..., KbApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checklist_module, "LIST_DELAY", 100.0)  # mounted by the test below
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(500):
            await pilot.pause(0.02)
            viewers = app.query(Viewer)
            if viewers and viewers.first().ref is not None and app.session.diagnosis is not None:
                break
        pane = app.query_one(ChecklistPane)
        assert not pane.ready and pane.ref is not None  # the first section, header only
        last = tree(app).root.children[0].children[-1].data  # where G goes: the last section
        assert last is not None and last.key != pane.ref.key
        with tree(app).prevent(Tree.NodeHighlighted):
            assert tree(app).select_key(last.key)  # the tree is there (the selection below)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        screen.selection.show_ref(last, immediate=True)  # G's: the checklist after a frame ...
        await pane._mount_list()  # ... but the list's mounting came first
        await settle(pilot)
        assert pane.ready
        assert pane.ref is not None and pane.ref.key == last.key
