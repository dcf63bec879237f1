"""Intermediate nodes the parsers emit before IDs are assigned.

Parsers only decide *what* the groups and items are; :mod:`kb_tui.core.model.ids` decides what
they are called, in one place, so every source of items gets the same ID rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb_tui.core.model import ItemKind


@dataclass(slots=True)
class ProtoItem:
    text: str
    kind: ItemKind
    line: int
    checkbox: str | None = None


@dataclass(slots=True)
class ProtoGroup:
    title: str
    line: int
    children: list[ProtoGroup | ProtoItem] = field(default_factory=list)


Proto = ProtoGroup | ProtoItem
