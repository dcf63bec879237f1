"""The links of the shown section, for keyboard users: follow one, or open a web link."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.viewtext import KB_SCHEME, MISSING_SCHEME

LINK_RE = re.compile(r"\[((?:\\.|[^\]\\]){1,300})\]\(([^)\s]{1,2000})\)")


def find_links(markdown: str) -> list[tuple[str, str]]:
    """(label, href) of every inline link in prepared Markdown, in order, without repeats."""
    seen: dict[tuple[str, str], None] = {}
    for match in LINK_RE.finditer(markdown):
        label = re.sub(r"\\(.)", r"\1", match.group(1))
        seen.setdefault((label, match.group(2)), None)
    return list(seen)


def describe(href: str) -> tuple[str, str]:
    """(kind, style) of a link for the list."""
    if href.startswith(KB_SCHEME):
        return "vault", "#2ea44f"
    if href.startswith(MISSING_SCHEME):
        return "unresolved", "#e5534b"
    if href.startswith(("http://", "https://")):
        return "web", "#6f7fdd"
    if ":" in href.split("/", 1)[0]:
        return "blocked scheme", "dim"
    return "file", "#2ea44f"


class LinksScreen(ModalScreen[str | None]):
    """Returns the chosen href (``enter``), or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(self, links: list[tuple[str, str]]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="links"):
            yield Static(
                Text(f"Links in this section ({len(self.links)})", style="bold"), id="dialog-title"
            )
            options = []
            for index, (label, href) in enumerate(self.links):
                kind, style = describe(href)
                prompt = Text()
                prompt.append(f"[{kind}] ", style=style)
                prompt.append(label)
                if kind in ("web", "file", "blocked scheme"):
                    prompt.append(f"  {href}", style="dim")
                options.append(Option(prompt, id=str(index)))
            if not options:
                options.append(
                    Option(Text("No links in this section.", style="dim"), disabled=True)
                )
            yield OptionList(*options, id="links-list")
            yield Static(
                Text("enter: follow (web links ask before opening) · escape: close", style="dim")
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.links[int(event.option.id)][1])

    def action_close(self) -> None:
        self.dismiss(None)
