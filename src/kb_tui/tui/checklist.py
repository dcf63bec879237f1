"""The checklist pane: the items under the selected node, grouped, with a progress bar."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from kb_tui.core.model import Document, Group, Item, Section, iter_items, section_items
from kb_tui.core.model.layout import document_content, tree_order
from kb_tui.core.model.progress import summarize
from kb_tui.core.status.tallies import Tallies
from kb_tui.tui.checklist_list import ChecklistList
from kb_tui.tui.fence_banner import FenceBanner
from kb_tui.tui.labels import OVERDUE_STYLE, STATUS_STYLES, container_label, item_label
from kb_tui.tui.preview import clip_lines, item_detail
from kb_tui.tui.refs import NodeRef, ref_overdue, ref_summary

MAX_ROWS = 3_000
LIST_DELAY = 0.05  # after the first frame is on the terminal
# Textual's OptionList measures every option it is given before it draws, about 0.15 ms
# each: a section of 3,000 rows would hold its frame for half a second. The rows a screen
# can show go in at once, the rest a chunk per frame.
FIRST_ROWS = 20  # rows beyond what the pane shows (its height is added)
ROWS_PER_FRAME = 150


Row = tuple[int, Document | Group | Item | Section, Document | None]


def _content(doc: Document, depth: int) -> list[Row]:
    """A document's loose items, then its sections, as rows to pop (last first)."""
    loose, sections, _ = document_content(doc)
    rows: list[Row] = [(depth, sub, doc) for sub in reversed(sections)]
    return rows + [(depth, child, doc) for child in reversed(loose)]


def _rows(ref: NodeRef) -> Iterator[Row]:
    """(depth, node, its document) rows for the items under ``ref``, headers for groups and
    sub-sections, and for a folder each of its notes (a header) with the items under it: the
    checklist of a folder is its notes' checklists, as its count says."""
    stack: list[Row] = []
    doc = ref.document
    if ref.kind == "item" and ref.item is not None:
        stack = [(0, ref.item, doc)]
    elif ref.kind == "group" and ref.group is not None:
        stack = [(0, child, doc) for child in reversed(ref.group.children)]
    elif ref.kind == "section" and ref.section is not None:
        section = ref.section
        stack = [(0, sub, doc) for sub in reversed(section.sections)]
        stack += [(0, child, doc) for child in reversed(section.children)]
    elif ref.kind == "document" and doc is not None:
        stack = _content(doc, 0)
    elif ref.kind == "folder":
        stack = [(0, note, note) for note in reversed(tree_order(ref.documents))]
    while stack:
        depth, node, owner = stack.pop()
        yield depth, node, owner
        if isinstance(node, Document):
            stack.extend(_content(node, depth + 1))
        elif isinstance(node, Group):
            stack.extend((depth + 1, child, owner) for child in reversed(node.children))
        elif isinstance(node, Section):
            stack.extend((depth + 1, sub, owner) for sub in reversed(node.sections))
            stack.extend((depth + 1, child, owner) for child in reversed(node.children))


class ChecklistHeader(Static):
    """The selection's title and counts, and under them a bar as wide as the pane.

    One widget for both lines: the first frame has one widget less to build and style.
    """

    fraction: reactive[float] = reactive(0.0)
    percent: reactive[str] = reactive("—")  # Summary.percent_text: the figure every view shows
    title: reactive[Text] = reactive(Text("Checklist"), always_update=True)

    def render(self) -> Text:
        width = max(4, self.size.width - 6)
        filled = round(self.fraction * width)
        text = self.title.copy()
        text.append("\n")
        text.append("━" * filled, style=STATUS_STYLES["done"])
        text.append("━" * (width - filled), style="dim")
        text.append(f" {self.percent:>4}", style="bold")
        return text


