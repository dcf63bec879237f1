"""The dashboard from a real store and its history: counts per layer and owner, needs
attention, trend, and its JSON and text shapes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from helpers.status_vaults import MakeVault
from kb_tui.core.stats.dashboard import SCHEMA, build_dashboard, dashboard_dict, dashboard_text
from kb_tui.core.stats.facts import facts_of_kb
from kb_tui.core.workspace.open import open_workspace

NOTES = {
    "net/fw.md": "# FW\n- Rules\n- Audit\n- Logs\n",
    "apps/web.md": "# Web\n- Deploy\n- Rollback\n- \x1b]0;PWNED\x07Evil\n",
    "readme.md": "# Read me\n- Onboard\n",
}


@pytest.fixture
def vault(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    root = make_vault(NOTES)
    store = open_workspace(root).store
    store.set("net/fw.md#fw/rules", "done", owner="ana")
    store.set("net/fw.md#fw/audit", "blocked", owner="Ana", due="2026-01-01")
    store.set("net/fw.md#fw/logs", "in_progress", owner="bo", due="2026-12-01")
    store.set("apps/web.md#web/rollback", "na")
    return root


def _dashboard(root: Path, now: dt.datetime) -> dict[str, object]:
    workspace = open_workspace(root)
    history = workspace.store.read_history()
    d = build_dashboard(facts_of_kb(workspace.kb), history.records, now=now, skipped=3)
    return dashboard_dict(d) | {"text": dashboard_text(d)}


def test_dashboard_counts_layers_owners_and_what_needs_attention(vault: Path) -> None:
    now = dt.datetime.now(dt.UTC) + dt.timedelta(days=20)
    out = _dashboard(vault, now)
    assert out["schema"] == SCHEMA == "kb-tui/stats@1"
    assert list(out) == [
        "schema", "generated_at", "today", "stale_days", "summary", "layers", "owners",
        "attention", "trend", "history", "text",
    ]  # fmt: skip
    assert out["summary"] == {
        "items": 7, "todo": 3, "in_progress": 1, "done": 1, "blocked": 1, "na": 1,
        "percent_done": 16.6, "applicable": 6, "overdue": 2,
    }  # fmt: skip
    layers = out["layers"]
    assert isinstance(layers, list)
    assert [(row["title"], row["done"], row["applicable"], row["overdue"]) for row in layers] == [
        ("apps", 0, 2, 0),
        ("net", 1, 3, 2),
        ("Read me", 0, 1, 0),
    ]
    owners = out["owners"]
    assert isinstance(owners, list)
    assert [(o["owner"], o["assigned"], o["done"], o["blocked"], o["overdue"]) for o in owners] == [
        ("ana", 2, 1, 1, 1),  # "Ana" and "ana" are one owner (as the owner filter has it)
        ("bo", 1, 0, 0, 1),
        (None, 4, 0, 0, 0),  # the unassigned items, last
    ]
    attention = out["attention"]
    assert isinstance(attention, list)
    assert [(a["reason"], a["id"]) for a in attention] == [
        ("blocked", "net/fw.md#fw/audit"),
        ("overdue", "net/fw.md#fw/logs"),  # in progress for 20 days too: listed once
    ]
    assert out["history"] == {"records": 4, "skipped": 3}
    json.dumps(out)  # JSON-ready


def test_trend_ends_on_today_and_text_names_item_ids(vault: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    out = _dashboard(vault, now)
    trend = out["trend"]
    assert isinstance(trend, dict)
    assert trend["weekly"][-1] == {
        "day": now.astimezone().date().isoformat(), "done": 1, "applicable": 6,
        "percent_done": 16.6,
    }  # fmt: skip
    assert trend["daily"][0]["done"] == 0  # the day before the first change
    assert trend["pace"]["weeks"] == 1 and trend["pace"]["per_week"] == 1.0
    assert trend["pace"]["due_items"] == 2 and trend["pace"]["meets"] is False
    text = out["text"]
    assert isinstance(text, str)
    assert "net/fw.md#fw/audit" in text and "overdue" in text
    assert "█" in text and "Pace: 1.0 done a week" in text
    assert "\x1b" not in text and "\x07" not in text


def test_text_columns_line_up_whatever_the_names_hold(make_vault: MakeVault) -> None:
    note = "# Plan\n## 🎯 Wide\n- A\n## Narrow\n- B\n## " + "Long " * 12 + "\n- C\n"
    root = make_vault({"plan.md": note})
    workspace = open_workspace(root / "plan.md")
    text = dashboard_text(build_dashboard(facts_of_kb(workspace.kb), []))
    rows = [line for line in text.splitlines() if "░" in line]
    assert len(rows) == 3 and "…" in rows[2]
    wide = {line.index("░") + line.count("🎯") for line in rows}  # 🎯 takes two cells
    assert len(wide) == 1
