"""Issue 15 #8 and #15 snapshots at 80×24: the note editor keeps its button labels, and the
history dialog names the item once and says what each change was."""

from __future__ import annotations

import json
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from kb_tui.core.status.store import StatusStore
from kb_tui.tui.app import KbApp

from .conftest import CAPACITY, loaded, settle, tree

HISTORY = [  # an old-format line (no "v"), then format 2 lines
    {"time": "2026-01-05T09:00:00Z", "user": "ana", "item": CAPACITY, "from": None, "to": "todo",
     "note": "first guess"},
    {"time": "2026-01-06T10:15:00Z", "user": "ana", "item": CAPACITY, "from": "todo",
     "to": "in_progress", "note": "first guess", "v": 2, "owner": "ana", "owner_from": ""},
    {"time": "2026-01-07T11:30:00Z", "user": "bob", "item": CAPACITY, "from": "in_progress",
     "to": "in_progress", "note": "sized for 2027", "v": 2, "owner": "ana",
     "note_from": "first guess"},
    {"time": "2026-01-08T12:45:00Z", "user": "bob", "item": CAPACITY, "from": "in_progress",
     "to": "done", "note": "", "v": 2, "owner": "bob", "owner_from": "ana",
     "note_from": "sized for 2027"},
]  # fmt: skip


async def _on_capacity(pilot: Pilot[None]) -> None:
    app = await loaded(pilot)
    tree(app).select_key(CAPACITY)
    await settle(pilot)


def test_note_editor_80x24(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    StatusStore(vault / ".kb-tui" / "status.yaml").set(
        CAPACITY, "in_progress", note="sized for 2027\nreview in March", owner="ana"
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await _on_capacity(pilot)
        await pilot.press("e")
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#owner", Input).cursor_blink = False  # no timing in the picture
        screen.query_one("#note", TextArea).cursor_blink = False
        await settle(pilot)

    assert snap_compare(KbApp(vault), terminal_size=(80, 24), run_before=run_before)


def test_history_dialog_80x24(snap_compare, vault: Path) -> None:  # type: ignore[no-untyped-def]
    folder = vault / ".kb-tui"
    folder.mkdir()
    lines = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in HISTORY)
    (folder / "history.jsonl").write_text(lines, encoding="utf-8")

    async def run_before(pilot: Pilot[None]) -> None:
        await _on_capacity(pilot)
        await pilot.press("H")
        await settle(pilot)
        await pilot.press("end")  # the last change: cut with … in the list, whole below it
        await settle(pilot)

    assert snap_compare(KbApp(vault), terminal_size=(80, 24), run_before=run_before)
