"""The HTML report in a real browser: headless Chromium renders it and shows every item.

``.ci/run`` installs Debian's ``chromium``; without it these tests skip, saying so.
"""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers.reports import CLOCK, fixed_vault
from kb_tui.core.report.export import export
from kb_tui.core.workspace.open import open_workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (apt-get install chromium; .ci/run does)"
)
HOSTILE = "<script>document.title='pwned'</script> | =HYPERLINK(\"x\") [[w]]"


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


class _Dom(HTMLParser):
    """Tags and the text of every ``item-text`` span, as the browser serialised them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.items: list[str] = []
        self.title = ""
        self._depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_title = tag == "title" and "svg" not in self.tags
        if ("class", "item-text") in attrs:
            self._depth = 1
            self.items.append("")
        elif self._depth:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.items[-1] += data
        if self._in_title:
            self.title += data


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    tmp_path = tmp_path_factory.mktemp("chromium")
    vault, store = fixed_vault(tmp_path)
    with (vault / "infrastructure-architecture.md").open("a", encoding="utf-8") as handle:
        handle.write("\n## Hostile\n\n```yaml\nhostile:\n  - " + json.dumps(HOSTILE) + "\n```\n")
    kb = open_workspace(vault, store).kb
    path = tmp_path / "report.html"
    export(kb, "html", str(path), generated_at=CLOCK, title="Chromium check")
    return path, [item.text for item in kb.iter_items()]


def test_screenshot_is_a_real_image(report: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _ = report
    shot = tmp_path / "shot.png"
    result = chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,2000", path.as_uri())
    assert shot.is_file(), result.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 2000)
    assert len(data) > 50_000, "a blank page compresses to a few kilobytes"


def test_dump_dom_shows_every_item_escaped(report: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, texts = report
    result = chromium(tmp_path, "--dump-dom", path.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    parsed = _Dom()
    parsed.feed(dom)
    assert HOSTILE in texts and len(texts) == 136
    assert parsed.items == texts
    assert "script" not in parsed.tags
    assert parsed.title == "Chromium check", "a script ran and changed the title"
    assert escape(HOSTILE, quote=False) in dom
    assert parsed.tags.count("details") == 9 and parsed.tags.count("svg") == 2
