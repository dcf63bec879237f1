"""Golden files for every report format: the sample with a fixed store, history and clock,
and the changes since a fixed day (``--since``).

Regenerate after an intended change with ``KB_TUI_UPDATE_GOLDEN=1 python -m pytest
tests/unit/test_export_golden.py`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest

from helpers.paths import GOLDEN, SAMPLE
from helpers.reports import CLOCK, fixed_period, fixed_vault
from kb_tui.core.report.export import FORMATS, SUFFIXES, render
from kb_tui.core.workspace.open import open_workspace


def normalise_json(text: str, root: Path) -> str:
    """The JSON report without what depends on the machine or the day."""
    report = json.loads(text)
    assert report["root"] == str(root.resolve())
    report["root"] = "<root>"
    for problem in report["problems"]:
        if problem["path"].endswith("status.yaml"):  # a store kept outside the vault
            problem["path"] = "<store>"
    for doc in report["documents"]:
        for key in ("created", "updated"):
            if key in doc["frontmatter"]:
                doc["frontmatter"][key] = "<today>"
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


@pytest.fixture
def rendered(tmp_path: Path) -> dict[str, str]:
    vault, store = fixed_vault(tmp_path)
    kb = open_workspace(vault, store).kb
    period = fixed_period(store)
    out = {fmt: render(kb, fmt, generated_at=CLOCK, period=period)[0] for fmt in FORMATS}
    out["json"] = normalise_json(out["json"], vault)
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_golden(rendered: dict[str, str], fmt: str, tmp_path: Path) -> None:
    text = rendered[fmt]
    golden = GOLDEN / f"sample-report{SUFFIXES[fmt]}"
    if os.environ.get("KB_TUI_UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_bytes(text.encode("utf-8"))
    assert str(tmp_path) not in text, "machine-specific path in the report"
    assert text == golden.read_bytes().decode("utf-8"), (
        f"{golden.name} differs; if intended, regenerate with KB_TUI_UPDATE_GOLDEN=1"
    )


def test_golden_content_says_what_the_issue_asks(rendered: dict[str, str]) -> None:
    md = rendered["md"]
    assert "- [x] Capacity planning — owner: ana — note: sized for 2027" in md
    assert (
        "- [h] Firewalls — owner: bob — due: 2026-01-20 **overdue** — note: waiting for the "
        "vendor quote PO \\#42 \\|" in md
    )
    assert "- [/] Load balancing — owner: carol — due: 2026-02-15" in md
    assert "- [-] serverless — note: not used here" in md
    assert "Generated 2026-01-31 12:00 UTC" in md
    # Needs attention (blocked, overdue, stale: the stats rule) comes right after the summary,
    # then the trend and the changes since --since, then the progress table.
    assert md.index("## Summary") < md.index("## Needs attention (3)") < md.index("## Trend")
    blocked, overdue = md.index("### Blocked (1)"), md.index("### Overdue: due date past")
    assert blocked < overdue < md.index("### Stale: in progress, no change for 14+ days (1)")
    assert md.index("## Trend") < md.index("| Week ending | Done | Applicable | % done |")
    assert "| 2026-01-31 | 1 | 134 | <1% |" in md and "\nPace: " in md
    changes = md.index("## Changes since 2026-01-06 00:00 UTC (4)")
    assert md.index("## Trend") < changes < md.index("## Progress")
    assert "| 2026-01-06 10:30 | tester | Firewalls | in_progress → blocked" in md
    assert md.index("## Progress") < md.index("## Infrastructure Architecture")
    assert md.index("## Infrastructure Architecture") < md.index("## Orphaned statuses (1)")
    html = rendered["html"]
    summary, attention = html.index('class="summary"'), html.index("<h2>Needs attention (3)")
    assert summary < attention < html.index('<article class="doc"')
    blocked = html.index('r-blocked">blocked</span> 1</h3>')
    overdue = html.index('r-overdue">overdue</span> 1 <span class="hint">')
    assert attention < blocked < overdue < html.index('r-stale">stale</span> 1 <span')
    trend, chart = html.index("<h2>Trend</h2>"), html.index('<svg class="chart burnup"')
    assert overdue < trend < chart < html.index("<h2>Changes since 2026-01-06 00:00 UTC (4)")
    link = re.search(r'<td class="name"><a href="#(i-[0-9a-f]{12})">Firewalls</a>', html)
    assert link and f'id="{link[1]}"' in html  # the link reaches the item in the checklist
    # To-do items are a quiet mark, not a badge: the bulk of a young checklist stays compact.
    assert html.count('class="item st-todo"') == 130 and html.count('class="mark"') == 131
    assert html.count('class="item st-todo overdue"') == 1
    assert html.count('class="badge s-todo"') == 1  # the legend's
    assert html.count('<svg class="chart"') == 1 and html.count("<details") == 8
    assert html.count('<svg class="chart burnup"') == 1
    assert "<script" not in html
    csv_rows = list(csv.reader(io.StringIO(rendered["csv"], newline="")))
    assert len(csv_rows) == 1 + 135 + 4  # header, one row per item, one per change
    csv_lines = rendered["csv"].split("\r\n")
    assert any(line.startswith("infrastructure-architecture.md,") for line in csv_lines)
    assert json.loads(rendered["json"])["schema"] == "kb-tui/report@1"


def test_nothing_needing_attention_is_one_line(isolated_state: Path) -> None:
    kb = open_workspace(SAMPLE).kb  # no statuses: nothing blocked, overdue or in progress
    for fmt, marker in (("md", "## Needs attention (0)"), ("html", "<h2>Needs attention (0)")):
        text = render(kb, fmt, generated_at=CLOCK)[0]
        after = text[text.index(marker) :][:200]
        assert "Nothing is blocked, overdue or stale." in after
        assert "Nothing is blocked." not in text and "Nothing is overdue." not in text
