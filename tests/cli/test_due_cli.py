"""``kb-tui mark --due`` and overdue items in ``kb-tui tree`` (a real process)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers.cli import env_for, run_cli


def test_mark_due_sets_checks_and_clears_the_date(tmp_path: Path, sample_copy: Path) -> None:
    env, vault = env_for(tmp_path), str(sample_copy.parent)
    done = run_cli(
        "mark", vault, "Capacity planning", "in-progress", "--due", "2027-01-31", env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith(": in_progress · due 2027-01-31")
    store = (sample_copy.parent / ".kb-tui" / "status.yaml").read_text()
    assert 'due: "2027-01-31"' in store
    # STATUS may be left out when only the date changes: the status is kept.
    kept = run_cli("mark", vault, "Capacity planning", "--due", "2020-01-31", env=env)
    assert kept.returncode == 0, kept.stderr
    report = json.loads(run_cli("export", vault, "--format", "json", env=env).stdout)
    items = [i for d in report["documents"] for s in d["sections"] for i in _items(s)]
    planned = next(i for i in items if i["text"] == "Capacity planning")
    assert (planned["status"], planned["due"], planned["overdue"]) == (
        "in_progress",
        "2020-01-31",
        True,
    )
    bad = run_cli("mark", vault, "Capacity planning", "--due", "31/01/2027", env=env)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    cleared = run_cli("mark", vault, "Capacity planning", "--due", "none", env=env)
    assert cleared.returncode == 0 and "due" not in cleared.stdout
    assert "due:" not in (sample_copy.parent / ".kb-tui" / "status.yaml").read_text()


def test_mark_without_status_needs_something_to_set(tmp_path: Path, sample_copy: Path) -> None:
    result = run_cli("mark", str(sample_copy.parent), "Capacity planning", env=env_for(tmp_path))
    assert (
        result.returncode == 2 and "STATUS optional with --note, --owner or --due" in result.stderr
    )


def test_tree_marks_and_counts_overdue_items(tmp_path: Path, sample_copy: Path) -> None:
    env, vault = env_for(tmp_path), str(sample_copy.parent)
    run_cli("mark", vault, "Capacity planning", "todo", "--due", "2020-01-31", env=env)
    run_cli("mark", vault, "Resource allocation", "done", "--due", "2020-01-31", env=env)
    out = run_cli("tree", vault, env=env).stdout.splitlines()
    assert out[0].endswith("  1 overdue")
    assert any(
        line.strip().startswith("○ ! Capacity planning")
        and "overdue" in line
        and "2020-01-31" in line
        for line in out
    )
    scaled = next(line for line in out if "Resource allocation" in line)
    assert "!" not in scaled and "due 2020-01-31" in scaled  # done: never overdue


def _items(section: dict) -> list[dict]:  # type: ignore[type-arg]
    out = list(section["items"])
    for sub in section["sections"]:
        out += _items(sub)
    return out


def test_reattach_takes_due_and_checks_it(tmp_path: Path, sample_copy: Path) -> None:
    from kb_tui.core.status.format import Entry
    from kb_tui.core.status.store import StatusStore

    env, vault = env_for(tmp_path), sample_copy.parent
    store = StatusStore(vault / ".kb-tui" / "status.yaml", vault)
    old = "infrastructure-architecture.md#gone/capacity"
    store.update({old: Entry("in_progress", due="9999-12-31")}, user="t")
    bad = run_cli("mark", str(vault), "Capacity planning", "--from", old, "--due", "soon", env=env)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr
    done = run_cli(
        "mark", str(vault), "Capacity planning", "--from", old, "--due", "2027-03-01", env=env
    )
    assert done.returncode == 0, done.stderr
    entries = StatusStore(vault / ".kb-tui" / "status.yaml").entries
    moved = [e for i, e in entries.items() if i.endswith("capacity-planning")]
    assert [(e.status, e.due) for e in moved] == [("in_progress", "2027-03-01")]


def test_a_mistyped_status_is_named_not_taken_for_a_path(tmp_path: Path, sample_copy: Path) -> None:
    result = run_cli(
        "mark",
        "Capacity planning",
        "dnoe",
        "--note",
        "hi",
        env=env_for(tmp_path),
        cwd=sample_copy.parent,
    )
    assert result.returncode == 1 and "unknown status 'dnoe'" in result.stderr
