"""``kb-tui serve`` driven in a real browser: the server as a subprocess, headless Chromium
(Debian's, ``/usr/bin/chromium``: no browser is downloaded) driven by Playwright.

textual-serve draws the terminal with xterm.js on a canvas, so the page holds no text to
read. The page's xterm ``Terminal`` is not exposed either; :data:`HOOK`, run before the
page's scripts, notes each ``Terminal`` as it is built (the one object that gets an
``_addonManager``), and :meth:`Browser.screen` reads its buffer, row by row, as text:
what the user sees, without pixels.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOOK = """
Object.defineProperty(Object.prototype, '_addonManager', {
  configurable: true,
  set(value) {
    Object.defineProperty(this, '_addonManager',
      {value: value, writable: true, configurable: true, enumerable: true});
    (window.__kbTerminals = window.__kbTerminals || []).push(this);
  },
});
"""
READ = """() => {
  const term = (window.__kbTerminals || [])[0];
  if (!term) return null;
  const buffer = term.buffer.active, rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(y);
    rows.push(line ? line.translateToString(true) : '');
  }
  return rows.join('\\n');
}"""


def missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return "no chromium (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "no playwright (pip install -e '.[test]')"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(vault: Path, env: dict[str, str], log: Path, *options: str) -> Iterator[str]:
    """``kb-tui serve VAULT`` on a free port, its output in ``log``; yields its URL once it
    listens, stops it afterwards."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "kb_tui", "serve", str(vault), "--port", str(port)]
    with log.open("w") as out:
        process = subprocess.Popen([*command, *options], env=env, stdout=out, stderr=out)
    try:
        deadline = time.monotonic() + 60
        while url not in log.read_text():  # "kb-tui: serving the explorer on URL"
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Browser:
    """One page of headless Chromium on a served explorer."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def screen(self) -> str:
        text = self.page.evaluate(READ)
        return text if isinstance(text, str) else ""

    def wait_for(self, test: Callable[[str], bool], timeout: float = 30) -> str:
        """The screen, once ``test`` holds for it (else fail, showing the screen)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if test(screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError("timed out; the browser shows:\n" + screen)
            time.sleep(0.1)

    def keys(self, *keys: str) -> None:
        """Press ``keys`` (Playwright's names: ``j``, ``Enter``, ``Control+s``) in the terminal."""
        self.page.focus("textarea.xterm-helper-textarea")
        for key in keys:
            self.page.keyboard.press(key)
            time.sleep(0.15)  # one key at a time, as a person types

    def type(self, text: str) -> None:
        self.page.focus("textarea.xterm-helper-textarea")
        self.page.keyboard.type(text, delay=30)


@contextlib.contextmanager
def browser(url: str, width: int = 1280, height: int = 800) -> Iterator[Browser]:
    """Headless Chromium on ``url``, the explorer drawn (its header says "done")."""
    from playwright.sync_api import sync_playwright  # only once missing() said it is there

    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=ARGS)
        try:
            page = chromium.new_page(viewport={"width": width, "height": height})
            page.add_init_script(HOOK)
            # Only the server under test: textual-serve's page also asks Google for a font.
            page.route(re.compile(r"^(?!http://127\.0\.0\.1[:/])"), lambda route: route.abort())
            page.goto(url)
            shown = Browser(page)
            shown.wait_for(lambda screen: " done" in screen, timeout=60)
            yield shown
        finally:
            chromium.close()


def environment(tmp_path: Path) -> dict[str, str]:
    """The server's environment: a private state folder and user, no live reload noise."""
    env = dict(os.environ)
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), KB_TUI_USER="browser")
    env.update(XDG_DOWNLOAD_DIR=str(tmp_path / "downloads"))
    return env
