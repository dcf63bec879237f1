"""The problems view shows a finding's repair as a diff, and ``a`` applies that one repair."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.tui.app import KbApp
from kb_tui.tui.screens.problems import ProblemsScreen
from tui.conftest import loaded, problems_view, settle

BROKEN = (DOCTOR_FIXTURES / "broken.md").read_bytes()


@pytest.fixture
def broken_vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    (root / "broken.md").write_bytes(BROKEN)
    (root / "ok.md").write_text("# OK\n- [[nowhere]]\n", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return root


def diff_shown(screen: ProblemsScreen) -> str:
    return str(screen.query_one("#problem-diff").render())


@pytest.mark.slow
async def test_problems_view_shows_the_diff_and_applies_one_repair(broken_vault: Path) -> None:
    app = KbApp(broken_vault)
    async with app.run_test(size=(140, 48)) as pilot:
        await loaded(pilot)
        screen = await problems_view(pilot)
        codes = [p.code for p in screen.rows]
        assert "fence-info-on-close" in codes
        link = codes.index("link-unresolved")
        fence = codes.index("fence-info-on-close")
        for _ in range(link):
            await pilot.press("j")
        await settle(pilot)
        assert "No automatic repair" in diff_shown(screen)
        await pilot.press("a")  # no repair: nothing happens, the view stays
        await settle(pilot)
        assert app.screen is screen
        for _ in range(abs(fence - link)):
            await pilot.press("j" if fence > link else "k")
        await settle(pilot)
        assert screen.selected() is screen.rows[fence]
        shown = diff_shown(screen)
        assert "-```text" in shown and "+```" in shown
        assert (broken_vault / "broken.md").read_bytes() == BROKEN
        await pilot.press("a")
        for _ in range(100):
            await pilot.pause(0.05)
            if (
                app.workspace is not None
                and not any(
                    p.path == "broken.md" and p.line == 7 for p in app.workspace.kb.problems
                )
                and not isinstance(app.screen, ProblemsScreen)
            ):
                break
        assert not isinstance(app.screen, ProblemsScreen)
        assert (broken_vault / "broken.md").read_bytes() == BROKEN.replace(b"```text", b"```")
        assert list((broken_vault / ".kb-tui" / "backup").iterdir())
        await pilot.pause(0.5)
        titles = [s.title for d in app.workspace.kb.documents for s in d.iter_sections()]
        assert "Architecture Layers" in titles  # the reload shows the section that reappeared
