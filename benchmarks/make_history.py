"""A status store and a history of many changes, for the dashboard's benchmark and tests.

    python benchmarks/make_history.py VAULT [--records 100000] [--weeks 12] [--seed N]
                                            [--people ana,bo,cy,dee] [--replace]

Writes ``VAULT/.kb-tui/status.yaml`` (through the core's serializer) and
``VAULT/.kb-tui/history.jsonl`` (the lines :class:`~kb_tui.core.status.store.StatusStore`
writes: format 2, with owner and due date fields) over the last ``--weeks`` weeks. Items
picked across the vault are assigned to people and go todo → in progress → done mostly;
some are blocked on the way (and some stay blocked), some are n/a, some get notes; a third
get due dates (some past, so overdue ones, some to come); some stay in progress with no change
for more than two weeks. The store holds, for each item, what its last record says: the same
status, note, owner and due date, and its time and author.

:func:`make_history` is the same, for tests; the same arguments and the same ``now`` write
the same bytes. It never writes into the shared folder the vaults are kept in (work on a
copy), nor over an existing store unless ``--replace``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from kb_tui.core.status.format import Entry, serialize  # noqa: E402
from kb_tui.core.status.history import record_fields  # noqa: E402
from kb_tui.core.status.store import HISTORY_NAME  # noqa: E402
from kb_tui.core.workspace.load import load_kb  # noqa: E402

SHARED = (Path("/work/shared"), HERE.parent.parent / "shared")  # never written into
PEOPLE = ("ana", "bo", "cy", "dee")
NOTES = ("waiting on the vendor", "needs a change window", "see the ticket", "checked twice")
DAY = 24 * 3600
# Each story: the statuses an item goes through after it is assigned, and how often.
STORIES: dict[str, tuple[str, ...]] = {
    "done": ("in_progress", "done"),
    "progress": ("in_progress",),
    "stale": ("in_progress",),  # and no change for more than two weeks
    "blocked": ("in_progress", "blocked"),
    "na": (),
    "assigned": (),
    "reopened": ("in_progress", "done", "in_progress", "done"),
}
WEIGHTS = (52, 10, 6, 7, 8, 10, 7)


class Refused(Exception):
    """The generator will not write there (the message says why)."""


@dataclass
class Made:
    """What was written: records, items touched, and each item's final entry."""

    records: int
    items: int
    entries: dict[str, Entry] = field(repr=False)
    store: Path
    history: Path


