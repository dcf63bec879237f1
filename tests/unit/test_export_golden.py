"""Golden files for every report format: the sample with a fixed store and a fixed clock.

Regenerate after an intended change with ``KB_TUI_UPDATE_GOLDEN=1 python -m pytest
tests/unit/test_export_golden.py`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest

from helpers.paths import GOLDEN, SAMPLE
from helpers.reports import CLOCK, fixed_vault
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
    out = {fmt: render(kb, fmt, generated_at=CLOCK)[0] for fmt in FORMATS}
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
    assert "- [h] Firewalls — owner: bob — note: waiting for the vendor quote PO \\#42 \\|" in md
    assert "- [/] Load balancing — owner: carol" in md
    assert "- [-] serverless — note: not used here" in md
    assert "Generated 2026-01-31 12:00 UTC" in md
    # Needs attention (blocked, then in progress) comes right after the summary.
    assert md.index("## Summary") < md.index("## Needs attention (2)") < md.index("## Progress")
    assert md.index("### Blocked (1)") < md.index("### In progress (1)") < md.index("## Progress")
    assert md.index("## Progress") < md.index("## Infrastructure Architecture")
    assert md.index("## Infrastructure Architecture") < md.index("## Orphaned statuses (1)")
    html = rendered["html"]
    summary, attention = html.index('class="summary"'), html.index("<h2>Needs attention (2)")
    assert summary < attention < html.index('<article class="doc"')
    blocked = html.index('s-blocked">blocked</span> 1</h3>')
    assert attention < blocked < html.index('s-in_progress">in progress</span> 1</h3>')
    link = re.search(r'<td><a href="#(i-[0-9a-f]{12})">Firewalls</a>', html)
    assert link and f'id="{link[1]}"' in html  # the link reaches the item in the checklist
    # To-do items are a quiet mark, not a badge: the bulk of a young checklist stays compact.
    assert html.count('class="item st-todo"') == html.count('class="mark"') == 131
    assert html.count('class="badge s-todo"') == 1  # the legend's
    assert html.count('<svg class="chart"') == 1 and html.count("<details") == 8
    assert "<script" not in html
    csv_lines = rendered["csv"].split("\r\n")
    assert len(csv_lines) == 1 + 135 + 1  # header, one row per item, final CRLF
    assert any(line.startswith("infrastructure-architecture.md,") for line in csv_lines)
    assert json.loads(rendered["json"])["schema"] == "kb-tui/report@1"


def test_nothing_needing_attention_is_one_line(isolated_state: Path) -> None:
    kb = open_workspace(SAMPLE).kb  # no statuses: nothing blocked, nothing in progress
    for fmt, marker in (("md", "## Needs attention (0)"), ("html", "<h2>Needs attention (0)")):
        text = render(kb, fmt, generated_at=CLOCK)[0]
        after = text[text.index(marker) :][:200]
        assert "Nothing is blocked or in progress." in after
        assert "Nothing is blocked." not in text and "Nothing is in progress." not in text
