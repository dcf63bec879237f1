"""Issue 16 end to end with the real ``git`` and ``kb-tui`` binaries: an origin repository
set up with ``kb-tui git-setup``, two clones (ana, bo) marking items, committing, pushing and
pulling. Statuses, history and exit codes as the merge rules say."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from helpers.paths import SAMPLE
from helpers.reports import report_item_ids
from helpers.tmux import binary

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ITEMS = "infrastructure-architecture.md#infrastructure-architecture/"
CAPACITY = ITEMS + "compute-infrastructure/compute-resources/resource-management/capacity-planning"


def env(home: Path) -> dict[str, str]:
    """No user or system git configuration: the clones' own config says who they are."""
    out = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "KB_TUI_USER"))}
    out.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=str(home / "none"))
    out["XDG_CONFIG_HOME"] = str(home / "config")
    return out


class Team:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.env = env(tmp / "home")
        (tmp / "home").mkdir()

    def git(self, where: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["git", *args], cwd=where, env=self.env, text=True, capture_output=True, check=check
        )

    def kb(self, where: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [binary(), *args], cwd=where, env=self.env, text=True, capture_output=True
        )
        if check:
            assert done.returncode == 0, done.stderr
        return done

    def clone(self, origin: Path, name: str) -> Path:
        where = self.tmp / name
        self.git(self.tmp, "clone", "-q", str(origin), name)
        self.git(where, "config", "user.name", name)
        self.git(where, "config", "user.email", f"{name}@example.org")
        self.git(where, "config", "pull.rebase", "false")
        self.kb(where, "git-setup")
        return where

    def commit(self, where: Path, message: str) -> None:
        self.git(where, "add", "-A")
        self.git(where, "commit", "-q", "-m", message)


@pytest.fixture
def team(tmp_path: Path) -> tuple[Team, Path, Path]:
    team = Team(tmp_path)
    seed = tmp_path / "seed"
    seed.mkdir()
    shutil.copyfile(SAMPLE, seed / SAMPLE.name)
    team.git(seed, "init", "-q", "-b", "main")
    team.git(seed, "config", "user.name", "admin")
    team.git(seed, "config", "user.email", "admin@example.org")
    setup = team.kb(seed, "git-setup")
    assert "merge=kb-tui" in setup.stdout and "merge.kb-tui.driver" in setup.stdout
    assert team.kb(seed, "git-setup").stdout.strip().endswith("already set up; nothing changed")
    team.commit(seed, "vault")
    origin = tmp_path / "origin.git"
    team.git(tmp_path, "clone", "-q", "--bare", str(seed), str(origin))
    return team, team.clone(origin, "ana"), team.clone(origin, "bo")


def items(team: Team, where: Path) -> list[str]:
    """The IDs of the sample's items, in order (from the JSON report)."""
    return report_item_ids(json.loads(team.kb(where, "export", ".", "--format", "json").stdout))


def statuses(where: Path) -> dict[str, str]:
    from kb_tui.core.status.read import parse_store

    path = where / ".kb-tui" / "status.yaml"
    return {k: e.status for k, e in parse_store(path.read_text("utf-8"), path).entries.items()}


