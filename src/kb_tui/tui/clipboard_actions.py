"""``y`` and ``Y``: the wikilink or the ID of what the cursor is on, to the clipboard.

Textual's :meth:`~textual.app.App.copy_to_clipboard` sends it to the terminal as an OSC 52
sequence (a terminal or tmux that allows it puts it on the system clipboard) and keeps it
as ``app.clipboard``. The text comes from :mod:`kb_tui.core.links.linktext`, without
control characters; the toast shows it as plain text, never markup.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen

from kb_tui.core.links.linktext import Copied, copied_id, wikilink
from kb_tui.tui.notify import say
from kb_tui.tui.panes import Panes
from kb_tui.tui.pointed import pointed_ref, ref_section
from kb_tui.tui.refs import NodeRef
from kb_tui.tui.session import Session

LINKED = ("document", "section", "group", "item")


class ClipboardActions:
    """Copies links and IDs of the node or item under the cursor."""

    def __init__(self, screen: Screen[Any], session: Session, panes: Panes) -> None:
        self.screen = screen
        self.session = session
        self.panes = panes

    def copy_link(self) -> None:
        """``y``: ``[[note#Heading]]`` of the section, or of the section an item lies in."""
        ref = pointed_ref(self.panes, self.session)
        index = self.session.link_index
        if ref is None or index is None or ref.kind not in LINKED or ref.document is None:
            say(self.screen, nothing_to_copy(ref, "link"), "warning")
            return
        if ref.document.path not in index.documents:
            say(self.screen, "This note is still being read: try again in a moment.", "warning")
            return
        self.copy(wikilink(index, ref.document, ref_section(ref, self.session)))

    def copy_id(self) -> None:
        """``Y``: the ID of the item, group, section or document (an orphan's stored ID)."""
        ref = pointed_ref(self.panes, self.session)
        if ref is not None and ref.kind == "orphan" and ref.orphan is not None:
            self.copy(copied_id(ref.orphan.id))
        elif ref is None or ref.kind not in LINKED:
            say(self.screen, nothing_to_copy(ref, "ID"), "warning")
        else:
            self.copy(copied_id(ref.key))

    def copy(self, copied: Copied) -> None:
        self.screen.app.copy_to_clipboard(copied.text)
        message = f"Copied {copied.text}"
        if copied.warning:
            say(self.screen, f"{message} ({copied.warning})", "warning")
        else:
            say(self.screen, message)


NAMED = {"folder": "A folder", "orphans": "The orphans' list", "orphan": "An orphaned status"}


def nothing_to_copy(ref: NodeRef | None, what: str) -> str:
    if ref is None:
        return f"Nothing selected: no {what} to copy."
    name = NAMED.get(ref.kind, f"This {ref.kind}")
    return f"{name} has no {what} to copy: select a note, a section or an item."
