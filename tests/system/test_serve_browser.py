"""``kb-tui serve`` in a real browser: headless Chromium, driven by Playwright, shows the
tree, moves with the keyboard, marks an item, and the store on disk has it; served
``--read-only``, the mark is refused (the store untouched) and the export is a download.

The screen is read from the page's xterm.js buffer (:mod:`helpers.served`). ``.ci/run``
installs Debian's ``chromium`` and Playwright comes with the test extras; without either
these tests skip, saying so. No browser is downloaded.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from helpers.paths import FIXTURES
from helpers.served import browser, environment, missing, serving

pytestmark = [
    pytest.mark.skipif(missing() is not None, reason=missing() or ""),
    pytest.mark.slow,
]
ITEM = "Write the runbook"

if TYPE_CHECKING:
    from playwright.sync_api import Download


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    shutil.copytree(FIXTURES / "obsidian", root)
    return root


def stored(vault: Path) -> dict[str, dict[str, str]]:
    """The store's entries (docs/store.md: ``<vault>/.kb-tui/status.yaml``)."""
    store = vault / ".kb-tui" / "status.yaml"
    if not store.exists():
        return {}
    items: dict[str, dict[str, str]] = yaml.safe_load(store.read_text())["items"] or {}
    return items


def runbook(vault: Path) -> dict[str, str] | None:
    entries = [entry for key, entry in stored(vault).items() if key.endswith("/write-the-runbook")]
    return entries[0] if entries else None


def test_the_tree_the_keyboard_and_a_mark_reach_the_store(vault: Path, tmp_path: Path) -> None:
    with serving(vault, environment(tmp_path), tmp_path / "serve.log") as url, browser(url) as web:
        screen = web.wait_for(lambda s: "Platform Architectu" in s and "notes" in s)
        assert "read-only" not in screen.splitlines()[0]
        web.keys("j")  # from the notes folder to the Platform Architecture document
        web.wait_for(lambda s: "Platform Architecture.md" in s)
        web.keys("/")
        web.type(ITEM)
        web.keys("Enter")  # the filter's best match: the item, under the cursor
        web.wait_for(lambda s: f"○ {ITEM}" in s)
        web.keys("d")
        web.wait_for(lambda s: f"● {ITEM}" in s)
        for _ in range(100):  # the writer thread writes the store right after
            if runbook(vault) is not None:
                break
            web.page.wait_for_timeout(100)
    entry = runbook(vault)
    assert entry is not None and entry["status"] == "done", stored(vault)
    assert entry["by"] == "browser"


def test_read_only_refuses_the_mark_and_offers_the_report_as_a_download(
    vault: Path, tmp_path: Path
) -> None:
    log = tmp_path / "serve.log"
    with serving(vault, environment(tmp_path), log, "--read-only") as url, browser(url) as web:
        screen = web.wait_for(lambda s: "read-only" in s.splitlines()[0])
        web.keys("/")
        web.type(ITEM)
        web.keys("Enter")
        web.wait_for(lambda s: f"○ {ITEM}" in s)
        web.keys("d", "Space", "e")
        screen = web.wait_for(lambda s: "read-only: nothing is changed" in s)
        assert f"○ {ITEM}" in screen and f"● {ITEM}" not in screen
        web.keys("Escape")  # the filter goes; the export is of every item
        web.keys("x")
        web.wait_for(lambda s: "Download a checklist report" in s)
        downloads: list[Download] = []

        def started(download: Download) -> None:
            downloads.append(download)

        # textual-serve opens the download's URL in a new tab: any page's download counts.
        web.page.context.on("page", lambda page: page.on("download", started))
        web.page.on("download", started)
        web.keys("Control+s")
        web.wait_for(lambda s: "Report offered as a download" in s)
        for _ in range(100):
            if downloads:
                break
            web.page.wait_for_timeout(100)
        assert downloads, "no download started"
        download = downloads[0]
        assert download.suggested_filename.endswith(".md")
        saved = tmp_path / "report.md"
        download.save_as(saved)
    report = saved.read_text()
    assert ITEM in report and "Platform Architecture" in report
    assert not (vault / ".kb-tui").exists()  # nothing was written beside the vault
    assert not list(vault.rglob("kb-report-*"))
