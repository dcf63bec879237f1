"""The links of the shown section and the backlinks into it, for keyboard users.

One list in titled parts: the section's own links (follow one, or open a web link after
asking), then the backlinks that land in the shown section, then the other backlinks to its
document. ``enter`` on a backlink goes to the linking place, like following a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.links.backlinks import Backlink
from kb_tui.core.render.viewtext import KB_SCHEME, MISSING_SCHEME
from kb_tui.core.text import clean

LINK_RE = re.compile(r"\[((?:\\.|[^\]\\]){1,300})\]\(([^)\s]{1,2000})\)")
MAX_SNIPPET = 100
MAX_BACKLINKS = 1000  # per part; the list stays quick on a vault's hub note
Choice = str | Backlink  # what the screen returns: an href to follow, or a place to go to


@dataclass
class BacklinkPart:
    """A titled part of the backlinks list."""

    title: str
    links: list[Backlink] = field(default_factory=list)


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


def backlink_prompt(link: Backlink, line_text: str, title: str) -> Text:
    """``← Doc › Section  path:line`` and the linking line, all as plain text."""
    prompt = Text()
    prompt.append("← ", style="#2ea44f")
    prompt.append(clean(title))
    if link.source_title and clean(link.source_title) != clean(title):
        prompt.append(" › ")
        prompt.append(clean(link.source_title))
    prompt.append(f"  {clean(link.source)}:{link.line}", style="dim")
    snippet = " ".join(clean(line_text).split())
    if len(snippet) > MAX_SNIPPET:
        snippet = snippet[: MAX_SNIPPET - 1] + "…"
    if snippet:
        prompt.append("\n    ")
        prompt.append(snippet, style="dim italic")
    return prompt


class LinksScreen(ModalScreen[Choice | None]):
    """Returns the chosen href or :class:`Backlink` (``enter``), or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Close")]

    def __init__(
        self,
        links: list[tuple[str, str]],
        backlinks: list[BacklinkPart] | None = None,
        describe_source: Callable[[Backlink], tuple[str, str]] | None = None,
    ) -> None:
        """``describe_source`` gives a backlink's (document title, line text)."""
        super().__init__()
        self.links = links
        self.parts = backlinks or []
        self.describe_source = describe_source or (lambda link: (link.source, ""))
        self.choices: dict[str, Choice] = {}

    def compose(self) -> ComposeResult:
        total = sum(len(part.links) for part in self.parts)
        title = f"Links in this section ({len(self.links)})"
        if self.parts:
            title = f"Links ({len(self.links)}) and backlinks ({total})"
        with Vertical(id="dialog", classes="links"):
            yield Static(Text(title, style="bold"), id="dialog-title")
            yield OptionList(*self._options(), id="links-list")
            yield Static(
                Text(
                    "enter: follow, or go to the linking place (web links ask before opening)"
                    " · escape: close",
                    style="dim",
                )
            )

    def _options(self) -> list[Option]:
        options: list[Option] = []
        if self.parts:
            options.append(_header(f"Links in this section ({len(self.links)})"))
        for index, (label, href) in enumerate(self.links):
            kind, style = describe(href)
            prompt = Text()
            prompt.append(f"[{kind}] ", style=style)
            prompt.append(label)
            if kind in ("web", "file", "blocked scheme"):
                prompt.append(f"  {href}", style="dim")
            option_id = f"link-{index}"
            self.choices[option_id] = href
            options.append(Option(prompt, id=option_id))
        if not self.links:
            options.append(Option(Text("No links in this section.", style="dim"), disabled=True))
        for number, part in enumerate(self.parts):
            options.append(_header(f"{part.title} ({len(part.links)})"))
            for index, link in enumerate(part.links[:MAX_BACKLINKS]):
                title, line_text = self.describe_source(link)
                option_id = f"back-{number}-{index}"
                self.choices[option_id] = link
                options.append(Option(backlink_prompt(link, line_text, title), id=option_id))
            if len(part.links) > MAX_BACKLINKS:
                more = f"… and {len(part.links) - MAX_BACKLINKS} more"
                options.append(Option(Text(more, style="dim"), disabled=True))
            if not part.links:
                options.append(Option(Text("None.", style="dim"), disabled=True))
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None and event.option.id in self.choices:
            self.dismiss(self.choices[event.option.id])

    def action_close(self) -> None:
        self.dismiss(None)


def _header(title: str) -> Option:
    return Option(Text(title, style="bold underline"), disabled=True)
