"""How raw document text becomes display text: repaired, stripped, Templater rendered.

Kept apart from parsing so that viewers can use it without importing the parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kb_tui.core.text import clean


@dataclass(frozen=True)
class NoteInfo:
    """What Templater placeholders may refer to: the note's name, folder, dates, metadata."""

    title: str
    folder: str
    created: dt.datetime | None = None
    modified: dt.datetime | None = None
    frontmatter: Mapping[str, object] = field(default_factory=dict)
    now: dt.datetime | None = None


def make_display(info: NoteInfo) -> Callable[[str], str]:
    """The display transform for one document: repair, strip controls, render Templater.

    The Templater interpreter is imported only when a placeholder is actually met.
    """

    def display(text: str) -> str:
        text = clean(text)
        if "<%" in text:
            from kb_tui.core.parse import templater  # only when a placeholder is met

            ctx = templater.TemplaterContext(
                title=info.title,
                folder=info.folder,
                created=info.created,
                modified=info.modified,
                frontmatter=info.frontmatter,
                now=info.now,
            )
            text = clean(templater.render(text, ctx))
        return text

    return display
