"""``kb-tui export --since`` and ``--status overdue`` (issue 17): the real command on a vault
whose store and history were written through :class:`StatusStore`, with times set by
``Entry.updated`` (the history line of a change carries its entry's time)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest

from helpers.cli import env_for, run_cli
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import find_items, open_workspace

NOW = dt.datetime.now(dt.UTC).replace(microsecond=0)


def ago(days: float) -> str:
    return (NOW - dt.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def day(days: int) -> str:
    """The local day ``days`` from today (negative: past), as a due date."""
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def vault(sample_copy: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """The sample with changes 40, 30, 3 and 1 days ago: two of them in the last week."""
    root = sample_copy.parent
    store_path = root / ".kb-tui" / "status.yaml"
    kb = open_workspace(root, store_path).kb

    def ident(text: str) -> str:
        (item,) = find_items(kb, text)
        return item.id

    store = StatusStore(store_path, root=root)
    steps: list[tuple[str, Entry]] = [
        ("Capacity planning", Entry("in_progress", updated=ago(40))),
        ("Firewalls", Entry("in_progress", owner="bob", updated=ago(30))),
        ("Capacity planning", Entry("done", note="sized <b>for</b> 2027", updated=ago(3))),
        ("Firewalls", Entry("blocked", owner="bob", due=day(-2), updated=ago(1))),
    ]
    for text, entry in steps:
        store.update({ident(text): entry}, user="ana")
    return root, env_for(tmp_path)


def export(root: Path, *args: str, env: dict[str, str]) -> str:
    result = run_cli("export", str(root), *args, "-o", "-", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_since_7d_html_has_the_changes_and_the_chart(vault: tuple[Path, dict[str, str]]) -> None:
    root, env = vault
    html = export(root, "--since", "7d", "--format", "html", env=env)
    changes = html[html.index('<section class="changes"') :]
    changes = changes[: changes.index("</section>")]
    assert re.search(r"<h2>Changes since \d{4}-\d\d-\d\d \d\d:\d\d UTC \(2\)</h2>", changes)
    assert "<h3>💻 Compute Infrastructure (1)</h3>" in changes
    assert "<h3>🔒 Security Architecture (1)</h3>" in changes
    assert "in_progress → done · note added “sized &lt;b&gt;for&lt;/b&gt; 2027”" in changes
    assert f"in_progress → blocked · due — → {day(-2)}" in changes
    assert changes.count('<td class="who">ana</td>') == 2 and ago(1)[:10] in changes
    assert ago(30)[:10] not in changes  # before the period
    chart = html[html.index('<svg class="chart burnup"') :]
    chart = chart[: chart.index("</svg>") + 6]
    assert '<title id="burnup-title">Burn-up' in chart and "<desc" in chart
    assert chart.count("<circle") >= 6  # a point a week since the first change
    assert "<script" not in html
    attention = html[html.index("<h2>Needs attention") : html.index("<h2>Trend</h2>")]
    assert 'r-blocked">blocked</span> 1' in attention and "Firewalls" in attention


def test_since_in_markdown_json_and_csv(vault: tuple[Path, dict[str, str]]) -> None:
    root, env = vault
    md = export(root, "--since", "2w", env=env)
    assert re.search(r"## Changes since .* UTC \(2\)", md)
    assert "| Week ending | Done | Applicable | % done |" in md and "Pace: " in md
    report = json.loads(export(root, "--since", "7d", "-f", "json", env=env))
    changes = [c for group in report["changes"] for c in group["changes"]]
    assert [(c["from"], c["to"], c["user"]) for c in changes] == [
        ("in_progress", "done", "ana"),
        ("in_progress", "blocked", "ana"),
    ]
    assert report["summary"]["overdue"] == 1
    rows = list(csv.DictReader(io.StringIO(export(root, "--since", "7d", "-f", "csv", env=env))))
    changed = [row for row in rows if row["record"] == "change"]
    assert [row["item"] for row in changed] == ["Capacity planning", "Firewalls"]
    assert changed[1]["due"] == day(-2) and changed[1]["due from"] == ""
    (firewalls,) = [row for row in rows if row["record"] == "item" and row["item"] == "Firewalls"]
    assert firewalls["overdue"] == "yes"


def test_since_a_date_and_a_filter(vault: tuple[Path, dict[str, str]]) -> None:
    root, env = vault
    since = ago(35)[:10]
    report = json.loads(export(root, "--since", since, "--owner", "bob", "-f", "json", env=env))
    assert report["since"] == f"{since}T00:00:00Z"
    changes = [c for group in report["changes"] for c in group["changes"]]
    assert [c["text"] for c in changes] == ["Firewalls", "Firewalls"]  # bob's item only


def test_status_overdue(vault: tuple[Path, dict[str, str]]) -> None:
    root, env = vault
    rows = list(csv.reader(io.StringIO(export(root, "--status", "overdue", "-f", "csv", env=env))))
    assert [row[2] for row in rows[1:]] == ["Firewalls"]
    md = export(root, "--status", "done,overdue", env=env)
    assert "**Filtered:** status done, overdue" in md
    assert [line[:5] for line in md.splitlines() if line.startswith("- [")] == ["- [x]", "- [h]"]


@pytest.mark.parametrize("bad", ["yesterday", "7x", "2026-13-01", "99999999999w"])
def test_a_bad_since_is_a_usage_error(vault: tuple[Path, dict[str, str]], bad: str) -> None:
    root, env = vault
    result = run_cli("export", str(root), "--since", bad, env=env)
    assert result.returncode == 2 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("kb-tui: error: argument --since:") and repr(bad) in line


def test_without_history_the_trend_is_one_line(sample_copy: Path, tmp_path: Path) -> None:
    html = export(sample_copy.parent, "--since", "7d", "-f", "html", env=env_for(tmp_path))
    assert "No history of status changes yet" in html and "burnup" not in html
    assert "No changes to the report&#x27;s items in this period." in html


def test_an_unreadable_history_fails_only_a_report_that_asks_for_changes(
    sample_copy: Path, tmp_path: Path
) -> None:
    """A history kb-tui refuses to read (a link): the checklist report (and its CI gate)
    is still made, with a warning and no trend; --since, which needs it, fails."""
    folder = sample_copy.parent / ".kb-tui"
    folder.mkdir()
    (tmp_path / "elsewhere.jsonl").write_text("", "utf-8")
    (folder / "history.jsonl").symlink_to(tmp_path / "elsewhere.jsonl")
    env = env_for(tmp_path)
    plain_run = run_cli("export", str(sample_copy.parent), "--fail-under", "0", env=env)
    assert plain_run.returncode == 0, plain_run.stderr
    assert "warning:" in plain_run.stderr and "history.jsonl" in plain_run.stderr
    assert "# Checklist report" in plain_run.stdout
    since_run = run_cli("export", str(sample_copy.parent), "--since", "7d", env=env)
    assert since_run.returncode == 1 and "history.jsonl" in since_run.stderr
