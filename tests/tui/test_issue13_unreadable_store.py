"""Issue 13: an unreadable status store is never shown as if its statuses were known.

The header says the statuses are unreadable instead of ``0/135 done``; a banner names the
file and line and says that nothing will be written; status keys give that error and the
file is left as it is.
"""

from __future__ import annotations

import re
from pathlib import Path

from textual.widgets import Static

from kb_tui.tui.app import KbApp

from .conftest import CAPACITY, running, settle, status_of, tree
from .test_live_reload import press_on, until, watching

BROKEN = 'items:\n  "a.md#x":\n    status: done\n    note: [unclosed\n'


def banner(app: KbApp) -> str:
    found = app.query("#banner")
    return str(found.first(Static).render()) if found else ""


async def test_an_unreadable_store_is_said_plainly_and_never_written(make_app, vault: Path) -> None:  # type: ignore[no-untyped-def]
    store = vault / ".kb-tui" / "status.yaml"
    store.parent.mkdir()
    store.write_text(BROKEN)
    async with running(make_app()) as (app, pilot):
        text = banner(app)
        assert re.search(re.escape(str(store)) + r":\d+: ", text), text  # file:line
        assert "could not be read" in text and "nothing will be written" in text
        assert "statuses unreadable" in app.sub_title
        assert "done" not in app.sub_title  # no "0/135 done" as if it were true
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert not app.session.writes and status_of(app, CAPACITY) is None
        last = list(app._notifications)[-1].message
        assert "read-only" in last and str(store) in last
        assert store.read_text() == BROKEN


async def test_a_store_broken_while_running_shows_the_statuses_last_read(
    make_app, vault: Path
) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        app, _ = await watching(pilot)
        await press_on(pilot, app, CAPACITY, "d")
        await until(pilot, lambda: not app.session.writes)
        path = vault / ".kb-tui" / "status.yaml"
        good = path.read_text()
        path.write_text(good + "  broken: [\n")
        await until(pilot, lambda: bool(banner(app)))
        assert "statuses as last read" in app.sub_title and "1/135 done" in app.sub_title
        assert "Showing the statuses last read" in banner(app) and str(path) in banner(app)
        await pilot.press("b")
        assert status_of(app, CAPACITY) == "done" and path.read_text().endswith("[\n")
        path.write_text(good)
        await until(pilot, lambda: not banner(app))
        assert app.sub_title.startswith("1/135 done")
