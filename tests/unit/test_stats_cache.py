"""What the explorer keeps for its dashboard gives the figures of a fresh computation.

Random changes are made to a vault with a history of several weeks, the way they happen:
statuses set through the store (records appended today, the document forgotten through the
tallies), a status changed with no record (a checkbox edited), older lines appended (a git
union merge), an orphan re-attached today, the history rewritten, a new day. After each,
the dashboard computed from the kept facts, parts and trend days equals one computed from
nothing (a new store reading the whole history, the facts built again); and the caches are
seen to be used (else the comparison would prove nothing).
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest

from helpers.status_vaults import MakeVault
from kb_tui.core.model import Document, Item
from kb_tui.core.stats import facts_cache
from kb_tui.core.stats.cache import StatsCache, warm
from kb_tui.core.stats.dashboard import build_dashboard
from kb_tui.core.stats.facts import facts_of_kb
from kb_tui.core.stats.facts_cache import FactsCache, kept_facts
from kb_tui.core.stats.model import Dashboard, ItemFacts
from kb_tui.core.stats.replay import PastDays, replay
from kb_tui.core.status.history import HistoryRecord, record_fields
from kb_tui.core.status.store import StatusStore, StoreError
from kb_tui.core.workspace.open import Workspace, open_workspace

STATUSES = ("todo", "in_progress", "done", "blocked", "na")
NOTES = {
    "compute/servers.md": "# Servers\n## Racks\n- Rack A\n- Rack B\n- Rack C\n## Power\n- Feeds\n",
    "compute/capacity.md": "# Capacity\n- Plan 2027\n- Plan 2028\n- [ ] Buy disks\n",
    "network/firewall.md": "# Firewall\n- Rules\n- Audit\n- [x] Ports\n## Edge\n- Routers\n",
    "network/dns.md": "# DNS\n- Zones\n- Resolvers\n",
    "Overview.md": "# Overview\n- Owners agreed\n- Budget\n",
}


def stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def line(moment: dt.datetime, item: str, before: str | None, after: str, **more: str) -> str:
    fields = record_fields(
        (before, "", "", "") if before else None, (after, "", more.pop("owner", ""), "")
    )
    return json.dumps({"time": stamp(moment), "user": "ana", "item": item, **fields, **more})


def append(workspace: Workspace, lines: list[str]) -> None:
    workspace.store.history_path.parent.mkdir(exist_ok=True)
    with workspace.store.history_path.open("a", encoding="utf-8") as handle:
        handle.writelines(text + "\n" for text in lines)


def past_lines(rng: random.Random, ids: list[str], now: dt.datetime, count: int) -> list[str]:
    """``count`` records at random times over the last six weeks, oldest first."""
    moments = sorted(
        now - dt.timedelta(minutes=rng.randrange(1, 6 * 7 * 24 * 60)) for _ in range(count)
    )
    return [
        line(moment, rng.choice(ids), rng.choice((None, *STATUSES)), rng.choice(STATUSES))
        for moment in moments
    ]


def cached(workspace: Workspace, cache: StatsCache, now: dt.datetime) -> Dashboard:
    history = workspace.store.read_history()
    facts, parts = kept_facts(workspace.kb, cache.facts)
    return build_dashboard(
        facts, history.records, now=now, skipped=history.skipped, past=cache.past, parts=parts
    )


def fresh(workspace: Workspace, now: dt.datetime) -> Dashboard:
    store = StatusStore(workspace.store.path, root=workspace.kb.root)
    history = store.read_history()
    return build_dashboard(
        facts_of_kb(workspace.kb), history.records, now=now, skipped=history.skipped
    )


def set_status(workspace: Workspace, item: Item, status: str, owner: str = "") -> None:
    """As the explorer does: the store written, the item shown, its document forgotten."""
    workspace.store.set(item.id, status, owner=owner, due="2026-01-10" if owner else None)
    workspace.store.apply_item(item)
    workspace.tallies.forget_items([item.id])


@pytest.fixture
def workspace(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Workspace:
    monkeypatch.setenv("KB_TUI_USER", "ana")
    return open_workspace(make_vault(dict(NOTES)))


@pytest.mark.parametrize("seed", range(6))
def test_kept_figures_are_the_figures_of_a_fresh_computation(
    workspace: Workspace, seed: int
) -> None:
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    items = list(workspace.kb.iter_items())
    ids = [item.id for item in items]
    append(workspace, past_lines(rng, ids, now, 300))
    cache = workspace.stats
    warm(workspace.kb, workspace.store, cache)
    assert cached(workspace, cache, now) == fresh(workspace, now)
    replayed = 0
    for _round in range(12):
        replays, builds = cache.past.replays, cache.facts.builds
        change = rng.choice(("set", "set", "set", "unrecorded", "older", "moved", "rewrite"))
        if change == "set":  # today: one document built again, the days before kept
            for item in rng.sample(items, rng.randint(1, 3)):
                set_status(workspace, item, rng.choice(STATUSES), rng.choice(("", "bo")))
        elif change == "unrecorded":  # a checkbox edited: no record, the days before differ
            item = rng.choice(items)
            item.status = rng.choice([s for s in STATUSES if s != item.status])  # type: ignore[assignment]
            workspace.tallies.forget_items([item.id])
        elif change == "older":  # a union merge brought lines from another branch
            append(workspace, past_lines(rng, ids, now, rng.randint(1, 5)))
        elif change == "moved":  # an orphan with a past re-attached today
            target = rng.choice(ids)
            append(workspace, [
                line(now - dt.timedelta(days=rng.randint(2, 30)), "gone.md#old", None, "done"),
                line(now, target, "todo", "done", moved_from="gone.md#old"),
            ])  # fmt: skip
        else:  # rewritten in place: the same lines, one left out
            path = workspace.store.history_path
            kept = path.read_text(encoding="utf-8").splitlines()
            kept.pop(rng.randrange(len(kept)))
            path.write_text("".join(text + "\n" for text in kept), encoding="utf-8")
        assert cached(workspace, cache, now) == fresh(workspace, now), change
        if change == "set":  # only the documents changed built again
            assert 1 <= cache.facts.builds - builds <= 3
        replayed += cache.past.replays > replays
    assert replayed < 12  # the days before were kept at times (when is tested below)
    tomorrow = now + dt.timedelta(days=1)
    assert cached(workspace, cache, tomorrow) == fresh(workspace, tomorrow)  # a new day


def test_a_lone_document_keeps_its_layers(make_vault: MakeVault) -> None:
    root = make_vault({"ops.md": "# Ops\n- Loose\n## Compute\n- Racks\n## Network\n- DNS\n"})
    workspace = open_workspace(root)
    now = dt.datetime.now(dt.UTC)
    cache = workspace.stats
    first = cached(workspace, cache, now)
    assert [row.title for row in first.layers] == ["Ops", "Compute", "Network"]
    item = next(i for i in workspace.kb.iter_items() if i.text == "DNS")
    set_status(workspace, item, "done")
    assert cached(workspace, cache, now) == fresh(workspace, now)
    assert cached(workspace, cache, now).summary.done == 1


def test_history_read_ahead_is_not_parsed_again(workspace: Workspace) -> None:
    cache = StatsCache()
    warm(workspace.kb, workspace.store, cache)
    assert cache.warmed.is_set()
    item = next(workspace.kb.iter_items())
    set_status(workspace, item, "done")
    cached(workspace, cache, dt.datetime.now(dt.UTC))
    assert workspace.store._history.full_reads == 1  # only the appended line was parsed


def test_warm_sets_warmed_even_when_the_history_cannot_be_read(workspace: Workspace) -> None:
    history: Path = workspace.store.history_path
    history.parent.mkdir(exist_ok=True)
    history.mkdir()  # a folder where the file should be
    cache = StatsCache()
    with pytest.raises(StoreError, match=r"history\.jsonl"):
        warm(workspace.kb, workspace.store, cache)
    assert cache.warmed.is_set()


def test_the_days_before_are_replayed_only_when_what_they_came_from_differs(
    workspace: Workspace,
) -> None:
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    items = list(workspace.kb.iter_items())
    ids = [item.id for item in items]  # the first five: no past, todo (unless said)
    append(workspace, past_lines(random.Random(1), ids[5:], now - dt.timedelta(days=2), 50))
    cache = workspace.stats
    cached(workspace, cache, now)
    assert cache.past.replays == 1

    def replayed(now: dt.datetime = now) -> bool:
        before = cache.past.replays
        assert cached(workspace, cache, now) == fresh(workspace, now)
        return cache.past.replays > before

    assert not replayed()  # nothing changed
    set_status(workspace, items[0], "blocked")
    assert not replayed()  # a change today, recorded
    append(workspace, [line(now - dt.timedelta(days=3), ids[1], "todo", "done")])
    assert replayed()  # an older line (a union merge)
    path = workspace.store.history_path
    text = path.read_text(encoding="utf-8")
    edited = text.replace('"to": "done"', '"to": "na"', 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    assert replayed()  # an older line edited in place (as many lines as before)
    items[2].status = "done"  # type: ignore[assignment]
    workspace.tallies.forget_items([items[2].id])
    assert replayed()  # a status changed with no record: yesterday's state differs
    append(workspace, [line(now - dt.timedelta(days=4), "gone.md#x", None, "blocked")])
    assert replayed()  # an orphan's older line
    append(workspace, [line(now, ids[3], "todo", "todo", moved_from="gone.md#x")])
    assert replayed()  # re-attached today: its past now counts for ids[3]
    kept = path.read_text(encoding="utf-8").splitlines()
    path.write_text("".join(t + "\n" for t in kept if "moved_from" not in t), encoding="utf-8")
    assert replayed()  # that line gone again (rewritten): its past no longer counts
    assert replayed(now + dt.timedelta(days=1))  # a new day


def test_the_days_before_are_kept_for_one_day_span_and_time_zone_only() -> None:
    today = dt.date(2026, 12, 9)
    records = [
        HistoryRecord(f"2026-11-{day:02}T12:00:00Z", "ana", "a", "todo", "done") for day in (2, 20)
    ] + [HistoryRecord("2026-12-09T12:00:00Z", "ana", "b", None, "done")]
    past = PastDays()
    first = replay({"a": "done", "b": "done"}, records, today, 30, past)
    assert replay({"a": "done", "b": "done"}, records, today, 30, past) == first
    assert past.replays == 1
    shorter = replay({"a": "done", "b": "done"}, records, today, 10, past)
    assert past.replays == 2  # another span
    assert shorter == replay({"a": "done", "b": "done"}, records, today, 10)
    assert len(shorter[0]) == 11


def test_a_document_forgotten_while_its_facts_are_built_is_built_again(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = FactsCache()
    doc = workspace.kb.documents[0]
    real = facts_cache.note_facts

    def raced(document: Document) -> list[ItemFacts]:
        facts = real(document)  # read before the change…
        cache.forget([document.path])  # …which the UI thread makes meanwhile
        return facts

    monkeypatch.setattr(facts_cache, "note_facts", raced)
    cache.of(doc, False)
    monkeypatch.setattr(facts_cache, "note_facts", real)
    cache.of(doc, False)
    cache.of(doc, False)
    assert cache.builds == 2  # the raced build was not kept; the next one was


def test_the_tallies_forget_what_follows_them(workspace: Workspace) -> None:
    cache = workspace.stats.facts
    kept_facts(workspace.kb, cache)
    builds = cache.builds
    item = next(workspace.kb.iter_items())
    workspace.tallies.forget_items([item.id])
    kept_facts(workspace.kb, cache)
    assert cache.builds == builds + 1  # its document only
    workspace.tallies.clear()
    kept_facts(workspace.kb, cache)
    assert cache.builds == builds + 1 + len(workspace.kb.documents)
