"""Command palette providers: every command, and a jump to any section or item."""

from __future__ import annotations

from functools import partial
from typing import Protocol

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from kb_tui.core.model import Group, Item, KnowledgeBase, Section
from kb_tui.core.model.layout import document_content
from kb_tui.core.query.fuzzy import fuzzy_match
from kb_tui.tui.commands import APP_COMMANDS, ITEM_COMMANDS
from kb_tui.tui.safe import escape_markup

MAX_JUMP_HITS = 200


class Explorer(Protocol):
    """What the jump provider asks of the app: the knowledge base shown, and a jump."""

    def shown_kb(self) -> KnowledgeBase | None: ...

    def jump_to(self, key: str) -> None: ...


def highlighted(text: str, positions: list[int]) -> Content:
    """``text`` as plain Content (never markup: it is document text) with matches styled."""
    content = Content(text)
    for offset in positions:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class CommandsProvider(Provider):
    """All kb-tui commands, with their docstrings as help."""

    async def discover(self) -> Hits:
        for command in (*ITEM_COMMANDS, *APP_COMMANDS):
            yield DiscoveryHit(
                Text(command.title),
                partial(self.app.run_action, command.action),
                text=command.title,
                help=escape_markup(f"{command.help()}  [{command.display_key()}]"),
            )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in (*ITEM_COMMANDS, *APP_COMMANDS):
            for text in (command.title, f"{command.title}: {command.help()}"):
                score = matcher.match(text)
                if score > 0:
                    yield Hit(
                        score,
                        matcher.highlight(command.title),
                        partial(self.app.run_action, command.action),
                        text=command.title,
                        help=escape_markup(f"{command.help()}  [{command.display_key()}]"),
                    )
                    break


def jump_targets(kb: KnowledgeBase) -> list[tuple[str, str, str]]:
    """(text, key, context) for every document, section, group and item."""
    targets: list[tuple[str, str, str]] = []
    for doc in kb.documents:
        targets.append((doc.title, doc.path, doc.path))
        loose, sections, _ = document_content(doc)
        stack: list[tuple[Group | Item | Section, str]] = [
            (s, doc.title) for s in reversed(sections)
        ]
        stack += [(n, doc.title) for n in reversed(loose)]
        while stack:
            node, context = stack.pop()
            if isinstance(node, Item):
                targets.append((node.text, node.id, context))
                continue
            targets.append((node.title, node.id, context))
            inner = f"{context} › {node.title}"
            if isinstance(node, Section):
                stack.extend((s, inner) for s in reversed(node.sections))
            stack.extend((c, inner) for c in reversed(node.children))
    return targets


class JumpProvider(Provider):
    """Jump to any document, section, group or item."""

    async def startup(self) -> None:
        app: Explorer = self.app  # type: ignore[assignment]
        kb = app.shown_kb()
        self.targets = jump_targets(kb) if kb else []

    async def search(self, query: str) -> Hits:
        """Linear-time fuzzy matching (Textual's matcher can blow up on long document text)."""
        app: Explorer = self.app  # type: ignore[assignment]
        hits = 0
        for text, key, context in self.targets:
            found = fuzzy_match(query, text)
            if found is None:
                continue
            score, positions = found
            yield Hit(
                min(score, 1300) / 1400,
                highlighted(text, positions),
                partial(app.jump_to, key),
                text=text,
                help=f"Jump: {escape_markup(context)}",
            )
            hits += 1
            if hits >= MAX_JUMP_HITS:
                return
