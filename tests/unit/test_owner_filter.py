"""Issue 16: ``owner:NAME`` in the filter — the items a person owns (the explorer's "My
items", ``M``), by the one filter rule, so the tree and the export agree."""

from __future__ import annotations

from pathlib import Path

from kb_tui.core.query.kb_filter import kept_item_ids, run_filter
from kb_tui.core.query.kb_index import KbIndex
from kb_tui.core.query.match import Query
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import open_workspace

DOC = "# Ops\n\n## Network\n\n- Core switch\n- Edge router\n\n## Storage\n\n- Backup policy\n"


def test_owner_is_parsed_out_of_the_text() -> None:
    query = Query.parse('net owner:"Ana Smith" core')
    assert query.owner == "ana smith" and query.tokens == ("net", "core")
    assert Query.parse("OWNER:bo").owner == "bo" and Query.parse("OWNER:bo").tokens == ()
    assert Query.parse("owner:bo").active and not Query.parse("owner:bo").too_short
    assert Query.parse("the owner: field").owner is None  # "owner:" with nothing after
    assert Query.parse("co-owner:x").owner is None
    assert not Query.parse("owner:bo net").narrows(Query.parse("owner:ana net"))


def test_owned_items_are_what_the_filter_keeps(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "ops.md").write_text(DOC, encoding="utf-8")
    store = StatusStore(vault / ".kb-tui" / "status.yaml", vault)
    store.update(
        {
            "ops.md#ops/network/core-switch": Entry("in_progress", owner="Ana Smith"),
            "ops.md#ops/storage/backup-policy": Entry("todo", owner="ana"),
            "ops.md#ops/network/edge-router": Entry("done", owner="Bo"),
        },
        user="t",
    )
    kb = open_workspace(vault).kb
    ana = run_filter(KbIndex(kb), 'owner:"ana"')
    assert ana.item_ids == ["ops.md#ops/network/core-switch", "ops.md#ops/storage/backup-policy"]
    assert ana.matches == ana.items == 2
    assert run_filter(KbIndex(kb), "owner:ana backup").item_ids == [
        "ops.md#ops/storage/backup-policy"
    ]
    assert kept_item_ids(kb, "owner:bo") == frozenset({"ops.md#ops/network/edge-router"})
    assert run_filter(KbIndex(kb), "owner:nobody").item_ids == []
