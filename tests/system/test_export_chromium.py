"""The HTML report in a real browser: headless Chromium renders it and shows every item,
the burn-up chart and the changes of the period (measured over the DevTools protocol:
:mod:`helpers.browser`).

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

from helpers.browser import evaluate
from helpers.reports import CLOCK, fixed_period, fixed_vault
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
    period = fixed_period(store)
    export(kb, "html", str(path), generated_at=CLOCK, title="Chromium check", period=period)
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
    assert parsed.tags.count("details") == 9 and parsed.tags.count("svg") == 3


# Laid out, on screen, not covered: scrolled to, its centre is itself (or inside it).
_SHOWN = """
const shown = (el) => {
  el.scrollIntoView({block: 'center'});
  const r = el.getBoundingClientRect(), s = getComputedStyle(el);
  const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
  return r.width > 0 && r.height > 0 && s.display !== 'none' && s.visibility === 'visible'
    && s.opacity !== '0' && !!hit && (hit === el || el.contains(hit));
};
"""


def test_chart_and_changes_are_visible(report: tuple[Path, list[str]], tmp_path: Path) -> None:
    path, _ = report
    assert CHROMIUM is not None
    expression = (
        "(() => {"
        + _SHOWN
        + r"""
        const chart = document.querySelector('svg.burnup');
        const changes = document.querySelector('section.changes');
        const line = (name) => chart.querySelector('polyline.' + name).getTotalLength();
        return {
          chart: shown(chart), done: line('done'), applicable: line('applicable'),
          dots: chart.querySelectorAll('circle').length,
          title: chart.querySelector('title').textContent,
          heading: shown(changes.querySelector('h2')) && changes.querySelector('h2').innerText,
          rows: [...changes.querySelectorAll('tbody tr')].map(
            (tr) => shown(tr) && tr.innerText.replace(/\s+/g, ' ')),
          pace: document.querySelector('p.pace').innerText,
          page: document.title,
        };
      })()"""
    )
    seen = evaluate(CHROMIUM, path.as_uri(), expression, tmp_path / "profile")
    assert seen["chart"] and seen["done"] > 600 and seen["applicable"] > 600
    assert seen["dots"] == 7  # a week each, Dec 21 to the report's day
    assert seen["title"] == "Burn-up: done and applicable items week by week"
    assert seen["heading"] == "Changes since 2026-01-06 00:00 UTC (4)"
    assert len(seen["rows"]) == 4 and all(seen["rows"])
    firewalls = next(row for row in seen["rows"] if "Firewalls" in row)
    assert "2026-01-06 10:30 tester Firewalls in_progress → blocked" in firewalls
    assert seen["pace"].startswith("Pace: ")
    assert seen["page"] == "Chromium check", "a script ran and changed the title"
