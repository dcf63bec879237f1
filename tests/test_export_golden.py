"""Golden files for every report format: the sample with a fixed store and a fixed clock.

Regenerate after an intended change with ``KB_TUI_UPDATE_GOLDEN=1 python -m pytest
tests/test_export_golden.py`` and review the diff of ``tests/golden/``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import SAMPLE
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.report.export import FORMATS, SUFFIXES, render
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import find_items, open_workspace

GOLDEN = Path(__file__).parent / "golden"
CLOCK = dt.datetime(2026, 1, 31, 12, 0, 0, tzinfo=dt.UTC)
CLOCK_TEXT = "2026-01-02T03:04:05Z"
ORPHAN_ID = "infrastructure-architecture.md#infrastructure-architecture/retired-layer/old-item"
# item text -> (status, owner, note, updated)
STATUSES = {
    "Capacity planning": ("done", "ana", "sized for 2027", "2026-01-05T09:00:00Z"),
    "Firewalls": (
        "blocked",
        "bob",
        "waiting for the vendor quote\nPO #42 | ETA =March",
        "2026-01-06T10:30:00Z",
    ),
    "Load balancing": ("in_progress", "carol", "", "2026-01-07T08:15:00Z"),
    "serverless": ("na", "", "not used here", "2026-01-08T16:45:00Z"),
}


def item_id(kb: KnowledgeBase, text: str) -> str:
    (item,) = find_items(kb, text)
    return item.id


def fixed_vault(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the sample in ``<tmp>/vault`` and a store with fixed entries and times."""
    vault = tmp_path / "vault"
    vault.mkdir()
    shutil.copyfile(SAMPLE, vault / SAMPLE.name)
    store_path = tmp_path / "status.yaml"
    kb = open_workspace(vault, store_path).kb
    changes: dict[str, Entry | None] = {
        item_id(kb, text): Entry(status=status, owner=owner, note=note, updated=updated)
        for text, (status, owner, note, updated) in STATUSES.items()
    }
    changes[ORPHAN_ID] = Entry(status="done", note="kept from an old layout", updated=CLOCK_TEXT)
    StatusStore(store_path).update(changes, user="tester")
    return vault, store_path


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
    assert md.index("## Progress") < md.index("## Infrastructure Architecture")
    assert md.index("## Infrastructure Architecture") < md.index("## Blocked (1)")
    assert md.index("## Blocked (1)") < md.index("## Orphaned statuses (1)")
    html = rendered["html"]
    assert html.count('<svg class="chart"') == 1 and html.count("<details") == 8
    assert "<script" not in html
    csv_lines = rendered["csv"].split("\r\n")
    assert len(csv_lines) == 1 + 135 + 1  # header, one row per item, final CRLF
    assert any(line.startswith("infrastructure-architecture.md,") for line in csv_lines)
    assert json.loads(rendered["json"])["schema"] == "kb-tui/report@1"
