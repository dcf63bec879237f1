"""The read-only facts about a note that ``tp.*`` expressions may look at.

Kept apart from the renderer so callers (``kb_tui.core.parse.document``) and the evaluator
share one small, frozen value object without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class TemplaterContext:
    """Everything the supported ``tp.*`` expressions may look at."""

    title: str
    """File name without the ``.md`` extension."""
    folder: str
    """Folder path relative to the vault root (``""`` for the root), ``/`` separators."""
    created: datetime | None = None
    modified: datetime | None = None
    frontmatter: Mapping[str, object] = field(default_factory=dict)
    now: datetime | None = None
    """Fixed "current" time; ``None`` means ``datetime.now()`` (local) at render time."""