def _stamp(seconds: float) -> str:
    return dt.datetime.fromtimestamp(int(seconds), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Writer:
    """The changes of every item, each after its item's previous one (the store's order)."""

    def __init__(self, rng: random.Random, people: list[str], start: float, end: float) -> None:
        self.rng, self.people, self.start, self.end = rng, people, start, end
        self.events: list[tuple[float, int, str, str, Entry | None, Entry]] = []
        self.state: dict[str, tuple[float, Entry]] = {}

    def change(self, item: str, when: float, user: str, **fields: str) -> bool:
        """Record ``item`` changed at ``when`` (kept after its last change, never past the
        end); ``False`` when no time is left for it."""
        last, before = self.state.get(item, (self.start, None))
        when = max(when, last)
        if when > self.end:
            return False
        base = before or Entry()
        after = Entry(
            status=fields.get("status", base.status),
            note=fields.get("note", base.note),
            owner=fields.get("owner", base.owner),
            due=fields.get("due", base.due),
            updated=_stamp(when),
            by=user,
        )
        self.events.append((when, len(self.events), item, user, before, after))
        self.state[item] = (when, after)
        return True

    def lifecycle(self, item: str) -> None:
        """One item's story: assigned, started, maybe blocked or noted, done (mostly)."""
        rng, owner = self.rng, self.rng.choice(self.people)
        kind = rng.choices(tuple(STORIES), weights=tuple(WEIGHTS))[0]
        if kind == "na":
            when = rng.uniform(self.start, self.end)
            self.change(item, when, owner, status="na", note="not used here")
            return
        span = self.end - self.start
        latest = self.end - 16 * DAY if kind == "stale" else self.end  # stale: no change since
        when = rng.uniform(self.start, max(self.start, latest - 0.1 * span))
        due = ""
        if rng.random() < 0.35:
            due_at = when + rng.uniform(7, 70) * DAY
            due = dt.datetime.fromtimestamp(due_at, dt.UTC).date().isoformat()
        self.change(item, when, rng.choice(self.people), status="todo", owner=owner, due=due)
        steps = [{"status": status} for status in STORIES[kind]]
        if steps and kind != "blocked" and rng.random() < 0.2:  # blocked for a while
            blocked = {"status": "blocked", "note": rng.choice(NOTES)}
            steps[1:1] = [blocked, {"status": "in_progress"}]
        if steps and rng.random() < 0.3:
            steps.insert(1, {"note": rng.choice(NOTES)})
        for step in steps:
            gap = rng.uniform(0.3, 6) * DAY
            if kind == "stale":
                gap = min(gap, max(0.0, latest - when) / 4)
            when += gap
            user = owner if rng.random() < 0.8 else rng.choice(self.people)
            if not self.change(item, when, user, **step):
                return

    def follow_up(self, item: str) -> bool:
        """One more change of an item already told: a note, a new owner or a new date."""
        last, entry = self.state[item]
        when = self.rng.uniform(last, self.end)
        choice = self.rng.random()
        if choice < 0.5:
            return self.change(item, when, entry.owner or "ana", note=self.rng.choice(NOTES))
        if choice < 0.8:
            return self.change(item, when, "ana", owner=self.rng.choice(self.people))
        due = dt.datetime.fromtimestamp(when + 30 * DAY, dt.UTC).date().isoformat()
        return self.change(item, when, entry.owner or "ana", due=due)


def _line(item: str, user: str, before: Entry | None, after: Entry) -> str:
    """A history line as the store writes it (see ``store._history_line``)."""
    record: dict[str, str | int | None] = {
        "time": after.updated,
        "user": user,
        "item": item,
        **record_fields(
            (before.status, before.note, before.owner, before.due) if before else None,
            (after.status, after.note, after.owner, after.due),
        ),
    }
    return json.dumps(record, ensure_ascii=False)


def _check_target(vault: Path, replace: bool) -> Path:
    root = vault.resolve()
    for shared in SHARED:
        if shared.exists() and root.is_relative_to(shared.resolve()):
            raise Refused(f"{vault} is in the shared folder {shared}: copy the vault first")
    folder = root / ".kb-tui"
    for path in (folder, folder / "status.yaml", folder / HISTORY_NAME):
        if path.is_symlink():  # as kb-tui itself, never write through a link
            raise Refused(f"{path} is a symbolic link: refusing to write through it")
    if not replace and any((folder / name).exists() for name in ("status.yaml", HISTORY_NAME)):
        raise Refused(f"{folder} already holds a store or a history (use --replace)")
    return folder


def make_history(
    vault: Path,
    *,
    records: int = 100_000,
    weeks: int = 12,
    seed: int = 0,
    people: list[str] | None = None,
    now: dt.datetime | None = None,
    replace: bool = False,
) -> Made:
    """Write the store and the history of ``vault`` (see the module's doc)."""
    folder = _check_target(vault, replace)
    ids = [item.id for item in load_kb(vault).iter_items()]
    if not ids:
        raise Refused(f"{vault} has no checklist items")
    end = (now or dt.datetime.now(dt.UTC)).timestamp() - 60
    rng = random.Random(seed)
    writer = _Writer(rng, list(people or PEOPLE), end - weeks * 7 * DAY, end)
    order = rng.sample(ids, len(ids))
    chosen = order[: max(1, min(len(ids), records * 2 // 7))]  # about 3.5 changes an item
    for item in chosen:
        if len(writer.events) >= records:
            break
        writer.lifecycle(item)
    told = list(writer.state)
    attempts = 0
    while len(writer.events) < records and attempts < records * 20:
        attempts += 1
        writer.follow_up(rng.choice(told))
    events = sorted(writer.events)[:records]  # by time, then in the order they were made
    final: dict[str, Entry] = {}
    lines = []
    for _, _, item, user, before, after in events:
        lines.append(_line(item, user, before, after))
        final[item] = after
    folder.mkdir(exist_ok=True)
    store, history = folder / "status.yaml", folder / HISTORY_NAME
    store.write_text(serialize(final), encoding="utf-8")
    history.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return Made(len(lines), len(final), final, store, history)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("vault", type=Path)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--people", default=",".join(PEOPLE))
    parser.add_argument("--replace", action="store_true", help="overwrite an existing store")
    args = parser.parse_args()
    people = [name.strip() for name in args.people.split(",") if name.strip()]
    try:
        made = make_history(
            args.vault, records=args.records, weeks=args.weeks, seed=args.seed,
            people=people or None, replace=args.replace,
        )  # fmt: skip
    except Refused as exc:
        print(f"make_history: {exc}", file=sys.stderr)
        return 1
    print(f"{made.records:,} records over {made.items:,} items: {made.store}, {made.history}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
