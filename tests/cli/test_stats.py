"""``kb-tui stats``: the dashboard's figures as text and JSON, from a real store and history
(written by the store, or by benchmarks/make_history.py)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

from helpers.cli import assert_clean_output, env_for, run_cli
from helpers.paths import REPO, SAMPLE
from kb_tui.core.model.progress import summarize
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import open_workspace


def _make_history() -> ModuleType:
    """benchmarks/make_history.py, imported as the benchmark runs it."""
    path = REPO / "benchmarks" / "make_history.py"
    spec = importlib.util.spec_from_file_location("make_history", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_history"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _ago(days: float) -> str:
    moment = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def sample_vault(tmp_path: Path) -> Path:
    vault = tmp_path / "sample"
    vault.mkdir()
    shutil.copyfile(SAMPLE, vault / SAMPLE.name)
    return vault


def test_generated_history_agrees_with_its_store_and_stats_reads_it(
    sample_vault: Path, tmp_path: Path
) -> None:
    made = _make_history().make_history(sample_vault, records=400, weeks=6, seed=3)
    store = StatusStore(made.store, root=sample_vault)
    history = store.read_history()
    assert (len(history.records), history.skipped, made.records) == (400, 0, 400)
    last = {record.item: record for record in history.records}
    assert set(last) == set(store.entries) and len(last) == made.items > 20
    for item, entry in store.entries.items():
        record = last[item]
        assert (entry.status, entry.note, entry.owner, entry.due) == (
            record.after, record.note, record.owner, record.due,
        )  # fmt: skip
        assert (entry.updated, entry.by) == (record.time, record.user)
    statuses = {entry.status for entry in store.entries.values()}
    assert statuses == {"todo", "in_progress", "done", "blocked", "na"}
    assert all(record.explicit for record in history.records)  # format 2 lines

    result = run_cli("stats", str(sample_vault), "--format", "json", env=env_for(tmp_path))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "kb-tui/stats@1"
    expected = summarize(open_workspace(sample_vault).kb.iter_items())
    assert {k: data["summary"][k] for k in ("items", "done", "blocked", "na")} == {
        "items": expected.items, "done": expected.done, "blocked": expected.blocked,
        "na": expected.na,
    }  # fmt: skip
    assert data["trend"]["weekly"][-1]["done"] == expected.done
    assert data["trend"]["weekly"][0]["done"] < expected.done  # it went up over the weeks
    assert data["history"] == {"records": 400, "skipped": 0}
    assert {row["reason"] for row in data["attention"]} >= {"blocked", "stale"}
    assert sum(row["assigned"] for row in data["owners"]) == expected.items


def test_generator_refuses_the_shared_folder_and_an_existing_store(
    sample_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = _make_history()
    module.make_history(sample_vault, records=50)
    with pytest.raises(module.Refused, match="already holds"):
        module.make_history(sample_vault, records=50)
    module.make_history(sample_vault, records=60, replace=True)
    monkeypatch.setattr(module, "SHARED", (sample_vault.parent,))
    with pytest.raises(module.Refused, match="shared folder"):
        module.make_history(sample_vault, records=50, replace=True)


def test_generator_never_writes_through_a_link(sample_vault: Path, tmp_path: Path) -> None:
    module = _make_history()
    outside = tmp_path / "outside"
    outside.mkdir()
    (sample_vault / ".kb-tui").symlink_to(outside)
    with pytest.raises(module.Refused, match="symbolic link"):
        module.make_history(sample_vault, records=50)
    assert list(outside.iterdir()) == []


HOSTILE = "# Ops\n## Net\n- Firewall \x1b]0;PWNED\x07rules\n- Audit\n- Logs\n## Apps\n- Deploy\n"


@pytest.fixture
def vault(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    root = tmp_path / "v"
    root.mkdir()
    (root / "ops.md").write_text(HOSTILE, encoding="utf-8")
    store = open_workspace(root).store
    store.update({
        "ops.md#ops/net/firewall-0pwnedrules": Entry("blocked", owner="\x1b[31mana"),
        "ops.md#ops/net/audit": Entry("in_progress", owner="bo", updated=_ago(3)),
        "ops.md#ops/net/logs": Entry("done", owner="bo"),
        "ops.md#ops/apps/deploy": Entry("todo", due="2020-01-01"),
    })  # fmt: skip
    return root


def test_text_shows_layers_owners_attention_with_ids_and_the_pace(
    vault: Path, tmp_path: Path
) -> None:
    result = run_cli("stats", str(vault), env=env_for(tmp_path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("v — ")  # the vault folder's name
    for heading in ("Layers", "Owners", "Needs attention (2;", "Trend", "Pace:"):
        assert heading in out
    assert "  Net " in out and "  Apps " in out and "█" in out
    assert "blocked       ops.md#ops/net/firewall-0pwnedrules  Firewall" in out
    assert "overdue " in out and "ops.md#ops/apps/deploy" in out
    assert "(unassigned)" in out
    assert_clean_output(result.stdout.encode() + result.stderr.encode())
    shown = run_cli("stats", str(vault), "--limit", "1", env=env_for(tmp_path)).stdout
    assert "ops.md#ops/net/firewall" in shown and "… and 1 more" in shown
    assert "ops.md#ops/apps/deploy" not in shown


def test_stale_days_from_the_option_else_the_config(vault: Path, tmp_path: Path) -> None:
    config = tmp_path / "config"
    (config / "kb-tui").mkdir(parents=True)
    env = env_for(tmp_path, XDG_CONFIG_HOME=str(config))

    def stale(*args: str) -> list[str]:
        result = run_cli("stats", str(vault), "--format", "json", *args, env=env)
        assert result.returncode == 0, result.stderr
        return [row["id"] for row in json.loads(result.stdout)["attention"]
                if row["reason"] == "stale"]  # fmt: skip

    assert stale() == []  # 3 days without a change: not stale at 14
    assert stale("--stale-days", "2") == ["ops.md#ops/net/audit"]
    (config / "kb-tui" / "config.toml").write_text("stale_days = 3\n")
    assert stale() == ["ops.md#ops/net/audit"]
    assert stale("--stale-days", "30") == []
    (config / "kb-tui" / "config.toml").write_text("stale_days = 'soon'\n")
    result = run_cli("stats", str(vault), env=env)
    assert result.returncode == 0 and "stale_days = 'soon'" in result.stderr
    (config / "kb-tui" / "config.toml").write_text("stale_days = [\n")
    result = run_cli("stats", str(vault), env=env)
    assert result.returncode == 0 and "config.toml" in result.stderr
    assert "with no change for 14 days" in result.stdout
    result = run_cli("stats", str(vault), "--stale-days", "0", env=env)
    assert result.returncode == 2 and "--stale-days" in result.stderr


def test_an_unreadable_store_is_an_error(vault: Path, tmp_path: Path) -> None:
    (vault / ".kb-tui" / "status.yaml").write_text("items: [\n")
    result = run_cli("stats", str(vault), env=env_for(tmp_path))
    assert result.returncode == 1 and "statuses cannot be shown" in result.stderr
