"""Textual's Markdown widget taught Obsidian's callouts and highlights.

Imported with the Markdown widget (after the first frame, see :mod:`kb_tui.tui.viewer`).
The parser gets two rules: a core rule marks every quote whose first line is ``[!type]``
as a callout (``token.meta["callout"]``, the table in
:mod:`kb_tui.core.render.obsidian.callouts`) and takes that line out of its text; an inline
rule reads ``==text==`` as ``mark_open``/``mark_close``. No new container tokens are made:
Textual's block builder pops its stack on any ``*_close`` token.

A callout is drawn as a panel: its icon and title in its colour, then its body. A folded
callout (``[!type]-``) shows only its title until it is opened: a click on the title, or
``z`` for every foldable callout of the section (:meth:`KbMarkdown.toggle_callouts`).
"""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.widgets import Markdown, Static

# The block classes are not exported by textual.widgets.markdown (read against Textual 8.2.8).
from textual.widgets._markdown import (
    MarkdownBlock,
    MarkdownBlockQuote,
    MarkdownH1,
    MarkdownH2,
    MarkdownH3,
    MarkdownH4,
    MarkdownH5,
    MarkdownH6,
    MarkdownOrderedListItem,
    MarkdownParagraph,
    MarkdownTD,
    MarkdownTH,
    MarkdownUnorderedListItem,
)

from kb_tui.core.parse.obsidian_marks import highlights
from kb_tui.core.render.obsidian.callouts import Callout, parse_callout
from kb_tui.core.text import strip_controls

# A highlighter's yellow in every theme (a component class's background comes out faint).
MARK_STYLE = "#202020 on #f2d45c"


# -- the parser ------------------------------------------------------------------------------
def parser_factory() -> MarkdownIt:
    """Textual's own "gfm-like" parser plus callouts and highlights."""
    parser = MarkdownIt("gfm-like")
    parser.core.ruler.before("inline", "kb_callouts", _callouts)
    parser.inline.ruler.before("emphasis", "kb_mark", _mark)
    parser.core.ruler.push("kb_no_controls", _no_controls)
    return parser


def _no_controls(state: StateCore) -> None:
    """Strip control characters from what markdown-it decoded: ``&#x202e;`` is text until
    the parser turns it into a right-to-left override (C0 and C1 it makes U+FFFD itself)."""
    for token in state.tokens:
        token.content = strip_controls(token.content)
        for child in token.children or ():
            child.content = strip_controls(child.content)
            href = child.attrs.get("href")
            if isinstance(href, str):
                child.attrs["href"] = strip_controls(href)


def _callouts(state: StateCore) -> None:
    tokens = state.tokens
    dropped: set[int] = set()
    for index, token in enumerate(tokens):
        if token.type != "blockquote_open" or index + 3 >= len(tokens):
            continue
        opening, inline = tokens[index + 1], tokens[index + 2]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        first, _, rest = inline.content.partition("\n")
        callout = parse_callout(first)
        if callout is None:
            continue
        token.meta["callout"] = callout
        if rest.strip():
            inline.content = rest
            if opening.map is not None:
                opening.map = [opening.map[0] + 1, opening.map[1]]
        else:  # a title-only callout: its paragraph goes
            dropped.update((index + 1, index + 2, index + 3))
    if dropped:
        state.tokens = [token for index, token in enumerate(tokens) if index not in dropped]


def _mark(state: StateInline, silent: bool) -> bool:
    """``==text==``: a highlight, where the core's one rule finds one
    (:func:`~kb_tui.core.parse.obsidian_marks.highlights`, read once per inline text)."""
    src, start = state.src, state.pos
    if not src.startswith("==", start):
        return False
    cached = state.env.get("kb_marks")
    if cached is None or cached[0] is not src:
        cached = (src, dict(highlights(src)))
        state.env["kb_marks"] = cached
    end = cached[1].get(start)
    if end is None or end > state.posMax:
        return False
    if not silent:
        old_max = state.posMax
        state.push("mark_open", "mark", 1)
        state.pos, state.posMax = start + 2, end
        state.md.inline.tokenize(state)
        state.push("mark_close", "mark", -1)
        state.posMax = old_max
    state.pos = end + 2
    return True


# -- highlights in every block that shows inline text ------------------------------------------
class _Highlights(MarkdownBlock):
    """Text blocks whose ``==highlights==`` are styled (Textual's own conversion knows no
    ``mark`` tokens: they are taken out, and their places styled afterwards)."""

    def _token_to_content(self, token: Token) -> Content:
        children = token.children or []
        if not any(child.type == "mark_open" for child in children):
            return super()._token_to_content(token)
        kept: list[Token] = []
        opens: list[int] = []
        spans: list[tuple[int, int]] = []
        for child in children:
            if child.type == "mark_open":
                opens.append(len(kept))
            elif child.type == "mark_close":
                if opens:
                    spans.append((opens.pop(), len(kept)))
            else:
                kept.append(child)
        content = super()._token_to_content(_with_children(token, kept))
        ends = [0]  # where the text of the first n children ends, one child at a time (linear)
        for child in kept:
            shown = 0
            if not child.type.endswith(("_open", "_close")):
                shown = len(super()._token_to_content(_with_children(token, [child])).plain)
            ends.append(ends[-1] + shown)
        for first, last in spans:
            content = content.stylize(MARK_STYLE, ends[first], ends[last])
        return content


