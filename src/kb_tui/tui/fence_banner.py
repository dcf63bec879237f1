"""The line over a note read with broken fences repaired in memory (viewer and checklist).

Such a note is read as ``kb-tui fix`` would leave it (see
:mod:`kb_tui.core.parse.fence_scan`), not as CommonMark reads the file: its items and IDs are
the repaired file's. The banner says so wherever the note is shown, and how to repair the
file itself (``p``: the problems view, where ``a`` applies a repair).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from kb_tui.core.model import Document


def banner_text(count: int) -> Text:
    """The banner's words for a note with ``count`` fences repaired in memory."""
    fences = "fence" if count == 1 else "fences"
    text = Text(f"⚠ Read with {count} broken {fences} repaired in memory — ")
    text.append("p", style="bold")
    text.append(" to repair the file")
    return text


class FenceBanner(Static):
    """Hidden unless the shown note was read with fences repaired in memory."""

    DEFAULT_CSS = """
    FenceBanner {
        height: auto;
        padding: 0 1;
        background: $warning 15%;
        color: $text-warning;
        display: none;
    }
    """

    def show_for(self, doc: Document | None) -> None:
        count = len(doc.fence_repairs) if doc is not None else 0
        if count:
            self.update(banner_text(count))
        self.display = bool(count)
