"""SIGKILL of the explorer while it writes statuses never leaves a broken or lying store.

The real ``kb-tui`` runs on a pseudo-terminal; ``space`` cycles an item's status as fast as
keys can be typed, and the process is killed at a random moment. Afterwards the store must
load, and agree with the history: a write replaces the store first and then appends the
history line, so the store may be at most one change ahead of the history, never behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import shutil
import sys
import time
from pathlib import Path

import pytest

from helpers.paths import SAMPLE
from helpers.ptyrun import drain, start
from kb_tui.core.status.store import StatusStore

pty = pytest.importorskip("pty")
CAPACITY = (
    "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
    "compute-resources/resource-management/capacity-planning"
)
CYCLE = {"todo": "in_progress", "in_progress": "done", "done": "todo"}


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="pty")
def test_sigkill_of_the_explorer_while_writing_keeps_the_store_sound(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    shutil.copyfile(SAMPLE, vault / SAMPLE.name)
    env = dict(os.environ)
    env.pop("KB_TUI_PATH", None)
    env.update(TERM="xterm-256color", XDG_STATE_HOME=str(tmp_path / "state"), KB_TUI_USER="k")
    store_path = vault / ".kb-tui" / "status.yaml"
    rng = random.Random(7)
    writes_seen = 0
    for _ in range(6):
        proc, master = start([str(vault)], env)
        try:
            screen = b""
            deadline = time.monotonic() + 20
            while b"Overview" not in screen and time.monotonic() < deadline:
                screen += drain(master, 0.1)
            assert b"Overview" in screen, "the explorer never drew its first frame"
            os.write(master, b"/Capacity planning\r")
            drain(master, 0.6)
            stop = time.monotonic() + rng.uniform(0.05, 0.8)
            while time.monotonic() < stop:
                os.write(master, b" ")
                drain(master, 0.01)
        finally:
            proc.kill()
            proc.wait(timeout=10)
            os.close(master)
        store = StatusStore(store_path)
        assert not store.error, store.error
        entry = store.entries.get(CAPACITY)
        history = (vault / ".kb-tui" / "history.jsonl").read_text(encoding="utf-8").splitlines()
        records = []
        for line in history:
            with contextlib.suppress(json.JSONDecodeError):  # a cut last line is allowed
                records.append(json.loads(line))
        if entry is None:
            continue
        writes_seen += 1
        mine = [r for r in records if r["item"] == CAPACITY]
        last = mine[-1]["to"] if mine else "todo"  # killed before the first history line
        assert entry.status in (last, CYCLE[last]), (entry.status, last)
    assert writes_seen, "no status was ever written before a kill"
