"""The checklist pane: the items under the selected node, grouped, with a progress bar."""

from __future__ import annotations

import math
from collections.abc import Iterator

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.model import Group, Item, Section, iter_items, section_items
from kb_tui.core.progress import summarize
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.labels import STATUS_STYLES, container_label, item_label
from kb_tui.tui.refs import NodeRef, doc_content

MAX_ROWS = 3_000
LIST_DELAY = 0.05  # after the first frame is on the terminal


def _rows(ref: NodeRef) -> Iterator[tuple[int, Group | Item | Section]]:
    """(depth, node) rows for the items under ``ref``, headers for groups and sub-sections."""
    stack: list[tuple[int, Group | Item | Section]] = []
    if ref.kind == "item" and ref.item is not None:
        stack = [(0, ref.item)]
    elif ref.kind == "group" and ref.group is not None:
        stack = [(0, child) for child in reversed(ref.group.children)]
    elif ref.kind == "section" and ref.section is not None:
        section = ref.section
        stack = [(0, sub) for sub in reversed(section.sections)]
        stack += [(0, child) for child in reversed(section.children)]
    elif ref.kind == "document" and ref.document is not None:
        loose, sections, _ = doc_content(ref.document)
        stack = [(0, sub) for sub in reversed(sections)]
        stack += [(0, child) for child in reversed(loose)]
    while stack:
        depth, node = stack.pop()
        yield depth, node
        if isinstance(node, Group):
            stack.extend((depth + 1, child) for child in reversed(node.children))
        elif isinstance(node, Section):
            stack.extend((depth + 1, sub) for sub in reversed(node.sections))
            stack.extend((depth + 1, child) for child in reversed(node.children))


class ChecklistHeader(Static):
    """The selection's title and counts, and under them a bar as wide as the pane.

    One widget for both lines: the first frame has one widget less to build and style.
    """

    fraction: reactive[float] = reactive(0.0)
    title: reactive[Text] = reactive(Text("Checklist"), always_update=True)

    def render(self) -> Text:
        width = max(4, self.size.width - 6)
        filled = round(self.fraction * width)
        text = self.title.copy()
        text.append("\n")
        text.append("━" * filled, style=STATUS_STYLES["done"])
        text.append("━" * (width - filled), style="dim")
        text.append(f" {math.floor(self.fraction * 100):>3}%", style="bold")
        return text


class ChecklistPane(Vertical):
    """Title, progress bar and the grouped list of items."""

    class ItemHighlighted(Message):
        """The checklist cursor moved onto an item."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    class EditRequested(Message):
        """``enter`` on an item: edit its note and owner."""

        def __init__(self, item: Item) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ref: NodeRef | None = None
        self.items: dict[str, Item] = {}
        self._mount_scheduled = False
        self._pending_focus: str | None = None

    async def _mount_list(self) -> None:
        await self.mount(ChecklistList(id="checklist-list"))
        if self.ref is not None:
            self.show(self.ref, focus_item=self._pending_focus)

    def compose(self) -> ComposeResult:
        yield ChecklistHeader(id="checklist-title")

    @property
    def option_list(self) -> ChecklistList:
        """The list (mounted right after the first frame, see :meth:`show`)."""
        return self.query_one(ChecklistList)

    @property
    def ready(self) -> bool:
        return bool(self.query("#checklist-list"))

    def show(self, ref: NodeRef, focus_item: str | None = None) -> None:
        """Fill the list with the items under ``ref``.

        The first time, only the header is drawn: the list widget is created once the first
        frame is out (it is not needed to see the tree and the section), then filled.
        """
        self.ref = ref
        if not self.ready:
            self._refresh_header()
            self._pending_focus = focus_item
            if not self._mount_scheduled:
                self._mount_scheduled = True
                self.call_after_refresh(self.set_timer, LIST_DELAY, self._mount_list)
            return
        self.items = {}
        options: list[Option] = []
        for depth, node in _rows(ref):
            if len(options) >= MAX_ROWS:
                options.append(
                    Option(Text(f"… more than {MAX_ROWS} rows", style="dim"), disabled=True)
                )
                break
            pad = "  " * depth
            label = Text(pad, no_wrap=True, overflow="ellipsis")
            if isinstance(node, Item):
                self.items[node.id] = node
                label.append_text(item_label(node, with_meta=True))
                options.append(Option(label, id=node.id))
            else:
                title = node.title
                icon = "§" if isinstance(node, Section) else "▸"
                items = node_items(node)
                label.append_text(container_label(title, items, icon, bar=False))
                options.append(Option(label, disabled=True))
        option_list = self.option_list
        option_list.clear_options()
        option_list.add_options(options)
        if not self.items:
            option_list.add_option(
                Option(Text("No checklist items here.", style="dim italic"), disabled=True)
            )
        self._refresh_header()
        target = focus_item if focus_item in self.items else None
        if target is None and ref.kind == "item" and ref.item is not None:
            target = ref.item.id
        if target is not None:
            option_list.highlighted = option_list.get_option_index(target)
        elif self.items:
            option_list.highlighted = option_list.get_option_index(next(iter(self.items)))

    def refresh_items(self) -> None:
        """Redraw after statuses changed, keeping the cursor on the same item."""
        if self.ref is not None and not self.ready:
            self._refresh_header()
        elif self.ref is not None:
            current = self.current
            self.show(self.ref, focus_item=current.id if current else None)

    def _refresh_header(self) -> None:
        if self.ref is None:
            return
        summary = summarize(self.ref.items())
        title = Text()
        title.append(self.ref.title or "(untitled)", style="bold")
        pct = summary.percent_done
        title.append(f"  {summary.done}/{summary.applicable} done", style="dim")
        if pct is not None:
            title.append(f" · {pct:.0f}%", style="dim")
        if summary.blocked:
            title.append(f" · {summary.blocked} blocked", style="bold #e5534b")
        header = self.query_one(ChecklistHeader)
        header.title = title
        header.fraction = summary.done / summary.applicable if summary.applicable > 0 else 0.0

    @property
    def current(self) -> Item | None:
        if not self.ready:
            return None
        option = self.option_list.highlighted_option
        return self.items.get(option.id) if option is not None and option.id else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id and event.option.id in self.items:
            self.post_message(self.ItemHighlighted(self.items[event.option.id]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id in self.items:
            self.post_message(self.EditRequested(self.items[event.option.id]))


def node_items(node: Group | Section) -> Iterator[Item]:
    if isinstance(node, Group):
        return iter_items(node.children)
    return section_items(node)
