"""Crash safety: writers killed with SIGKILL at random moments never lose an acknowledged mark.

The store is replaced atomically (temporary file, fsync, rename) under a lock that dies with
its holder, so after any kill the file parses and holds every mark whose command returned
success. A killed writer may leave a temporary file or half a history line behind; neither
may break a later read or write.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kb_tui.core.status.history import read_history
from kb_tui.core.status.store import StatusStore

ITEMS = 400
ITERATIONS = int(os.environ.get("KB_TUI_KILL_ITERATIONS", "60"))
WRITERS = 3


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    body = "".join(f"- item{n:04d}\n" for n in range(ITEMS))
    (root / "d.md").write_text("# Kill\n" + body, encoding="utf-8")
    return root


def _item_id(n: int) -> str:
    return f"d.md#kill/item{n:04d}"


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KB_TUI_PATH", None)
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), KB_TUI_USER="killer")
    return env


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_during_cli_marks_never_loses_acknowledged_marks(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    env = _env(tmp_path)
    store_path = root / ".kb-tui" / "status.yaml"
    rng = random.Random(int(os.environ.get("KB_TUI_KILL_SEED", "20261126")))
    acknowledged: dict[str, str] = {}
    killed = 0
    statuses = ("done", "blocked", "in_progress", "na")
    # Calibrate the kill window to this machine: one unkilled mark, timed.
    started = time.monotonic()
    warm = [sys.executable, "-m", "kb_tui", "mark", str(root), _item_id(ITEMS - 2), "todo"]
    assert subprocess.run(warm, env=env, timeout=120, check=False, **_QUIET).returncode == 0
    window = 1.4 * (time.monotonic() - started)
    for iteration in range(ITERATIONS):
        procs = []
        for writer in range(WRITERS):
            n = (iteration * WRITERS + writer) % ITEMS
            status = statuses[(iteration + writer) % len(statuses)]
            cmd = [sys.executable, "-m", "kb_tui", "mark", str(root), _item_id(n), status]
            cmd += ["--note", f"it{iteration}"]
            procs.append((_item_id(n), status, subprocess.Popen(cmd, env=env, **_QUIET)))
        # Kill somewhere between "still importing" and "long finished"; every fifth round
        # runs to the end, so acknowledged marks pile up whatever the machine's speed.
        spare = iteration % 5 == 4
        time.sleep(rng.uniform(0.0, window))
        for item_id, status, proc in procs:
            if proc.poll() is None and not spare:
                proc.send_signal(signal.SIGKILL)
            if proc.wait(timeout=30) == 0:
                acknowledged[item_id] = status
            else:
                killed += 1
                assert proc.returncode == -signal.SIGKILL
        store = StatusStore(store_path)
        assert store.error == "", f"iteration {iteration}: {store.error}"
        for item_id, status in acknowledged.items():
            assert store.entries[item_id].status == status, (iteration, item_id)
    assert acknowledged, "no mark ever completed: the kill window is too short"
    assert killed, "no writer was ever killed: the kill window is too long"
    # Whatever a kill left behind (temp files, a cut history line) breaks nothing later.
    after = StatusStore(store_path)
    after.set(_item_id(ITEMS - 1), "done", user="after")
    assert StatusStore(store_path).entries[_item_id(ITEMS - 1)].status == "done"
    history = read_history(after.history_path)
    assert {r.item for r in history.records} >= set(acknowledged)


_QUIET = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}

# A child that marks items in a loop and prints "ack N" after each set() has returned; the
# store's write is slowed at random points so kills land inside StatusStore.update.
_CHILD = textwrap.dedent(
    """
    import os, random, sys, time
    from pathlib import Path
    import kb_tui.core.fs.safefs as safefs
    import kb_tui.core.status.store as store_mod

    path, start, seed = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    real_replace = os.replace

    def slow_replace(src, dst, **dir_fds):
        time.sleep(rng.uniform(0, 0.004))
        real_replace(src, dst, **dir_fds)
        time.sleep(rng.uniform(0, 0.004))

    safefs.os.replace = slow_replace
    real_append = store_mod.StatusStore._append_history

    def slow_append(self, folder, data):
        time.sleep(rng.uniform(0, 0.003))
        return real_append(self, folder, data)

    store_mod.StatusStore._append_history = slow_append
    store = store_mod.StatusStore(path)
    n = start
    while True:
        store.set(f"d.md#kill/item{n % 400:04d}", "done", note=f"n{n}", user="child")
        sys.stdout.write(f"ack {n}\\n")
        sys.stdout.flush()
        n += 1
    """
)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_sigkill_inside_store_update(tmp_path: Path) -> None:
    store_path = tmp_path / ".kb-tui" / "status.yaml"
    rng = random.Random(7)
    acknowledged: set[int] = set()
    start = 0
    for round_ in range(25):
        proc = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(store_path), str(start), str(round_)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_env(tmp_path),
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until it is writing
        assert first.startswith(b"ack ")
        time.sleep(rng.uniform(0.0, 0.08))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        acks = (first + proc.stdout.read()).decode().split()
        proc.stdout.close()
        done = [int(word) for word in acks[1::2] if word.isdigit()]
        acknowledged.update(done)
        start = (max(done) + 1) if done else start
        store = StatusStore(store_path)
        assert store.error == "", store.error
        for n in acknowledged:
            if n + ITEMS > start:  # not yet overwritten by a later note for the same item
                entry = store.entries[f"d.md#kill/item{n % ITEMS:04d}"]
                assert entry.status == "done"
                assert int(entry.note[1:]) >= n
    assert len(acknowledged) > 25
