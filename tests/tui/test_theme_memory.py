"""The theme picked in the palette is kept between runs (issue 15 #16f)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tui.core.config import config_path

from .conftest import running, settle


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


async def test_a_theme_picked_is_there_at_the_next_start(make_app, config_home: Path) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), (100, 30)) as (app, pilot):
        assert app.theme != "nord"
        await app.run_action("change_theme")  # the palette's theme list…
        await pilot.pause()
        app.theme = "nord"  # …sets the app's theme, as picking one there does
        await settle(pilot)
    assert config_path().is_relative_to(config_home)
    assert 'theme" = "nord"' in config_path().read_text(encoding="utf-8")
    async with running(make_app(), (100, 30)) as (app, _pilot):
        assert app.theme == "nord"


async def test_a_broken_config_is_reported_and_left_alone(make_app, config_home: Path) -> None:  # type: ignore[no-untyped-def]
    path = config_path()
    path.parent.mkdir(parents=True)
    path.write_text("theme = [unclosed\n", encoding="utf-8")
    async with running(make_app(), (100, 30)) as (app, pilot):
        assert any("Settings not read" in n.message for n in app._notifications)
        app.theme = "nord"
        await settle(pilot)
        assert any("Theme not remembered" in n.message for n in app._notifications)
    assert path.read_text(encoding="utf-8") == "theme = [unclosed\n"  # never overwritten
