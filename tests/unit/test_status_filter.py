"""``status:LIST`` in the filter (``status:blocked``, ``status:todo,wip``,
``status:overdue``): items by status, overdue by the one overdue rule, combinable with
``owner:`` and words; the tree and an export's text filter keep the same items."""

from __future__ import annotations

from pathlib import Path

from kb_tui.core.query.kb_filter import kept_item_ids, run_filter
from kb_tui.core.query.kb_index import KbIndex
from kb_tui.core.query.match import Query
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import open_workspace

DOC = "# Ops\n\n## Network\n\n- Core switch\n- Edge router\n\n## Storage\n\n- Backup policy\n"
CORE, EDGE, BACKUP = (
    "ops.md#ops/network/core-switch",
    "ops.md#ops/network/edge-router",
    "ops.md#ops/storage/backup-policy",
)


def test_status_terms_are_parsed_out_of_the_text() -> None:
    query = Query.parse("net status:blocked,WIP core status:overdue")
    assert query.statuses == frozenset({"blocked", "in_progress", "overdue"})
    assert query.tokens == ("net", "core")
    assert Query.parse("status:done").active and not Query.parse("status:done").too_short
    assert Query.parse("the status: word").statuses == frozenset()  # keeps nothing
    assert Query.parse("net").statuses is None
    assert not Query.parse("status:done net").narrows(Query.parse("status:todo net"))


def test_status_and_overdue_keep_the_right_items(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "ops.md").write_text(DOC, encoding="utf-8")
    store = StatusStore(vault / ".kb-tui" / "status.yaml", vault)
    store.update(
        {
            CORE: Entry("in_progress", owner="ana", due="2020-01-31"),  # overdue
            EDGE: Entry("done", owner="bo", due="2020-01-31"),  # done: never overdue
            BACKUP: Entry("blocked", owner="ana", due="2999-01-31"),
        },
        user="t",
    )
    kb = open_workspace(vault).kb
    assert run_filter(KbIndex(kb), "status:overdue").item_ids == [CORE]
    assert run_filter(KbIndex(kb), "status:blocked,done").item_ids == [EDGE, BACKUP]
    assert run_filter(KbIndex(kb), "status:overdue owner:ana").item_ids == [CORE]
    assert run_filter(KbIndex(kb), "status:overdue,blocked backup").item_ids == [BACKUP]
    assert run_filter(KbIndex(kb), "status:wip").item_ids == [CORE]
    assert run_filter(KbIndex(kb), "status:nonsense").item_ids == []
    assert kept_item_ids(kb, "status:overdue") == frozenset({CORE})
