"""Asking a real browser what a page shows: headless Chromium driven over the DevTools
protocol on a pipe (``--remote-debugging-pipe``: no port, nothing on the network).

The report's own Content-Security-Policy forbids scripts; the DevTools protocol evaluates
outside the page's policy, so the test can measure the laid-out page (sizes, positions,
what is on top at a point) without the report ever running code.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


class _Pipe:
    """One DevTools session: NUL-terminated JSON messages on Chromium's fds 3 (in), 4 (out)."""

    def __init__(self, write_fd: int, read_fd: int) -> None:
        self.write_fd, self.read_fd = write_fd, read_fd
        self.buffer = b""
        self.next_id = 0

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session is not None:
            message["sessionId"] = session
        os.write(self.write_fd, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = os.read(self.read_fd, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(raw)  # type: ignore[no-any-return]


def evaluate(
    chromium: str, url: str, expression: str, profile: Path, size: str = "1200,2000"
) -> Any:
    """Open ``url`` in headless Chromium at window ``size``, wait until it has loaded, and
    return the value of the JavaScript ``expression`` (JSON-serialisable)."""
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()
    command = [
        chromium, *FLAGS, "--remote-debugging-pipe", f"--user-data-dir={profile}",
        f"--window-size={size}", url,
    ]  # fmt: skip

    def fds() -> None:  # the pipe ends Chromium expects as fds 3 and 4
        os.dup2(to_browser_r, 3)
        os.dup2(from_browser_w, 4)

    process = subprocess.Popen(
        command, preexec_fn=fds, pass_fds=(3, 4), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(to_browser_r)
    os.close(from_browser_w)
    pipe = _Pipe(to_browser_w, from_browser_r)
    try:
        session = _attach(pipe)
        deadline = time.monotonic() + 60
        # The first page may still be about:blank: wait for the URL's document, loaded.
        loaded = f"location.href === {json.dumps(url)} && document.readyState === 'complete'"
        while not _value(pipe, session, loaded):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not load")
            time.sleep(0.05)
        return _value(pipe, session, expression)
    finally:
        with contextlib.suppress(OSError, RuntimeError):  # it may be gone already
            pipe.call("Browser.close")
        os.close(to_browser_w)
        os.close(from_browser_r)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _attach(pipe: _Pipe) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        targets = pipe.call("Target.getTargets")["targetInfos"]
        pages = [t for t in targets if t["type"] == "page"]
        if pages:
            result = pipe.call("Target.attachToTarget", targetId=pages[0]["targetId"], flatten=True)
            return str(result["sessionId"])
        time.sleep(0.05)
    raise TimeoutError("no page in chromium")


def _value(pipe: _Pipe, session: str, expression: str) -> Any:
    result = pipe.call("Runtime.evaluate", session, expression=expression, returnByValue=True)
    if "exceptionDetails" in result:
        raise RuntimeError(f"{expression[:60]!r}: {result['exceptionDetails']}")
    return result["result"].get("value")