def test_disjoint_marks_merge_without_conflict(team: tuple[Team, Path, Path]) -> None:
    crew, ana, bo = team
    ids = items(crew, ana)
    for item_id in ids[:10]:
        crew.kb(ana, "mark", ".", item_id, "done")
    crew.commit(ana, "ana marks ten")
    crew.git(ana, "push", "-q")
    for item_id in ids[10:20]:
        crew.kb(bo, "mark", ".", item_id, "in_progress")
    crew.commit(bo, "bo marks ten")
    pulled = crew.git(bo, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr + pulled.stdout
    merged = statuses(bo)
    assert [merged[i] for i in ids[:10]] == ["done"] * 10
    assert [merged[i] for i in ids[10:20]] == ["in_progress"] * 10
    text = (bo / ".kb-tui" / "status.yaml").read_text("utf-8")
    assert "<<<<<<<" not in text and "=======" not in text
    history = crew.kb(bo, "history", ".").stdout.splitlines()
    assert len(history) == 20
    assert {line.split()[1] for line in history} == {"ana", "bo"}  # who: the git identity
    times = [line.split()[0] for line in history]
    assert times == sorted(times)  # in time order


def test_a_same_field_clash_keeps_the_later_change_and_logs_the_other(
    team: tuple[Team, Path, Path],
) -> None:
    crew, ana, bo = team
    crew.kb(bo, "mark", ".", CAPACITY, "blocked")  # earlier
    crew.commit(bo, "bo: blocked")
    time.sleep(1.1)  # ``updated`` is to the second
    crew.kb(ana, "mark", ".", CAPACITY, "done")  # later
    crew.commit(ana, "ana: done")
    crew.git(ana, "push", "-q")
    pulled = crew.git(bo, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert "kept done, lost blocked (bo," in pulled.stderr  # the driver says so
    assert statuses(bo)[CAPACITY] == "done"
    lines = crew.kb(bo, "history", ".", CAPACITY).stdout.splitlines()
    assert lines[-1].split()[1] == "bo"  # bo merged
    assert "merge: status kept done, lost blocked (bo," in lines[-1]
    # Pushed back, ana sees the same statuses and the same merge in her history.
    crew.git(bo, "push", "-q")
    crew.git(ana, "pull", "-q", "--no-edit")
    assert statuses(ana)[CAPACITY] == "done"
    assert "merge: status kept done" in crew.kb(ana, "history", ".", CAPACITY).stdout


def test_a_damaged_store_is_left_to_git_as_a_conflict(team: tuple[Team, Path, Path]) -> None:
    crew, ana, bo = team
    crew.kb(ana, "mark", ".", CAPACITY, "done")
    crew.commit(ana, "ana: done")
    crew.git(ana, "push", "-q")
    crew.kb(bo, "mark", ".", CAPACITY, "blocked")
    store = bo / ".kb-tui" / "status.yaml"
    store.write_text(store.read_text("utf-8") + "  broken: [\n", encoding="utf-8")
    crew.commit(bo, "bo: a hand edit gone wrong")
    pulled = crew.git(bo, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode != 0
    unmerged = crew.git(bo, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert unmerged == [".kb-tui/status.yaml"]
    assert "  broken: [" in store.read_text("utf-8")  # ours as it was, for a person to fix


def test_git_setup_check_and_a_vault_outside_git(tmp_path: Path) -> None:
    crew = Team(tmp_path)
    plain = tmp_path / "plain"
    plain.mkdir()
    done = crew.kb(plain, "git-setup", check=False)
    assert done.returncode == 1 and "is not in a git work tree" in done.stderr
    crew.git(plain, "init", "-q")
    check = crew.kb(plain, "git-setup", "--check", check=False)
    assert check.returncode == 1
    assert "missing in" in check.stdout and "merge.kb-tui.driver is not set" in check.stdout
    crew.kb(plain, "git-setup")
    assert crew.kb(plain, "git-setup", "--check").stdout.strip().endswith("(set up)")
    attributes = (plain / ".gitattributes").read_text("utf-8").splitlines()
    assert attributes == [".kb-tui/status.yaml merge=kb-tui", ".kb-tui/history.jsonl merge=union"]
    assert (plain / ".gitignore").read_text("utf-8").splitlines() == [".kb-tui/*.lock"]


def test_the_stores_lock_is_not_committed(team: tuple[Team, Path, Path]) -> None:
    crew, ana, _ = team
    crew.kb(ana, "mark", ".", CAPACITY, "done")
    assert (ana / ".kb-tui" / "status.yaml.lock").exists()
    crew.commit(ana, "ana: done")
    tracked = crew.git(ana, "ls-files", ".kb-tui").stdout.split()
    assert tracked == [".kb-tui/history.jsonl", ".kb-tui/status.yaml"]


def test_a_merge_waits_for_a_write_holding_the_stores_lock(team: tuple[Team, Path, Path]) -> None:
    """The driver takes the work tree's store lock, as ``kb-tui mark`` does: a merge made
    while a write holds it waits for the write, and both changes are kept."""
    import threading

    from kb_tui.core.fs.safefs import safe_dir_for

    crew, ana, bo = team
    crew.kb(ana, "mark", ".", CAPACITY, "done")
    crew.commit(ana, "ana: done")
    crew.git(ana, "push", "-q")
    ids = items(crew, bo)
    crew.kb(bo, "mark", ".", ids[0], "blocked")
    crew.commit(bo, "bo: blocked")
    store = bo / ".kb-tui" / "status.yaml"
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with (
            safe_dir_for(store, bo, create=False) as folder,
            folder.locked(store.name + ".lock", 10),
        ):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    assert held.wait(5)
    timer = threading.Timer(1.5, release.set)
    timer.start()
    started = time.monotonic()
    pulled = crew.git(bo, "pull", "-q", "--no-edit", check=False)
    waited = time.monotonic() - started
    holder.join()
    assert pulled.returncode == 0, pulled.stderr
    assert waited >= 1.4  # the driver waited for the lock
    merged = statuses(bo)
    assert merged[CAPACITY] == "done" and merged[ids[0]] == "blocked"


def test_an_entry_removed_on_one_side_and_changed_on_the_other_is_kept(
    team: tuple[Team, Path, Path],
) -> None:
    """ana re-attaches an orphaned status (its entry is removed); bo meanwhile edits that
    orphan's note: the changed orphan is kept, and the re-attached status too."""
    from kb_tui.core.status.store import Entry, StatusStore

    crew, ana, bo = team
    orphan = "infrastructure-architecture.md#infrastructure-architecture/retired/old-item"
    StatusStore(ana / ".kb-tui" / "status.yaml", ana).update({orphan: Entry("done")}, user="ana")
    crew.commit(ana, "an orphan")
    crew.git(ana, "push", "-q")
    crew.git(bo, "pull", "-q", "--no-edit")
    crew.kb(ana, "mark", ".", CAPACITY, "--from", orphan)
    crew.commit(ana, "ana re-attaches")
    crew.git(ana, "push", "-q")
    StatusStore(bo / ".kb-tui" / "status.yaml", bo).update(
        {orphan: Entry("done", note="checked by bo")}, user="bo"
    )
    crew.commit(bo, "bo notes the orphan")
    pulled = crew.git(bo, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    merged = statuses(bo)
    assert merged[orphan] == "done" and merged[CAPACITY] == "done"
    from kb_tui.core.status.read import parse_store

    path = bo / ".kb-tui" / "status.yaml"
    assert parse_store(path.read_text("utf-8"), path).entries[orphan].note == "checked by bo"