class ItemDetail(Widget):
    """Under the list: the highlighted item's owner and note, at most two lines (cut with
    ``…``); hidden when it has neither, so an empty strip never takes a row."""

    DEFAULT_CSS = """
    ItemDetail {
        padding: 0 1;
        background: $boost;
    }
    """
    MAX_LINES = 2

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.detail: Text | None = None
        self.display = False

    def show_item(self, item: Item | None) -> None:
        detail = item_detail(item) if item is not None else None

        def plain(text: Text | None) -> str | None:
            return None if text is None else text.plain

        if plain(detail) == plain(self.detail):
            return
        self.detail = detail
        self.display = detail is not None
        self.refresh(layout=True)

    def render(self) -> Text:
        if self.detail is None:
            return Text()
        return clip_lines(self.detail, self.size.width, self.MAX_LINES)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if self.detail is None:
            return 0
        return len(clip_lines(self.detail, width, self.MAX_LINES).plain.split("\n"))


class ChecklistPane(Vertical):
    """Title, progress bar, the grouped list of items and the highlighted item's note."""

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
        self._rest: Iterator[Option] | None = None  # rows still to add, a chunk per frame
        self._fill_round = 0  # a new show() stops the filling of the one before
        self._soon = 0  # a new show_soon() or show() drops a pending show_soon()
        self._pending: tuple[NodeRef, str | None] | None = None  # what show_soon() will show
        self.tallies = Tallies()  # the app's, set when a vault is loaded
        self.detail = ItemDetail(id="checklist-detail")

    async def _mount_list(self) -> None:
        await self.mount(ChecklistList(id="checklist-list", fill=self.fill_now), before=self.detail)
        if self._pending is not None:  # a selection made meanwhile, waiting for its frame
            self.show(*self._pending)
        elif self.ref is not None:
            self.show(self.ref, focus_item=self._pending_focus)

    def compose(self) -> ComposeResult:
        yield ChecklistHeader(id="checklist-title")
        yield FenceBanner(id="checklist-banner")
        yield self.detail

    @property
    def option_list(self) -> ChecklistList:
        """The list (mounted right after the first frame, see :meth:`show`)."""
        return self.query_one(ChecklistList)

    @property
    def ready(self) -> bool:
        return bool(self.query("#checklist-list"))

    def show_soon(self, ref: NodeRef, focus_item: str | None = None) -> None:
        """:meth:`show` once the frame being drawn is out: the viewer's section reaches the
        screen first (listing a checklist and drawing it is a fifth of a selection's frame)."""
        self._soon += 1
        self._pending = (ref, focus_item)
        self.call_after_refresh(self._show_soon, self._soon)

    def _show_soon(self, soon: int) -> None:
        if soon == self._soon and self._pending is not None:
            self.show(*self._pending)

    def show(self, ref: NodeRef, focus_item: str | None = None) -> None:
        """Fill the list with the items under ``ref``.

        The first time, only the header is drawn: the list widget is created once the first
        frame is out (it is not needed to see the tree and the section), then filled.
        """
        self.ref = ref
        self._soon += 1
        self._pending = None
        self.query_one(FenceBanner).show_for(ref.document)
        if not self.ready:
            self._refresh_header()
            self._pending_focus = focus_item
            if not self._mount_scheduled:
                self._mount_scheduled = True
                self.call_after_refresh(self.set_timer, LIST_DELAY, self._mount_list)
            return
        self.items = {}
        rows = self._options(ref)
        # The rows up to the cursor's item (the focused one, else the first) and a
        # screenful more go in now; the rest is built and added a chunk per frame.
        wanted = focus_item
        if wanted is None and ref.kind == "item" and ref.item is not None:
            wanted = ref.item.id
        options: list[Option] = []
        target: int | None = None
        head = FIRST_ROWS + self.size.height
        for option in rows:
            options.append(option)
            if (
                target is None
                and option.id is not None
                and (option.id == wanted or (wanted is None and option.id in self.items))
            ):
                target = len(options) - 1
            if target is not None and len(options) >= target + head:
                break
        else:
            rows = iter(())  # all built
        if target is None and self.items:  # the wanted item is not listed here
            target = next(i for i, option in enumerate(options) if option.id in self.items)
        option_list = self.option_list
        option_list.clear_options()
        option_list.add_options(options)
        self._rest = rows
        self._fill_round += 1
        self._add_rest(self._fill_round, now=False)
        self._refresh_header()
        if target is not None:
            option_list.highlighted = target
        self.detail.show_item(self.current)

    def _options(self, ref: NodeRef) -> Iterator[Option]:
        """The rows under ``ref``, built as they are asked for; ``self.items`` grows with them."""
        for listed, (depth, node, owner) in enumerate(_rows(ref)):
            if listed >= MAX_ROWS:
                yield Option(Text(f"… more than {MAX_ROWS} rows", style="dim"), disabled=True)
                return
            label = Text("  " * depth, no_wrap=True, overflow="ellipsis")
            if isinstance(node, Item):
                self.items[node.id] = node
                label.append_text(item_label(node, with_meta=True))
                yield Option(label, id=node.id)
            elif isinstance(node, Document):  # a folder's note
                summary = self.tallies.document(node)
                label.append_text(container_label(node.title, summary, "📄", bar=False))
                yield Option(label, disabled=True)
            else:
                icon = "§" if isinstance(node, Section) else "▸"
                summary = (
                    self.tallies.node(owner, node)
                    if owner is not None
                    else summarize(node_items(node))
                )
                label.append_text(container_label(node.title, summary, icon, bar=False))
                yield Option(label, disabled=True)
        if not self.items:
            yield Option(Text("No checklist items here.", style="dim italic"), disabled=True)

    def _add_rest(self, fill_round: int, now: bool = True) -> None:
        """The next chunk of rows (after this frame unless ``now``), unless another node
        was shown meanwhile."""
        if fill_round != self._fill_round or self._rest is None or not self.ready:
            return
        if not now:
            self.call_after_refresh(self._add_rest, fill_round)
            return
        chunk = list(islice(self._rest, ROWS_PER_FRAME))
        if chunk:
            self.option_list.add_options(chunk)
        if len(chunk) < ROWS_PER_FRAME:
            self._rest = None
        else:
            self.call_after_refresh(self._add_rest, fill_round)

    def fill_now(self) -> None:
        """Add every row still to come (``G`` goes to the very last one)."""
        if self._rest is not None and self.ready:
            self.option_list.add_options(list(self._rest))
            self._rest = None
            self._fill_round += 1

    @property
    def filling(self) -> bool:
        """True while rows are still being added (a long checklist fills over a few frames)."""
        return self._rest is not None

    def refresh_items(self) -> None:
        """Redraw after statuses changed, keeping the cursor on the same item."""
        if self._pending is not None:
            return  # the list about to be shown will carry the new statuses
        if self.ref is not None and not self.ready:
            self._refresh_header()
        elif self.ref is not None:
            current = self.current
            self.show(self.ref, focus_item=current.id if current else None)

    def _refresh_header(self) -> None:
        if self.ref is None:
            return
        summary = ref_summary(self.ref, self.tallies)
        title = Text()
        title.append(self.ref.title or "(untitled)", style="bold")
        title.append(f"  {summary.done}/{summary.applicable} done", style="dim")
        if summary.applicable:
            title.append(f" · {summary.percent_text}", style="dim")
        if summary.blocked:
            title.append(f" · {summary.blocked} blocked", style="bold #e5534b")
        if overdue := ref_overdue(self.ref, self.tallies):
            title.append(f" · {overdue} overdue", style=OVERDUE_STYLE)
        header = self.query_one(ChecklistHeader)
        header.title = title
        header.fraction = summary.fraction
        header.percent = summary.percent_text

    @property
    def current(self) -> Item | None:
        if not self.ready:
            return None
        option = self.option_list.highlighted_option
        return self.items.get(option.id) if option is not None and option.id else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        item = self.items.get(event.option.id) if event.option.id else None
        self.detail.show_item(item)
        if item is not None:
            self.post_message(self.ItemHighlighted(item))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and event.option.id in self.items:
            self.post_message(self.EditRequested(self.items[event.option.id]))


def node_items(node: Group | Section) -> Iterator[Item]:
    if isinstance(node, Group):
        return iter_items(node.children)
    return section_items(node)
