"""Issue 13: keys typed right after ``q`` do nothing (``q`` then ``e`` crashed with NoMatches).

A terminal hands ``q`` and whatever follows it to the app in one read; the keys are sent
the same way here (one after the other through the driver, no pause between them).
"""

from __future__ import annotations

import unicodedata

import pytest
from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key

from kb_tui.tui.app import KbApp

from .conftest import CAPACITY, running, settle, tree


def type_at_once(app: KbApp, keys: list[str]) -> None:
    """Send ``keys`` as the driver does when they arrive together (Pilot waits after each)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char: str | None = unicodedata.lookup(_get_unicode_name_from_key(key))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(app)
        driver.send_message(event)


AFTER_Q = ["e", "x", "H", "A", "p", "o", "ctrl+f", "slash", "D", "d", "u", "r", "enter"]


@pytest.mark.parametrize("key", ["e", "x", "p", "ctrl+f", "H", "A", "o", "slash"])
async def test_a_key_right_after_q_does_nothing(make_app, key: str) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        assert tree(app).select_key(CAPACITY)  # an item: e, H and d have something to act on
        await settle(pilot)
        type_at_once(app, ["q", key])
        await pilot.pause(0.5)
    assert app.return_code == 0


async def test_every_key_after_q_does_nothing_and_writes_nothing(make_app, vault) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app()) as (app, pilot):
        assert tree(app).select_key(CAPACITY)
        await settle(pilot)
        type_at_once(app, ["q", *AFTER_Q])
        await pilot.pause(0.5)
    assert app.return_code == 0
    assert not (vault / ".kb-tui" / "status.yaml").exists()  # d after q: not written
