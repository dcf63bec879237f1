"""Two writers at once (CLI and CLI, CLI and TUI): every mark is kept; same item: last wins.

Each writer takes the store's lock, re-reads the file and applies only its own change, so
concurrent marks of different items all survive; for the same item the last writer wins
and the history records every change, from both sides.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from kb_tui.core.status.history import read_history
from kb_tui.core.status.store import StatusStore

ITEMS = 120

# A CLI process that runs ``kb-tui mark`` for a range of items (in one process, so many
# marks overlap with the other writer's within the test's time budget).
_CLI_LOOP = textwrap.dedent(
    """
    import sys
    from kb_tui.cli.headless import main
    root, first, last, status = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    step = int(sys.argv[6])
    for n in range(first, last, step):
        item = f"d.md#conc/item{n % 1000:04d}"
        code = main(["mark", root, item, status, "--note", f"{sys.argv[5]} {n}"])
        assert code == 0, code
    """
)


def _vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    body = "".join(f"- item{n:04d}\n" for n in range(ITEMS))
    (root / "d.md").write_text("# Conc\n" + body, encoding="utf-8")
    return root


def _spawn(
    root: Path, first: int, last: int, status: str, user: str, step: int = 1
) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.update(KB_TUI_USER=user)
    env.pop("KB_TUI_PATH", None)
    cmd = [sys.executable, "-c", _CLI_LOOP, str(root), str(first), str(last), status, user]
    cmd.append(str(step))
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _item(n: int) -> str:
    return f"d.md#conc/item{n:04d}"


def test_cli_and_cli_marking_different_items_keep_every_mark(tmp_path: Path) -> None:
    root = _vault(tmp_path)
    first = _spawn(root, 0, 25, "done", "ana")
    second = _spawn(root, 25, 50, "blocked", "bob")
    for proc in (first, second):
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    entries = StatusStore(root / ".kb-tui" / "status.yaml").entries
    assert {n: entries[_item(n)].status for n in range(50)} == {
        n: "done" if n < 25 else "blocked" for n in range(50)
    }
    assert {entries[_item(n)].by for n in range(50)} == {"ana", "bob"}


def test_same_item_from_two_sides_last_writer_wins_and_history_has_both(
    tmp_path: Path,
) -> None:
    root = _vault(tmp_path)
    # Both processes mark item0007 over and over (n % 1000 == 7 for n = 7, 1007, …).
    runs = 25
    first = _spawn(root, 7, 7 + 1000 * runs, "done", "ana", step=1000)
    second = _spawn(root, 7, 7 + 1000 * runs, "blocked", "bob", step=1000)
    for proc in (first, second):
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    store = StatusStore(root / ".kb-tui" / "status.yaml")
    final = store.entries[_item(7)]
    records = [r for r in read_history(store.history_path).records if r.item == _item(7)]
    assert len(records) == 2 * runs
    assert {r.user for r in records} == {"ana", "bob"}
    last = records[-1]  # history is appended under the same lock as the write
    assert (final.status, final.by, final.note) == (last.after, last.user, last.note)
    # every record's "from" is the state the previous record left: nothing interleaved
    for before, after in itertools.pairwise(records):
        assert after.before == before.after


@pytest.mark.slow
@pytest.mark.asyncio
async def test_cli_and_tui_marking_different_items_keep_every_mark(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb_tui.tui.app import KbApp
    from kb_tui.tui.tree import KbTree

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("KB_TUI_USER", "tui")
    root = _vault(tmp_path)
    app = KbApp(root)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(500):
            await pilot.pause(0.02)
            if app.workspace is not None:
                break
        assert app.workspace is not None
        cli = _spawn(root, 60, 80, "blocked", "cli")
        errors: list[str] = []

        def wait_cli() -> None:
            _, err = cli.communicate(timeout=120)
            if cli.returncode != 0:
                errors.append(err.decode())

        waiter = threading.Thread(target=wait_cli)
        waiter.start()
        tree = app.query_one(KbTree)
        tree.focus()
        for n in range(15):
            assert tree.select_key(_item(n))
            await pilot.press("d")
        while waiter.is_alive():
            await pilot.pause(0.05)
        waiter.join()
        assert errors == []
    entries = StatusStore(root / ".kb-tui" / "status.yaml").entries
    assert all(entries[_item(n)].status == "done" for n in range(15))
    assert all(entries[_item(n)].status == "blocked" for n in range(60, 80))
    assert {entries[_item(n)].by for n in range(15)} == {"tui"}
