"""The layer rule and the items' facts: one rule for a parsed knowledge base and for a
report's records (so the dashboard and every report agree)."""

from __future__ import annotations

from pathlib import Path

from helpers.status_vaults import MakeVault
from kb_tui.core.report.build import build_report
from kb_tui.core.stats.facts import facts_of_kb, facts_of_report, layer_order, vault_layer
from kb_tui.core.workspace.open import open_workspace
from kb_tui.resources import sample_path

TITLED = """# Runbook

- Loose one

## Compute
- Racks
### Sizing
- Capacity

## Network
- Firewall
"""

UNTITLED = "---\ntitle: Plan\n---\n- Own item\n\n# Alpha\n- A1\n## Deeper\n- A2\n\n# Beta\n- B1\n"


def _facts(root: Path) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    kb = open_workspace(root).kb
    model = [(f.text, f.layer) for f in facts_of_kb(kb)]
    report = [(f.text, f.layer) for f in facts_of_report(build_report(kb))]
    return model, report


def test_a_single_document_is_cut_by_its_layers_under_a_title_heading(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"runbook.md": TITLED})
    model, report = _facts(root / "runbook.md")
    assert model == [
        ("Loose one", "Runbook"),
        ("Racks", "Compute"),
        ("Capacity", "Compute"),
        ("Firewall", "Network"),
    ]
    assert report == model


def test_a_single_document_without_a_title_heading_has_its_headings_as_layers(
    make_vault: MakeVault,
) -> None:
    root = make_vault({"plan.md": UNTITLED})
    model, report = _facts(root / "plan.md")
    assert model == [("Own item", "Plan"), ("A1", "Alpha"), ("A2", "Alpha"), ("B1", "Beta")]
    assert report == model


def test_a_vault_is_cut_by_its_top_level_folders_then_its_root_notes(
    make_vault: MakeVault,
) -> None:
    root = make_vault({
        "zeta.md": "# Zeta\n- Z\n",
        "net/deep/fw.md": "# FW\n- Rules\n",
        "net/dns.md": "# DNS\n- Zones\n",
        "apps/web.md": "# Web\n- Deploy\n",
        "alpha.md": "# Alpha\n- A\n",
    })  # fmt: skip
    model, report = _facts(root)
    assert model == [
        ("Deploy", "apps"),
        ("Rules", "net"),  # a folder before the notes beside it, as the tree shows them
        ("Zones", "net"),
        ("A", "Alpha"),
        ("Z", "Zeta"),
    ]
    assert report == model


def test_facts_carry_the_stored_status_owner_due_date_and_time(make_vault: MakeVault) -> None:
    root = make_vault({"a.md": "# A\n- One\n- Two\n", "b.md": "# B\n- Three\n"})
    workspace = open_workspace(root)
    workspace.store.set("a.md#a/one", "blocked", owner="ana", due="2027-01-31", user="bo")
    kb = open_workspace(root).kb
    facts = facts_of_kb(kb)
    one = facts[0]
    assert (one.id, one.status, one.owner, one.due, one.layer, one.doc, one.line) == (
        "a.md#a/one", "blocked", "ana", "2027-01-31", "A", "a.md", 2,
    )  # fmt: skip
    assert one.updated.endswith("Z")
    assert facts_of_report(build_report(kb)) == facts
    assert layer_order(facts) == ["A", "B"]


def test_the_sample_reads_the_same_from_the_model_and_from_its_report() -> None:
    kb = open_workspace(sample_path(), store=Path("/nonexistent/store.yaml")).kb
    facts = facts_of_kb(kb)
    assert len(facts) == sum(1 for _ in kb.iter_items()) > 50
    assert facts_of_report(build_report(kb)) == facts
    assert len(layer_order(facts)) > 3


def test_vault_layer() -> None:
    assert vault_layer("net/dns.md", "DNS") == "net"
    assert vault_layer("readme.md", "Read me") == "Read me"
