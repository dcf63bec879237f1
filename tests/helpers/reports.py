"""The sample with a fixed store, history and clock: what the golden report files are made
of (tests/unit/test_export_golden.py) and what the browser renders
(tests/system/test_export_chromium.py).

At :data:`CLOCK` Firewalls is blocked (and past its due date), Compute Resources overdue,
Load balancing in progress without a change for 24 days (stale); the history starts in
December, so the trend spans weeks.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from helpers.paths import SAMPLE
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.report.insights import Period
from kb_tui.core.stats.model import DEFAULT_STALE_DAYS
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.workspace.open import find_items, open_workspace

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
    "Compute Resources": ("todo", "dana", "", "2026-01-09T11:00:00Z"),
}
# item text -> due date: one overdue and blocked, one overdue to do, one not yet due (CLOCK)
DUE = {
    "Firewalls": "2026-01-20",
    "Compute Resources": "2026-01-25",
    "Load balancing": "2026-02-15",
}
# Earlier changes, so the history (and the trend) spans weeks: text -> (status, updated)
EARLIER = {
    "Capacity planning": ("in_progress", "2025-12-22T09:00:00Z"),
    "Firewalls": ("in_progress", "2025-12-29T14:00:00Z"),
}
SINCE = "2026-01-06T00:00:00Z"  # the golden reports' --since: the changes of Jan 6 on


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
    earlier: dict[str, Entry | None] = {
        item_id(kb, text): Entry(status=status, updated=updated)
        for text, (status, updated) in EARLIER.items()
    }
    StatusStore(store_path).update(earlier, user="tester")
    changes: dict[str, Entry | None] = {
        item_id(kb, text): Entry(
            status=status, owner=owner, note=note, updated=updated, due=DUE.get(text, "")
        )
        for text, (status, owner, note, updated) in STATUSES.items()
    }
    changes[ORPHAN_ID] = Entry(status="done", note="kept from an old layout", updated=CLOCK_TEXT)
    StatusStore(store_path).update(changes, user="tester")
    return vault, store_path


def report_item_ids(report: dict[str, object]) -> list[str]:
    """The IDs of every item of a JSON report, in report order (documents, then sections
    depth first)."""
    found: list[str] = []

    def walk(sections: list[dict[str, object]]) -> None:
        for section in sections:
            found.extend(item["id"] for item in section["items"])  # type: ignore[attr-defined]
            walk(section["sections"])  # type: ignore[arg-type]

    for doc in report["documents"]:  # type: ignore[attr-defined]
        found.extend(item["id"] for item in doc["items"])
        walk(doc["sections"])
    return found


def fixed_period(store_path: Path, since: str | None = SINCE) -> Period:
    """The golden reports' period: the store's history, the changes since :data:`SINCE`
    and the default stale days (not the user's config)."""
    return Period(StatusStore(store_path).read_history(), since, DEFAULT_STALE_DAYS)
