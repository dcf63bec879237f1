"""Reports and time (issue 17): overdue in every format and summary, ``--status overdue``,
needs attention by the stats rule, the trend and the changes of a period (``--since``).

Built on the golden reports' vault (:func:`helpers.reports.fixed_vault`): at its clock
Firewalls is blocked and past its due date, Compute Resources overdue, Load balancing in
progress for 24 days without a change.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from helpers.reports import CLOCK, SINCE, fixed_period, fixed_vault, item_id
from kb_tui.cli.common import OVERDUE as CLI_OVERDUE
from kb_tui.cli.common import status_list
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.records import ReportRecord
from kb_tui.core.query.filter import OVERDUE, ReportFilter
from kb_tui.core.report.csv import HEADER
from kb_tui.core.report.export import Period, render, report_data
from kb_tui.core.workspace.open import open_workspace


@pytest.fixture
def vault(tmp_path: Path) -> tuple[KnowledgeBase, Period]:
    root, store = fixed_vault(tmp_path)
    return open_workspace(root, store).kb, fixed_period(store)


def data(vault: tuple[KnowledgeBase, Period], filters: ReportFilter | None = None) -> ReportRecord:
    kb, period = vault
    return report_data(kb, filters=filters, generated_at=CLOCK, period=period)


def items(report: ReportRecord) -> dict[str, dict[str, object]]:
    """Every item record of a report by its text."""
    found: dict[str, dict[str, object]] = {}
    stack: list[dict[str, object]] = list(report["documents"])  # type: ignore[arg-type]
    while stack:
        node = stack.pop()
        found.update((i["text"], i) for i in node["items"])  # type: ignore[attr-defined]
        stack.extend(node["sections"])  # type: ignore[arg-type]
    return found


# -- overdue ---------------------------------------------------------------------------------
def test_overdue_is_counted_in_every_summary(vault: tuple[KnowledgeBase, Period]) -> None:
    report = data(vault)
    by_text = items(report)
    assert [t for t, i in by_text.items() if i["overdue"]] == ["Firewalls", "Compute Resources"]
    assert by_text["Load balancing"]["due"] == "2026-02-15"
    assert not by_text["Load balancing"]["overdue"]  # due after the report's day
    assert report["summary"]["overdue"] == 2
    (doc,) = report["documents"]
    assert doc["summary"]["overdue"] == 2
    per_section = [s["summary"]["overdue"] for s in doc["sections"][0]["sections"]]
    assert sum(per_section) == 2 and all(n in (0, 1, 2) for n in per_section)


def test_overdue_is_as_of_the_report_day(vault: tuple[KnowledgeBase, Period]) -> None:
    """A report of an earlier day marks what was overdue then: nothing before Jan 20."""
    kb, period = vault
    early = report_data(kb, generated_at=dt.datetime(2026, 1, 10, 12, tzinfo=dt.UTC))
    assert early["summary"]["overdue"] == 0
    assert data((kb, period))["summary"]["overdue"] == 2


def test_status_overdue_keeps_the_overdue_items(vault: tuple[KnowledgeBase, Period]) -> None:
    only = data(vault, ReportFilter(statuses=frozenset({OVERDUE})))
    assert sorted(items(only)) == ["Compute Resources", "Firewalls"]
    assert only["filter"] == "status overdue"
    assert only["summary"]["overdue"] == 2 and only["summary"]["filtered"]
    assert only["orphans"] == []  # an orphan's item is gone: never overdue


def test_status_overdue_is_an_or_with_the_statuses(vault: tuple[KnowledgeBase, Period]) -> None:
    either = data(vault, ReportFilter(statuses=frozenset({"in_progress", OVERDUE})))
    assert sorted(items(either)) == ["Compute Resources", "Firewalls", "Load balancing"]
    assert either["filter"] == "status in progress, overdue"
    done = data(vault, ReportFilter(statuses=frozenset({"done", OVERDUE})))
    assert sorted(items(done)) == ["Capacity planning", "Compute Resources", "Firewalls"]
    assert [o["status"] for o in done["orphans"]] == ["done"]  # kept by its status


def test_status_list_takes_overdue() -> None:
    assert CLI_OVERDUE == OVERDUE  # the parser's word is the filter's
    assert status_list("blocked,Overdue, wip") == ["blocked", "overdue", "in_progress"]
    with pytest.raises(argparse.ArgumentTypeError, match=r"unknown status 'late'.*or overdue"):
        status_list("late")


def test_overdue_in_markdown_html_and_csv(vault: tuple[KnowledgeBase, Period]) -> None:
    kb, period = vault
    md = render(kb, "md", generated_at=CLOCK, period=period)[0]
    assert "- [h] Firewalls — owner: bob — due: 2026-01-20 **overdue** — note:" in md
    assert "- [/] Load balancing — owner: carol — due: 2026-02-15" in md
    assert "2026-02-15 **overdue**" not in md
    assert "1 of 134 done, 1 n/a, 2 overdue" in md
    html = render(kb, "html", generated_at=CLOCK, period=period)[0]
    assert '<span class="due overdue">due 2026-01-20 <strong>! overdue</strong></span>' in html
    assert '<span class="due">due 2026-02-15</span>' in html
    assert html.count('<li class="item st-blocked overdue"') == 1
    rows = list(
        csv.DictReader(
            io.StringIO(render(kb, "csv", generated_at=CLOCK, period=period)[0], newline="")
        )
    )
    by_item = {row["item"]: row for row in rows if row["record"] == "item"}
    assert by_item["Compute Resources"]["due"] == "2026-01-25"
    assert by_item["Load balancing"]["overdue"] == ""


# -- needs attention -------------------------------------------------------------------------
def test_needs_attention_is_the_stats_rule(vault: tuple[KnowledgeBase, Period]) -> None:
    report = data(vault)
    rows = [(row["reason"], row["text"], row["days"]) for row in report["attention"]]
    assert rows == [
        ("blocked", "Firewalls", 25),  # since its last change, Jan 6
        ("overdue", "Compute Resources", 6),
        ("stale", "Load balancing", 24),
    ]
    assert report["stale_days"] == 14
    kb, period = vault
    patient = Period(period.history, None, stale_days=30)
    relaxed = report_data(kb, generated_at=CLOCK, period=patient)
    assert [row["reason"] for row in relaxed["attention"]] == ["blocked", "overdue"]
    md = render(kb, "md", generated_at=CLOCK, period=patient)[0]
    assert "### Stale: in progress, no change for 30+ days (0)" in md


def test_needs_attention_follows_the_filter(vault: tuple[KnowledgeBase, Period]) -> None:
    owned = data(vault, ReportFilter(owner="carol"))
    assert [row["text"] for row in owned["attention"]] == ["Load balancing"]


# -- the trend -------------------------------------------------------------------------------
def test_trend_is_weekly_and_ends_today(vault: tuple[KnowledgeBase, Period]) -> None:
    trend = data(vault)["trend"]
    assert trend["history"] > 0
    weekly = trend["weekly"]
    assert weekly[-1]["day"] == "2026-01-31" and weekly[-1]["done"] == 1
    assert all(p["applicable"] == 134 for p in weekly[-3:])
    assert [p["day"] for p in weekly[:-1]] == sorted(p["day"] for p in weekly[:-1])
    assert set(trend["pace"]) == {
        "per_week", "weeks", "remaining", "finish", "due_items", "needed_per_week", "meets",
    }  # fmt: skip


def test_no_history_is_said_in_one_line(vault: tuple[KnowledgeBase, Period]) -> None:
    kb, _ = vault
    report = report_data(kb, generated_at=CLOCK)
    assert report["trend"]["history"] == 0
    md = render(kb, "md", generated_at=CLOCK)[0]
    assert "## Trend\n\nNo history of status changes yet" in md and "| Week ending" not in md
    html = render(kb, "html", generated_at=CLOCK)[0]
    assert "No history of status changes yet" in html and "burnup" not in html


# -- the changes of a period -----------------------------------------------------------------
def test_changes_are_grouped_by_layer_with_who_and_when(
    vault: tuple[KnowledgeBase, Period],
) -> None:
    report = data(vault)
    assert report["since"] == SINCE
    groups = report["changes"]
    changed = [(g["layer"], [c["text"] for c in g["changes"]]) for g in groups]
    texts = [text for _layer, texts in changed for text in texts]
    assert sorted(texts) == ["Compute Resources", "Firewalls", "Load balancing", "serverless"]
    assert len({layer for layer, _ in changed}) == len(changed)  # one group per layer
    for group in groups:
        times = [c["time"] for c in group["changes"]]
        assert times == sorted(times) and all(t >= SINCE for t in times)
    firewalls = next(c for g in groups for c in g["changes"] if c["text"] == "Firewalls")
    assert firewalls == {
        "time": "2026-01-06T10:30:00Z",
        "user": "tester",
        "item": firewalls["item"],
        "text": "Firewalls",
        "what": firewalls["what"],
        "from": "in_progress",
        "to": "blocked",
        "owner": "bob",
        "owner_from": "",
        "note": "waiting for the vendor quote\nPO #42 | ETA =March",
        "note_from": "",
        "due": "2026-01-20",
        "due_from": "",
    }
    assert firewalls["what"].startswith("in_progress → blocked · owner — → bob")


def test_changes_follow_the_filter(vault: tuple[KnowledgeBase, Period]) -> None:
    owned = data(vault, ReportFilter(owner="bob"))
    assert [c["text"] for g in owned["changes"] for c in g["changes"]] == ["Firewalls"]


def test_changes_in_json_are_plain_data(vault: tuple[KnowledgeBase, Period]) -> None:
    kb, period = vault
    report = json.loads(render(kb, "json", generated_at=CLOCK, period=period)[0])
    assert report["since"] == SINCE
    assert all(set(g) == {"layer", "changes"} for g in report["changes"])
    assert {"attention", "trend", "stale_days"} <= set(report)


def test_changes_in_csv_are_rows_of_the_one_table(vault: tuple[KnowledgeBase, Period]) -> None:
    kb, period = vault
    text = render(kb, "csv", generated_at=CLOCK, period=period)[0]
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert tuple(rows[0]) == HEADER and all(len(row) == len(HEADER) for row in rows)
    records = [row[HEADER.index("record")] for row in rows[1:]]
    assert records == ["item"] * 135 + ["change"] * 4  # items first, then the changes
    change = dict(zip(HEADER, rows[-4 + [r[2] for r in rows[-4:]].index("Firewalls")], strict=True))
    assert change["changed by"] == "tester" and change["status from"] == "in_progress"
    assert change["status"] == "blocked" and change["updated"] == "2026-01-06T10:30:00Z"
    assert change["due"] == "2026-01-20" and change["due from"] == ""
    assert change["document"] == "infrastructure-architecture.md"
    assert change["id"] == item_id(kb, "Firewalls")


def test_no_changes_section_without_since(vault: tuple[KnowledgeBase, Period]) -> None:
    kb, period = vault
    without = Period(period.history, None, period.stale_days)
    md = render(kb, "md", generated_at=CLOCK, period=without)[0]
    assert "Changes since" not in md
    assert "changes" not in report_data(kb, generated_at=CLOCK, period=without)


def test_html_folds_needs_attention_past_the_first_rows(tmp_path: Path) -> None:
    """Thousands of blocked items (ops-kb has 2,019) would push the trend many screens
    down: each reason shows its first rows, the rest fold into a <details>."""
    from kb_tui.core.report.html import ATTENTION_SHOWN
    from kb_tui.core.status.store import Entry, StatusStore

    vault = tmp_path / "v"
    vault.mkdir()
    count = ATTENTION_SHOWN + 3
    (vault / "ops.md").write_text(
        "# Ops\n\n## Work\n\n" + "".join(f"- Task {n}\n" for n in range(count)), "utf-8"
    )
    StatusStore(vault / ".kb-tui" / "status.yaml", vault).update(
        {f"ops.md#ops/work/task-{n}": Entry("blocked") for n in range(count)}, user="t"
    )
    html, _ = render(open_workspace(vault).kb, "html")
    attention = html.split('<section class="attention"', 1)[1].split("</section>", 1)[0]
    shown, folded = attention.split('<details class="more">')
    assert shown.count("<tr><td") == ATTENTION_SHOWN
    assert "<summary>3 more blocked items</summary>" in folded
    assert folded.count("<tr><td") == 3


def test_a_filter_leaving_one_note_of_a_vault_keeps_the_vaults_layers(tmp_path: Path) -> None:
    """The layer of an item is the vault's (its top-level folder), not the sections of the
    one note a --doc filter leaves: the report says what the dashboard says."""
    from kb_tui.core.status.store import Entry, StatusStore

    vault = tmp_path / "v"
    (vault / "net").mkdir(parents=True)
    (vault / "net" / "fw.md").write_text("# Firewall\n\n## Rules\n\n- Egress\n", "utf-8")
    (vault / "apps.md").write_text("# Apps\n\n## Deploy\n\n- Canary\n", "utf-8")
    StatusStore(vault / ".kb-tui" / "status.yaml", vault).update(
        {"net/fw.md#firewall/rules/egress": Entry("blocked")}, user="t"
    )
    kb = open_workspace(vault).kb
    report = report_data(kb, filters=ReportFilter(doc_glob="net/*"))
    assert [row["layer"] for row in report["attention"]] == ["net"]
