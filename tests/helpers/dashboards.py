"""Hand-made dashboard records: the dashboard's drawing tested apart from the figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import kb_tui.core.status.store as store_module
from kb_tui.core.model.progress import Summary
from kb_tui.core.stats.model import (
    AttentionRow,
    Dashboard,
    ItemFacts,
    LayerRow,
    OwnerRow,
    Pace,
    Trend,
    TrendPoint,
)
from kb_tui.core.status.store import StatusStore
from kb_tui.core.workspace.open import open_workspace

TODAY = dt.date(2026, 3, 4)


def weeks(*figures: tuple[int, int], last: dt.date = TODAY) -> list[TrendPoint]:
    """Weekly points (done, applicable), the last one on ``last``."""
    count = len(figures)
    return [
        TrendPoint(last - dt.timedelta(weeks=count - 1 - n), done, applicable)
        for n, (done, applicable) in enumerate(figures)
    ]


def fact(item_id: str, text: str, status: str, **more: str) -> ItemFacts:
    return ItemFacts(id=item_id, text=text, status=status, **more)


def sample_dashboard() -> Dashboard:
    """Three layers, two owners and the unassigned, one of each reason, eight weeks."""
    layers = [
        LayerRow("Compute", Summary(items=20, todo=6, in_progress=3, done=9, blocked=1, na=1), 1),
        LayerRow("Network", Summary(items=12, todo=2, in_progress=1, done=8, blocked=0, na=1), 0),
        LayerRow("Security [bold]", Summary(items=8, todo=7, in_progress=0, done=0, blocked=1)),
    ]
    total = Summary(items=40, todo=15, in_progress=4, done=17, blocked=2, na=2)
    owners = [
        OwnerRow("ana", assigned=10, todo=3, in_progress=2, done=4, blocked=1, overdue=1),
        OwnerRow("bo", assigned=6, todo=2, in_progress=1, done=3),
        OwnerRow("", assigned=24, todo=10, in_progress=1, done=10, blocked=1, na=2),
    ]
    attention = [
        AttentionRow("blocked", fact("a.md#c/racks", "Server racks", "blocked", layer="Compute")),
        AttentionRow(
            "overdue",
            fact(
                "a.md#c/cap",
                "Capacity planning",
                "todo",
                owner="ana",
                due="2026-02-20",
                layer="Compute",
            ),
            12,
        ),
        AttentionRow(
            "stale", fact("b.md#n/fw", "Firewall rules", "in_progress", layer="Network"), 30
        ),
    ]
    points = weeks((2, 30), (4, 32), (6, 34), (8, 36), (10, 38), (12, 38), (15, 38), (17, 38))
    pace = Pace(
        per_week=2.8,
        weeks=4,
        remaining=21,
        finish=dt.date(2026, 4, 28),
        due_items=3,
        needed_per_week=4.0,
        meets=False,
    )
    return Dashboard(
        generated_at="2026-03-04T12:00:00Z",
        today=TODAY,
        stale_days=14,
        summary=total,
        overdue=1,
        layers=layers,
        owners=owners,
        attention=attention,
        trend=Trend(daily=[], weekly=points, pace=pace),
        history_records=120,
    )


# -- a small vault with statuses written at fixed times -----------------------------------
NOW = dt.datetime(2026, 3, 4, 12, 0, tzinfo=dt.UTC)  # noon: the same day in most zones
DASH_NOTES = {
    "compute/racks.md": "# Racks\n\n- Server racks\n- Power feeds\n- Cooling\n- Cabling\n",
    "network/firewall.md": "# Firewall\n\n- Firewall rules\n- VPN gateway\n- DNS resolvers\n",
    "security.md": "# Security\n\n- Key rotation\n- Audit logging\n",
}
# (when, item text, status, owner, due): blocked, overdue 12 days, in progress 48 days.
DASH_CHANGES = (
    ("2026-01-10T09:00:00Z", "Server racks", "in_progress", "ana", ""),
    ("2026-01-12T09:00:00Z", "Power feeds", "blocked", "bo", ""),
    ("2026-01-15T09:00:00Z", "Firewall rules", "in_progress", "ana", ""),
    ("2026-01-20T09:00:00Z", "Server racks", "done", "ana", ""),
    ("2026-02-01T09:00:00Z", "Cooling", "todo", "bo", "2026-02-20"),
    ("2026-02-03T09:00:00Z", "Key rotation", "todo", "", "2026-04-01"),
    ("2026-02-10T09:00:00Z", "VPN gateway", "done", "", ""),
    ("2026-02-25T09:00:00Z", "DNS resolvers", "done", "bo", ""),
    ("2026-02-26T09:00:00Z", "Audit logging", "na", "", ""),
)


def item_ids(root: Path) -> dict[str, str]:
    """Each item's text → its ID, as the explorer reads the vault."""
    kb = open_workspace(root).kb
    return {item.text: item.id for doc in kb.documents for item in doc.iter_items()}


def write_dash_vault(root: Path) -> dict[str, str]:
    """The notes of :data:`DASH_NOTES` in ``root`` and :data:`DASH_CHANGES` in its store and
    history, each stamped with its time; returns the item IDs by text."""
    for rel, text in DASH_NOTES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    ids = item_ids(root)
    store = StatusStore(root / ".kb-tui" / "status.yaml")
    with pytest.MonkeyPatch.context() as patch:
        for when, text, status, owner, due in DASH_CHANGES:
            patch.setattr(store_module, "utc_now", lambda when=when: when)
            store.set(ids[text], status, owner=owner, due=due, user="tester")
    return ids
