"""Stable IDs: ``<document path>#<slug>/<slug>/…``.

Slugs come from the repaired text with emoji and punctuation dropped, so an ID survives a
changed or repaired emoji and edits elsewhere in the document. A repeated slug under one
parent gets ``~2``, ``~3`` in order of appearance.
"""

from __future__ import annotations

from collections.abc import Callable

from kb_tui.core.model import Group, Item
from kb_tui.core.model.proto import Proto, ProtoGroup, ProtoItem
from kb_tui.core.text import clean, slugify


class Namer:
    """Hands out unique child IDs below one parent."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._base = prefix if prefix.endswith("#") else prefix + "/"
        self._seen: dict[str, int] = {}

    def child(self, text: str, fallback: str) -> str:
        slug = slugify(clean(text)) or fallback
        count = self._seen.get(slug, 0) + 1
        self._seen[slug] = count
        if count > 1:
            slug = f"{slug}~{count}"
        return self._base + slug


def build_nodes(
    protos: list[Proto], namer: Namer, display: Callable[[str], str]
) -> list[Group | Item]:
    """Turn parser output into model nodes with IDs and display text (iteratively)."""
    out: list[Group | Item] = []
    work: list[tuple[list[Proto], Namer, list[Group | Item]]] = [(protos, namer, out)]
    while work:
        batch, batch_namer, target = work.pop()
        for proto in batch:
            if isinstance(proto, ProtoItem):
                target.append(
                    Item(
                        id=batch_namer.child(proto.text, "item"),
                        text=display(proto.text),
                        kind=proto.kind,
                        line=proto.line,
                        checkbox=proto.checkbox,
                    )
                )
            elif isinstance(proto, ProtoGroup):
                group_id = batch_namer.child(proto.title, "group")
                group = Group(id=group_id, title=display(proto.title), line=proto.line)
                target.append(group)
                work.append((proto.children, Namer(group_id), group.children))
    return out
