"""Command palette providers: every command, and a jump to any section or item."""

from __future__ import annotations

from functools import partial
from typing import Protocol

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.query.kb_filter import best_matches
from kb_tui.core.query.kb_index import KbIndex
from kb_tui.core.query.match import WORD_START, Match, Query, match_text
from kb_tui.core.text import clean
from kb_tui.tui.commands import APP_COMMANDS, ITEM_COMMANDS
from kb_tui.tui.safe import escape_markup

MAX_JUMP_HITS = 200


class Explorer(Protocol):
    """What the jump provider asks of the app: the knowledge base shown, and a jump."""

    def shown_kb(self) -> KnowledgeBase | None: ...

    def jump_to(self, key: str) -> None: ...

    def palette_index(self, kb: KnowledgeBase) -> KbIndex: ...


def highlighted(text: str, positions: list[int]) -> Content:
    """``text`` as plain Content (never markup: it is document text) with matches styled."""
    content = Content(text)
    for offset in positions:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class CommandsProvider(Provider):
    """All kb-tui commands, with their docstrings as help.

    Matched by the same rule as the tree filter; a command ranks first only when its name
    matches at a word start, below every section and item when only its help matches.
    """

    async def discover(self) -> Hits:
        for command in (*ITEM_COMMANDS, *APP_COMMANDS):
            yield DiscoveryHit(
                Text(command.title),
                partial(self.app.run_action, command.action),
                text=command.title,
                help=escape_markup(f"{command.help()}  [{command.display_key()}]"),
            )

    async def search(self, query: str) -> Hits:
        parsed = Query.parse(query)
        for command in (*ITEM_COMMANDS, *APP_COMMANDS):
            found = match_text(parsed, command.title)
            helped = found or match_text(parsed, f"{command.title}: {command.help()}")
            if helped is None:
                continue
            yield Hit(
                command_score(found, len(parsed.tokens)),
                highlighted(command.title, found.positions if found else []),
                partial(self.app.run_action, command.action),
                text=command.title,
                help=escape_markup(f"{command.help()}  [{command.display_key()}]"),
            )


def command_score(found: Match | None, tokens: int) -> float:
    """A command's palette score: its name at a word start beats every jump; a name that
    only contains the query, or help that mentions it, comes after every jump."""
    if found is not None and found.tier >= WORD_START * tokens:
        return 0.95
    return 0.2 if found is None else 0.3


def jump_score(rank: int) -> float:
    """The palette score of the ``rank``-th best jump (0: best): in (0.5, 0.9], decreasing."""
    return 0.9 - 0.4 * rank / MAX_JUMP_HITS


def context_of(index: KbIndex, position: int) -> str:
    """Where a node sits: the document, then the headings down to it (cleaned: a file name
    may hold control characters)."""
    entries = index.entries
    entry = entries[position]
    if entry.kind == "document":
        return clean(entry.key)
    titles: list[str] = []
    parent = entry.parent
    while parent != -1:
        titles.append(entries[parent].title)
        parent = entries[parent].parent
    return clean(" › ".join(reversed(titles)))


def ranked_jumps(index: KbIndex, query: str) -> list[tuple[int, Match]]:
    """The best :data:`MAX_JUMP_HITS` matches of ``query``, best first (the filter's rank)."""
    parsed = Query.parse(query)
    if parsed.too_short:
        return []
    return best_matches(index, query, MAX_JUMP_HITS)


class JumpProvider(Provider):
    """Jump to any document, section, group or item."""

    async def startup(self) -> None:
        app: Explorer = self.app  # type: ignore[assignment]
        kb = app.shown_kb()
        self.index = app.palette_index(kb) if kb else None

    async def search(self, query: str) -> Hits:
        """The filter's matching and ranking; best first, at most :data:`MAX_JUMP_HITS`."""
        app: Explorer = self.app  # type: ignore[assignment]
        index = self.index
        if index is None:
            return
        for rank, (position, match) in enumerate(ranked_jumps(index, query)):
            entry = index.entries[position]
            yield Hit(
                jump_score(rank),
                highlighted(entry.title, match.positions),
                partial(app.jump_to, entry.key),
                text=entry.title,
                help=f"Jump: {escape_markup(context_of(index, position))}",
            )