def _with_children(token: Token, children: list[Token]) -> Token:
    copy = token.copy()
    copy.children = children
    return copy


class KbParagraph(MarkdownParagraph, _Highlights):
    pass


class KbH1(MarkdownH1, _Highlights):
    pass


class KbH2(MarkdownH2, _Highlights):
    pass


class KbH3(MarkdownH3, _Highlights):
    pass


class KbH4(MarkdownH4, _Highlights):
    pass


class KbH5(MarkdownH5, _Highlights):
    pass


class KbH6(MarkdownH6, _Highlights):
    pass


class KbTH(MarkdownTH, _Highlights):
    pass


class KbTD(MarkdownTD, _Highlights):
    pass


class KbOrderedListItem(MarkdownOrderedListItem, _Highlights):
    pass


class KbUnorderedListItem(MarkdownUnorderedListItem, _Highlights):
    pass


# -- callouts ----------------------------------------------------------------------------------
class CalloutTitle(Static):
    """A callout's icon and title; a click folds or unfolds a foldable callout."""

    DEFAULT_CSS = """
    CalloutTitle { width: 1fr; height: auto; text-style: bold; }
    """

    def __init__(self, callout: Callout) -> None:
        super().__init__()
        self.callout = callout

    def show(self, is_open: bool) -> None:
        fold = {"": "", "+": " ▾" if is_open else " ▸", "-": " ▾" if is_open else " ▸"}
        content = Content(f"{self.callout.kind.icon} {self.callout.title}")
        content = content + Content(fold[self.callout.fold])
        self.update(content.stylize(f"bold {self.callout.kind.colour}"))

    def on_click(self, event: Click) -> None:
        event.stop()
        quote = self.parent
        if isinstance(quote, CalloutQuote):
            quote.toggle()


class CalloutBody(Vertical):
    DEFAULT_CSS = """
    CalloutBody { height: auto; }
    """


class CalloutQuote(MarkdownBlockQuote):
    """A quote, or a callout panel when its first line was ``[!type]``."""

    DEFAULT_CSS = """
    CalloutQuote.-callout { padding: 0 1; }
    CalloutBody > CalloutQuote { margin: 0; }
    """

    def __init__(self, markdown: Markdown, token: Token, *args: Any, **kwargs: Any) -> None:
        super().__init__(markdown, token, *args, **kwargs)
        callout = token.meta.get("callout")
        self.callout: Callout | None = callout if isinstance(callout, Callout) else None
        self.is_open = self.callout is None or not self.callout.folded
        if self.callout is not None:
            self.add_class("-callout")

    @property
    def foldable(self) -> bool:
        return self.callout is not None and self.callout.fold != ""

    def compose(self) -> ComposeResult:
        if self.callout is None:
            yield from super().compose()
            return
        title = CalloutTitle(self.callout)
        title.show(self.is_open)
        yield title
        body = CalloutBody(*self._blocks)
        self._blocks.clear()
        body.display = self.is_open
        yield body

    def on_mount(self) -> None:
        if self.callout is not None:
            self.styles.border_left = ("outer", self.callout.kind.colour)

    def set_open(self, is_open: bool) -> None:
        """Unfold (True) or fold a foldable callout; others are always open."""
        if not self.foldable or is_open == self.is_open:
            return
        self.is_open = is_open
        for title in self.query_children(CalloutTitle):
            title.show(is_open)
        for body in self.query_children(CalloutBody):
            body.display = is_open

    def toggle(self) -> None:
        self.set_open(not self.is_open)


class KbMarkdown(Markdown):
    """The viewer's Markdown: Obsidian callouts as panels, highlights marked."""

    BLOCKS = {  # noqa: RUF012 (Textual declares it a plain class attribute)
        **Markdown.BLOCKS,
        "h1": KbH1,
        "h2": KbH2,
        "h3": KbH3,
        "h4": KbH4,
        "h5": KbH5,
        "h6": KbH6,
        "paragraph_open": KbParagraph,
        "blockquote_open": CalloutQuote,
        "list_item_ordered_open": KbOrderedListItem,
        "list_item_unordered_open": KbUnorderedListItem,
        "th_open": KbTH,
        "td_open": KbTD,
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id, parser_factory=parser_factory, open_links=False)

    def foldable_callouts(self) -> list[CalloutQuote]:
        return [quote for quote in self.query(CalloutQuote) if quote.foldable]

    def toggle_callouts(self) -> bool | None:
        """Unfold every foldable callout when one is folded, else fold them all; the new
        state (True: open), or None when the section has none."""
        callouts = self.foldable_callouts()
        if not callouts:
            return None
        opening = any(not quote.is_open for quote in callouts)
        for quote in callouts:
            quote.set_open(opening)
        return opening


def unfold_around(widget: Any) -> None:
    """Open the folded callouts that hold ``widget`` (a search match inside one)."""
    for ancestor in widget.ancestors:
        if isinstance(ancestor, CalloutQuote):
            ancestor.set_open(True)
