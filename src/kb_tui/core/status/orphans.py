"""Orphaned statuses: find the likeliest new item for one, and re-attach it.

An orphan is a stored status whose item ID no longer exists (the item was renamed, moved
or removed by a document edit). Candidates in the same document come first; within a
document, items are ranked by :class:`difflib.SequenceMatcher` ratio of their ID path and
last slug against the orphan's, with untracked items (no stored status) slightly preferred.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from kb_tui.core.model import Document, Group, Item, KnowledgeBase, Section
from kb_tui.core.model.layout import title_section
from kb_tui.core.status.store import Entry, StatusStore
from kb_tui.core.text import clean

MIN_SCORE = 0.4
UNTRACKED_BONUS = 0.05


def _split(item_id: str) -> tuple[str, str, str]:
    """(document path, fragment, last slug) of an ID."""
    doc, _, fragment = item_id.partition("#")
    last = fragment.rsplit("/", 1)[-1].split("~", 1)[0]
    return doc, fragment, last


def _score(orphan_id: str, item: Item) -> float:
    _, fragment, last = _split(orphan_id)
    _, item_fragment, item_last = _split(item.id)
    last_matcher = SequenceMatcher(None, last, item_last, autojunk=False)
    last_ratio = 0.0 if last_matcher.real_quick_ratio() < 0.2 else last_matcher.ratio()
    path_ratio = SequenceMatcher(None, fragment, item_fragment, autojunk=False).quick_ratio()
    return 0.65 * last_ratio + 0.35 * path_ratio


def suggestions(
    kb: KnowledgeBase,
    orphan_id: str,
    entries: dict[str, Entry] | None = None,
    limit: int = 10,
) -> list[tuple[Item, float]]:
    """Items the orphan most likely became, best first: same document first, then the rest.

    Items of another document are only considered when the orphan's document has no item
    scoring at least :data:`MIN_SCORE` (its document was renamed or the item moved).
    """
    entries = entries or {}
    doc_path = _split(orphan_id)[0]

    def ranked(items: list[Item]) -> list[tuple[Item, float]]:
        scored = [
            (item, _score(orphan_id, item) + (0.0 if item.id in entries else UNTRACKED_BONUS))
            for item in items
            if item.id != orphan_id
        ]
        scored.sort(key=lambda pair: (-pair[1], pair[0].id))
        return scored

    same_doc: list[Item] = []
    others: list[Item] = []
    for item in kb.iter_items():
        (same_doc if item.id.split("#", 1)[0] == doc_path else others).append(item)
    best = ranked(same_doc)
    if not best or best[0][1] < MIN_SCORE:
        rest = [pair for pair in ranked(others) if pair[1] >= MIN_SCORE]
        best = (
            [pair for pair in best if pair[1] >= MIN_SCORE]
            + rest
            + [pair for pair in best if pair[1] < MIN_SCORE]
        )
    return best[:limit]


def likeliest(
    kb: KnowledgeBase, orphan_id: str, entries: dict[str, Entry] | None = None
) -> Item | None:
    """The single best suggestion scoring at least :data:`MIN_SCORE`, or ``None``."""
    found = suggestions(kb, orphan_id, entries, limit=1)
    if found and found[0][1] >= MIN_SCORE:
        return found[0][0]
    return None


def reattach(
    store: StatusStore,
    kb: KnowledgeBase,
    orphan_id: str,
    item: Item,
    *,
    status: str | None = None,
    note: str | None = None,
    owner: str | None = None,
    user: str | None = None,
    due: str | None = None,
) -> Entry:
    """Move the orphan's status, note, owner and due date to ``item`` (one atomic store
    write); a value given replaces the orphan's."""
    entry = store.move(
        orphan_id,
        item.id,
        status=status,
        note=note,
        owner=owner,
        checkbox=item.checkbox if item.kind == "task" else None,
        user=user,
        due=due,
    )
    store.apply(kb)
    return entry


@dataclass(frozen=True)
class OrphanText:
    """What an orphan was, readably: the store keeps IDs, not text, so the item's text is
    its ID's last slug in words, and ``where`` names the sections and groups it sat in
    (their current titles when they still exist)."""

    text: str
    where: tuple[str, ...]
    document: str


def _words(slug: str) -> str:
    """``capacity-planning~2`` → ``Capacity planning``."""
    words = slug.split("~", 1)[0].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else slug


def _titles(doc: Document) -> dict[str, str]:
    """The title of every section and group of ``doc``, by ID."""
    titles: dict[str, str] = {}
    stack: list[Section | Group | Item] = [*doc.preamble, *doc.sections]
    while stack:
        node = stack.pop()
        if isinstance(node, Item):
            continue
        titles[node.id] = node.title
        stack.extend(node.children)
        if isinstance(node, Section):
            stack.extend(node.sections)
    return titles


def describe(orphan_id: str, kb: KnowledgeBase | None = None) -> OrphanText:
    """The orphan's last known text, sections and document, for a person to recognise it."""
    doc_path, fragment, last = _split(orphan_id)
    document = next((d for d in kb.documents if d.path == doc_path), None) if kb else None
    titles = _titles(document) if document is not None else {}
    parts = fragment.split("/")[:-1] if fragment else []
    h1 = title_section(document) if document is not None else None
    where: list[str] = []
    for depth in range(1, len(parts) + 1):
        key = f"{doc_path}#{'/'.join(parts[:depth])}"
        if h1 is not None and key == h1.id:
            continue  # the H1 that only repeats the note's title
        title = titles.get(key) or _words(parts[depth - 1])
        where.append(clean(title))
    return OrphanText(clean(_words(last or doc_path)), tuple(where), clean(doc_path))
